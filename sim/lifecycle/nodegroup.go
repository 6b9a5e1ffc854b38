package lifecycle

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/coldwire/coldwire/sim/cgroup"
)

// freezeTimeout bounds the wait for the kernel to freeze a container's
// process: Node's threads all freeze in about half a millisecond.
const freezeTimeout = 2 * time.Second

// nodeGroup makes the cgroup of container id's process, under the
// function's, with the function's CPU limit where the cgroups can apply
// it; nil without cgroups. freezes says whether the group can freeze.
func nodeGroup(fn *Function, id int) (g *cgroup.Group, freezes bool, err error) {
	if fn.Cgroups == nil {
		return nil, false, nil
	}
	var limit cgroup.CPULimit
	if fn.Cgroups.CPULimiting() != "" {
		limit = fn.cpuLimit()
	}
	g, err = fn.Cgroups.NewGroup("container-"+strconv.Itoa(id), limit)
	if err != nil {
		return nil, false, err
	}
	return g, fn.Cgroups.Freezing() != "", nil
}

// cpuLimit is the function's CPU share as a CFS quota; a share of 0 is a
// full core.
func (f Function) cpuLimit() cgroup.CPULimit {
	l := cgroup.CPULimit{Share: f.CPUShare, Period: f.CPUPeriod}
	if l.Share == 0 {
		l.Share = 1
	}
	if l.Period == 0 {
		l.Period = cgroup.DefaultPeriod
	}
	return l
}

// start starts the process, in its group if it has one.
func (n *nodeFunction) start() error {
	if n.group == nil {
		return n.cmd.Start()
	}
	return n.group.Start(n.cmd)
}

// removeGroup removes the process's group once the process has exited;
// whatever the process left running there is killed first.
func (n *nodeFunction) removeGroup() {
	if n.group != nil {
		n.group.Remove()
	}
}

// freezeGroup freezes the process's group and waits for the kernel to say
// it is frozen in the background, off the invocation's path: on a platform
// the caller has its answer before the function is frozen, and the wait
// (some 0.6 ms with the v1 freezer, 0.2 ms with v2) is this machine's, not
// the modelled system's. A group that is not frozen within freezeTimeout
// (a task stuck in the kernel) is thawed and the process stopped with
// SIGSTOP instead, so that it never runs between invocations.
func (n *nodeFunction) freezeGroup() {
	ctx, cancel := context.WithTimeout(context.Background(), freezeTimeout)
	done := make(chan struct{})
	n.freezing, n.cancelFreeze = done, cancel
	go func() {
		defer close(done)
		if err := n.group.Freeze(ctx); err != nil && !errors.Is(err, context.Canceled) {
			n.group.Thaw()
			stopProcess(n.cmd.Process)
			n.stopped = true
		}
	}()
}

// awaitFreeze ends the wait for a freeze, if one runs, before a thaw or a
// kill: a thaw that came first leaves the group freezing no further.
func (n *nodeFunction) awaitFreeze() {
	if n.freezing == nil {
		return
	}
	n.cancelFreeze()
	<-n.freezing
	n.freezing, n.cancelFreeze = nil, nil
}
