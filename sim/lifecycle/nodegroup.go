package lifecycle

import (
	"strconv"
	"time"

	"github.com/coldwire/coldwire/sim/cgroup"
)

// freezeTimeout bounds the wait for the kernel to freeze a container's
// process; most freeze in well under a millisecond.
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
