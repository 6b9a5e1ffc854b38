package cgroup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Group is the group of one process, a child of a Parent in each of the
// Parent's hierarchies.
type Group struct {
	freezer *hierarchy
	cpu     *hierarchy
	dirs    []string // each directory once, for Start and Remove
}

// NewGroup creates the child name of p, with a CPU limit unless limit's
// Share is 0 or p cannot limit CPU.
func (p *Parent) NewGroup(name string, limit CPULimit) (*Group, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	g := &Group{}
	child := func(h *hierarchy) (*hierarchy, error) {
		if h == nil {
			return nil, nil
		}
		c := &hierarchy{root: h.root, dir: filepath.Join(h.dir, name), v2: h.v2}
		if slices.Contains(g.dirs, c.dir) {
			return c, nil
		}
		if err := os.Mkdir(c.dir, 0o755); err != nil {
			return nil, fmt.Errorf("cgroup: %w", err)
		}
		g.dirs = append(g.dirs, c.dir)
		return c, nil
	}
	var err error
	if g.freezer, err = child(p.freezer); err == nil {
		g.cpu, err = child(p.cpu)
	}
	if err == nil && g.cpu != nil && limit.Share > 0 {
		err = g.limit(limit)
	}
	if err != nil {
		return nil, errors.Join(err, removeAll(g.dirs))
	}
	return g, nil
}

// CPULimit is a CFS bandwidth limit: the group's tasks together run at
// most Share x Period of CPU time in each Period, then wait for the next.
type CPULimit struct {
	// Share is the fraction of one core, in (0, 1].
	Share float64
	// Period is the CFS period, between MinPeriod and MaxPeriod.
	Period time.Duration
}

// The kernel's bounds on a CFS period and quota.
const (
	MinPeriod = time.Millisecond
	MaxPeriod = time.Second
	MinQuota  = time.Millisecond
	// DefaultPeriod is the kernel's default period.
	DefaultPeriod = 100 * time.Millisecond
)

// Quota is the CPU time the group may spend per Period, in whole
// microseconds, as the kernel counts it.
func (l CPULimit) Quota() time.Duration {
	return (time.Duration(l.Share*float64(l.Period)) / time.Microsecond) * time.Microsecond
}

// Validate reports a limit the kernel would refuse.
func (l CPULimit) Validate() error {
	switch {
	case !(l.Share > 0 && l.Share <= 1):
		return fmt.Errorf("cgroup: CPU share %v is not in (0, 1]", l.Share)
	case l.Period < MinPeriod || l.Period > MaxPeriod:
		return fmt.Errorf("cgroup: CPU period %v is not between %v and %v", l.Period, MinPeriod, MaxPeriod)
	case l.Quota() < MinQuota:
		return fmt.Errorf("cgroup: CPU quota %v (share %v of %v) is below the kernel's minimum of %v", l.Quota(), l.Share, l.Period, MinQuota)
	}
	return nil
}

func (g *Group) limit(l CPULimit) error {
	if err := l.Validate(); err != nil {
		return err
	}
	quota, period := strconv.FormatInt(l.Quota().Microseconds(), 10), strconv.FormatInt(l.Period.Microseconds(), 10)
	if g.cpu.v2 {
		return write(g.cpu.dir, "cpu.max", quota+" "+period)
	}
	// The period first: a quota is checked against the period in force.
	if err := write(g.cpu.dir, "cpu.cfs_period_us", period); err != nil {
		return err
	}
	return write(g.cpu.dir, "cpu.cfs_quota_us", quota)
}

// pollFrom and pollTo bound the wait between two reads of a freezing
// group's state: most freeze at once, a busy one in a few milliseconds.
const (
	pollFrom = 10 * time.Microsecond
	pollTo   = 5 * time.Millisecond
)

