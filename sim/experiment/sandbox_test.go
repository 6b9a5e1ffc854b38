package experiment

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/cgroup"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// requireCgroups skips a test, saying why, unless this run may freeze and
// CPU-limit node processes with control groups here: root, with a
// hierarchy for each.
func requireCgroups(t *testing.T) {
	t.Helper()
	requireNode(t)
	if os.Geteuid() != 0 {
		t.Skip("not root: the run may not create control groups (TestNodeRuntimeFrozenBetweenCalls runs without them)")
	}
	p, err := cgroup.New(cgroup.SystemRoots(), fmt.Sprintf("coldwire-probe-%d", os.Getpid()))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.FreezeErr != nil || p.CPUErr != nil {
		t.Skipf("the run could not freeze (%v) or limit CPU (%v) with control groups here", p.FreezeErr, p.CPUErr)
	}
}

// cgroupDirs lists the groups this process's runs have under the system's
// hierarchies: a run's own group goes only once its containers' have.
func cgroupDirs(t *testing.T) []string {
	t.Helper()
	roots := cgroup.SystemRoots()
	var dirs []string
	for _, root := range []string{roots.Freezer, roots.CPU, roots.Unified} {
		if root == "" {
			continue
		}
		m, err := filepath.Glob(filepath.Join(root, fmt.Sprintf("coldwire-%d-*", os.Getpid())))
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	return dirs
}

// frozenGroups reads the freezer state of every container group of this
// process's runs, by the group's directory, with the pids it holds.
func frozenGroups(t *testing.T) map[string]string {
	t.Helper()
	roots := cgroup.SystemRoots()
	states := make(map[string]string)
	read := func(pattern string, frozen func(string) bool) {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			procs, err := os.ReadFile(filepath.Join(filepath.Dir(f), "cgroup.procs"))
			if err != nil {
				t.Fatal(err)
			}
			states[filepath.Dir(f)] = fmt.Sprintf("frozen=%v procs=%v", frozen(string(b)), strings.Fields(string(procs)))
		}
	}
	group := fmt.Sprintf("coldwire-%d-*", os.Getpid())
	if roots.Freezer != "" {
		read(filepath.Join(roots.Freezer, group, "container-*", "freezer.state"),
			func(s string) bool { return strings.TrimSpace(s) == "FROZEN" })
	}
	if roots.Unified != "" {
		read(filepath.Join(roots.Unified, group, "container-*", "cgroup.events"),
			func(s string) bool { return strings.Contains(s, "frozen 1\n") })
	}
	return states
}

// sockets counts this process's open sockets.
func sockets(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, "socket:") {
			n++
		}
	}
	return n
}