// Freeze freezes every task in the group and waits until the kernel says
// they all are, or until ctx ends. Without a freezer it does nothing.
func (g *Group) Freeze(ctx context.Context) error {
	if g.freezer == nil {
		return nil
	}
	file, value, frozen := "freezer.state", "FROZEN", isFrozenV1
	if g.freezer.v2 {
		file, value, frozen = "cgroup.freeze", "1", isFrozenV2
	}
	if err := write(g.freezer.dir, file, value); err != nil {
		return err
	}
	for wait := pollFrom; ; wait = min(wait*3/2, pollTo) {
		ok, err := g.frozen(frozen)
		if ok || err != nil {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("cgroup: %s not frozen yet: %w", g.freezer.dir, ctx.Err())
		}
	}
}

// Frozen says whether the kernel reports every task in the group frozen.
func (g *Group) Frozen() (bool, error) {
	switch {
	case g.freezer == nil:
		return false, nil
	case g.freezer.v2:
		return g.frozen(isFrozenV2)
	}
	return g.frozen(isFrozenV1)
}

func (g *Group) frozen(is func([]byte) bool) (bool, error) {
	file := "freezer.state"
	if g.freezer.v2 {
		file = "cgroup.events"
	}
	b, err := os.ReadFile(filepath.Join(g.freezer.dir, file))
	if err != nil {
		return false, fmt.Errorf("cgroup: %w", err)
	}
	return is(b), nil
}

// isFrozenV1 reads freezer.state, which says FREEZING until the last task
// is frozen.
func isFrozenV1(state []byte) bool { return string(bytes.TrimSpace(state)) == "FROZEN" }

// isFrozenV2 reads cgroup.events, whose frozen line turns 1 once every
// task is frozen.
func isFrozenV2(events []byte) bool {
	for line := range bytes.Lines(events) {
		if f := bytes.Fields(line); len(f) == 2 && string(f[0]) == "frozen" {
			return string(f[1]) == "1"
		}
	}
	return false
}

// Thaw lets the group's tasks run again.
func (g *Group) Thaw() error {
	switch {
	case g.freezer == nil:
		return nil
	case g.freezer.v2:
		return write(g.freezer.dir, "cgroup.freeze", "0")
	}
	return write(g.freezer.dir, "freezer.state", "THAWED")
}

// removeFor bounds how long Remove waits for the kernel to let go of the
// group's tasks after they were killed.
const removeFor = 2 * time.Second

// Remove kills whatever still runs in the group, such as a child the
// process left behind, and removes the group. A group's directory can only
// go once its tasks have exited, so it retries while the kernel answers
// EBUSY.
func (g *Group) Remove() error {
	deadline := time.Now().Add(removeFor)
	var errs []error
	for _, dir := range g.dirs {
		for wait := pollFrom; ; wait = min(wait*3/2, pollTo) {
			err := os.Remove(dir)
			if err == nil || os.IsNotExist(err) {
				break
			}
			if !errors.Is(err, syscall.EBUSY) || time.Now().After(deadline) {
				errs = append(errs, fmt.Errorf("cgroup: %w", err))
				break
			}
			g.kill()
			time.Sleep(wait)
		}
	}
	g.dirs = nil
	return errors.Join(errs...)
}

// kill sends SIGKILL to every task in the group, and thaws it, as a frozen
// task handles the signal only once thawed.
func (g *Group) kill() {
	for _, dir := range g.dirs {
		b, _ := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
		for f := range strings.FieldsSeq(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
				killPID(pid)
			}
		}
	}
	g.Thaw()
}

func write(dir, file, value string) error {
	if err := os.WriteFile(filepath.Join(dir, file), []byte(value), 0o644); err != nil {
		return fmt.Errorf("cgroup: %w", err)
	}
	return nil
}

// removeAll removes group directories, each once it is empty of tasks.
func removeAll(dirs []string) error {
	var errs []error
	for i := len(dirs) - 1; i >= 0; i-- {
		g := &Group{dirs: dirs[i : i+1]}
		errs = append(errs, g.Remove())
	}
	return errors.Join(errs...)
}