// socketsAfter counts this process's open sockets once they are back to
// want, or after a second: a client closes its side of a connection the
// server closed when its read loop sees the FIN, a moment after the run.
func socketsAfter(t *testing.T, want int) int {
	t.Helper()
	n := sockets(t)
	for deadline := time.Now().Add(time.Second); n != want && time.Now().Before(deadline); n = sockets(t) {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}

// leftovers is what a run of node containers could leave behind, counted
// before it: this process's children, control groups and sockets.
type leftovers struct {
	children int
	groups   []string
	sockets  int
}

func countLeftovers(t *testing.T) leftovers {
	t.Helper()
	return leftovers{children: children(t), groups: cgroupDirs(t), sockets: sockets(t)}
}

// requireNoneLeft fails t for each process, group or socket that the run
// (named in the messages) left beyond those counted before it.
func (l leftovers) requireNoneLeft(t *testing.T, run string) {
	t.Helper()
	if after := children(t); after != l.children {
		t.Errorf("%d child processes after %s, want %d as before", after, run, l.children)
	}
	if after := cgroupDirs(t); !slices.Equal(after, l.groups) {
		t.Errorf("control groups after %s %v, want %v as before", run, after, l.groups)
	}
	if after := socketsAfter(t, l.sockets); after != l.sockets {
		t.Errorf("%d sockets open after %s, %d before", after, run, l.sockets)
	}
}

// TestNodeRuntimeCgroupFrozenBetweenCalls looks at the container's process
// in the gaps between calls: it is in its own group, which the kernel says
// is frozen; its kept-alive connection still serves the next call; the run
// says it froze with the cgroup; and no process or group is left after.
func TestNodeRuntimeCgroupFrozenBetweenCalls(t *testing.T) {
	requireCgroups(t)
	s := parse(t, `
scenarios:
  - name: node
    function:
      runtime: node
      handler: ../../examples/node/article-handler.mjs
      agent: {keep_alive: true}
    load: {pattern: bursts, burst: {size: 1, gap: 300ms, count: 3}}
`)
	left := countLeftovers(t)
	before := left.children
	var gaps []string
	o, err := Run(context.Background(), s, WithRecords(func(r report.Row) {
		if r.Failed() {
			t.Errorf("call %d failed: %s", r.Seq, r.Error)
		}
		// The load sends the next call 300 ms after this one ended. The
		// platform freezes the container after it answered, and the
		// kernel takes a millisecond or so: the test gives it 200.
		groups, pids := frozenGroups(t), childPIDs(t)
		for deadline := time.Now().Add(200 * time.Millisecond); time.Now().Before(deadline); {
			if len(groups) == 1 && strings.HasPrefix(slices.Collect(maps.Values(groups))[0], "frozen=true") {
				break
			}
			time.Sleep(time.Millisecond)
			groups, pids = frozenGroups(t), childPIDs(t)
		}
		if len(groups) != 1 || len(pids) != before+1 {
			t.Errorf("after call %d: groups %v, child processes %v; want the container's one of each", r.Seq, groups, pids)
		}
		for _, state := range groups {
			gaps = append(gaps, state)
			for _, pid := range pids {
				if want := fmt.Sprintf("frozen=true procs=[%s]", pid); state != want {
					t.Errorf("after call %d: container group %s, want %s: the container's process, frozen", r.Seq, state, want)
				}
			}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 3 {
		t.Errorf("%d gaps looked at, want 3", len(gaps))
	}
	if o.Sandbox == nil || !strings.HasPrefix(o.Sandbox.Freeze, "cgroup ") || o.Sandbox.FreezeNotCgroup != "" {
		t.Errorf("sandbox %+v, want a freeze by a cgroup", o.Sandbox)
	}
	if o.Counts.ConnectionsOpened != 1 {
		t.Errorf("database accepted %d connections, want 1: the kept-alive socket survives the freezes", o.Counts.ConnectionsOpened)
	}
	left.requireNoneLeft(t, "the run")
}

// TestNodeRuntimeCPUShare runs the same cold starts at a quarter of a core
// and at a full one, in one test: every call starts a new container (the
// idle one is reclaimed in the gap), whose first call, the process's start
// included, is slower under the quota. Node spends some 50 ms of CPU
// starting. A 10 ms period spreads the throttling evenly over it, where at
// the default 100 ms the phase of the period decides how much of it falls
// in the first, unthrottled 25 ms. The fastest of three cold calls is
// compared, as a busy machine only ever adds to either side; a quarter of
// a core must make it at least 25% slower, where it made it twice as slow
// on the 2-core development VM.
func TestNodeRuntimeCPUShare(t *testing.T) {
	requireCgroups(t)
	f, err := scenario.Parse("test.yaml", []byte(`
defaults:
  network: {rtt: 2ms}
  platform: {idle_timeout: 1ms, cpu_period: 10ms}
  function:
    runtime: node
    handler: ../../examples/node/article-handler.mjs
    agent: {keep_alive: true}
  load: {pattern: bursts, burst: {size: 1, gap: 100ms, count: 3}}
scenarios:
  - name: quarter
    platform: {cpu: 0.25}
  - name: full
    platform: {cpu: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	left := countLeftovers(t)
	fastest := make(map[string]float64)
	for _, s := range f.Scenarios {
		fastest[s.Name] = 1e9
		o, err := Run(context.Background(), s, WithRecords(func(r report.Row) {
			if r.Failed() || !r.Cold {
				t.Errorf("%s call %d: error %q, cold %v; want a successful cold call", s.Name, r.Seq, r.Error, r.Cold)
			}
			t.Logf("%s call %d: total %.1f ms, init %.1f ms, redis %.1f ms", s.Name, r.Seq, r.TotalMs, r.InitMs, r.RedisMs)
			fastest[s.Name] = min(fastest[s.Name], r.TotalMs)
		}))
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%g core (%v per 10ms) by cgroup ", s.Platform.CPU, cgroup.CPULimit{Share: s.Platform.CPU, Period: s.Platform.CPUPeriod}.Quota())
		if o.Sandbox == nil || !strings.HasPrefix(o.Sandbox.CPU, want) {
			t.Errorf("%s: sandbox %+v, want its CPU to start %q", s.Name, o.Sandbox, want)
		}
	}
	if q, full := fastest["quarter"], fastest["full"]; !(q > 1.25*full) {
		t.Errorf("fastest cold call %.1f ms at cpu 0.25, %.1f ms at cpu 1: want the quota to slow it by 25%% or more", q, full)
	}
	left.requireNoneLeft(t, "the runs")
}
