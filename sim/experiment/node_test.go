package experiment

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/cgroup"
	"github.com/coldwire/coldwire/sim/report"
)

// requireNode skips a test without node on the PATH, except under CI=true,
// where node is installed and its absence is a broken setup.
func requireNode(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the test counts child processes in /proc")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but node is not on PATH")
		}
		t.Skip("node not on PATH: runtime node needs it")
	}
	return node
}

// children counts the processes whose parent is this one, zombies included:
// a container's process that was not waited for still counts.
func children(t *testing.T) int {
	t.Helper()
	return len(childStates(t))
}

// childStates returns the state of each child process, as /proc shows it:
// R running, S sleeping, T stopped, Z a zombie.
func childStates(t *testing.T) []string {
	t.Helper()
	var states []string
	for _, c := range childProcs(t) {
		states = append(states, c.state)
	}
	return states
}

// childPIDs are the pids of this process's children.
func childPIDs(t *testing.T) []string {
	t.Helper()
	var pids []string
	for _, c := range childProcs(t) {
		pids = append(pids, c.pid)
	}
	return pids
}

type childProc struct{ pid, state string }

// childProcs lists the processes whose parent is this one, from /proc.
func childProcs(t *testing.T) []childProc {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	me := strconv.Itoa(os.Getpid())
	var out []childProc
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == me {
			out = append(out, childProc{pid: filepath.Base(filepath.Dir(p)), state: f[0]})
		}
	}
	return out
}

// TestNodeRuntimeKeepAliveGlobal runs the article's handler in real Node
// processes: keep-alive with a global https.Agent, 20 sequential calls at
// RTT 2 ms. The container starts cold once, its init includes the
// process's start, the one connection survives the freezes between calls,
// and no process is left once the run is over.
func TestNodeRuntimeKeepAliveGlobal(t *testing.T) {
	node := requireNode(t)
	// What a bare Node process takes to start and exit on this machine,
	// the fastest of two: the container's start includes at least that.
	bare := time.Duration(1<<63 - 1)
	for range 2 {
		start := time.Now()
		if err := exec.Command(node, "-e", "0").Run(); err != nil {
			t.Fatal(err)
		}
		bare = min(bare, time.Since(start))
	}
	const platformInit = 50 * time.Millisecond
	s := parse(t, `
scenarios:
  - name: node
    network: {rtt: 2ms}
    platform: {init: 50ms}
    function:
      runtime: node
      handler: ../../examples/node/article-handler.mjs
      agent: {keep_alive: true, placement: global}
    load: {pattern: sequential, count: 20}
`)
	left := countLeftovers(t)
	before := left.children
	var rows []report.Row
	during := 0
	o, err := Run(context.Background(), s, WithRecords(func(r report.Row) {
		if len(rows) == 0 {
			during = children(t)
		}
		rows = append(rows, r)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20 {
		t.Fatalf("%d rows, want 20", len(rows))
	}
	for i, r := range rows {
		if r.Failed() || !(r.RedisMs > 0) {
			t.Errorf("call %d: error %q, redis %v ms; want a success timed by the handler", i, r.Error, r.RedisMs)
		}
		if r.Cold != (i == 0) {
			t.Errorf("call %d: cold = %v", i, r.Cold)
		}
	}
	if want := float64(platformInit+bare/2) / 1e6; rows[0].InitMs < want {
		t.Errorf("first call's init %.1f ms, want at least platform.init + half a bare node start (%.1f ms)", rows[0].InitMs, want)
	}
	if o.Counts.ConnectionsOpened != 1 {
		t.Errorf("database accepted %d connections, want 1: the kept-alive socket survives the freezes", o.Counts.ConnectionsOpened)
	}
	if during != before+1 {
		t.Errorf("%d child processes during the run, %d before; want the container's one more", during, before)
	}
	left.requireNoneLeft(t, "the run")
}

// TestNodeRuntimeFailures checks that a handler that cannot load fails
// every cold start with its own message (a failed start has no error kind,
// as with the in-process runtime) and leaves no process, that a handler's
// error is classified by Node's code, and that a result the platform
// refuses fails its invocation.
func TestNodeRuntimeFailures(t *testing.T) {
	requireNode(t)
	tests := []struct {
		handler, wantErr, wantKind string
	}{
		{"testdata/init-fails.mjs", "cannot load: missing configuration", ""},
		{"testdata/fails.mjs", "socket hang up (ECONNRESET)", "reset"},
		{"testdata/too-large.mjs", "Function.ResponseSizeTooLarge", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.handler, func(t *testing.T) {
			s := parse(t, `
scenarios:
  - name: node
    function: {runtime: node, handler: `+tt.handler+`}
    load: {pattern: sequential, count: 2}
`)
			left := countLeftovers(t)
			var rows []report.Row
			if _, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) })); err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				if !strings.Contains(r.Error, tt.wantErr) {
					t.Errorf("call %d: error %q, want it to contain %q", i, r.Error, tt.wantErr)
				}
				if r.ErrorKind != tt.wantKind {
					t.Errorf("call %d: error kind %q, want %q", i, r.ErrorKind, tt.wantKind)
				}
			}
			if len(rows) != 2 {
				t.Errorf("%d rows, want 2", len(rows))
			}
			left.requireNoneLeft(t, "the run")
		})
	}
}

// TestNodeRuntimeInvocationTimeout runs a handler that hangs on odd calls
// under platform.invocation_timeout: each hung call fails as Lambda's do,
// its process is killed at once, and the next call in the container is a
// cold start on a new process; no process is left at the end.
func TestNodeRuntimeInvocationTimeout(t *testing.T) {
	requireNode(t)
	s := parse(t, `
scenarios:
  - name: node
    platform: {invocation_timeout: 1s}
    function: {runtime: node, handler: testdata/hangs.mjs}
    load: {pattern: sequential, count: 4}
`)
	left := countLeftovers(t)
	var rows []report.Row
	start := time.Now()
	if _, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) })); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the run took %v: the hung calls were not cut at 1 s", took)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		hung := r.Seq%2 == 0 // the platform numbers calls from 1, the rows from 0
		if hung && (!strings.Contains(r.Error, "Task timed out after 1.00 seconds") || r.ErrorKind != "timeout") {
			t.Errorf("call %d: error %q, kind %q; want Lambda's time-out, kind timeout", r.Seq, r.Error, r.ErrorKind)
		}
		if !hung && (r.Error != "" || !r.Cold || r.Container != 1) {
			t.Errorf("call %d: error %q, cold %v, container %d; want a cold start on a new process in container 1", r.Seq, r.Error, r.Cold, r.Container)
		}
	}
	left.requireNoneLeft(t, "the run")
}

// TestNodeRuntimeInterrupted stops a run as Ctrl-C does, in the middle of
// its load: Run still reclaims the containers, and their processes go.
func TestNodeRuntimeInterrupted(t *testing.T) {
	requireNode(t)
	s := parse(t, `
scenarios:
  - name: node
    network: {rtt: 2ms}
    function:
      runtime: node
      handler: ../../examples/node/article-handler.mjs
      agent: {keep_alive: true}
    load: {pattern: concurrent, concurrency: 3, count: 1000}
`)
	left := countLeftovers(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	if _, err := Run(ctx, s, WithRecords(func(report.Row) {
		if n++; n == 10 {
			cancel()
		}
	})); err != nil {
		t.Fatal(err)
	}
	if n >= 1000 {
		t.Fatalf("%d rows: the load was not interrupted", n)
	}
	left.requireNoneLeft(t, "the interrupted run")
}

// TestNodeRuntimeFrozenBetweenCalls runs where the run may not use control
// groups (their roots point nowhere, as for a user without the rights) and
// looks at the container's process in the gaps between calls: it is
// stopped (SIGSTOP), its kept-alive connection still serves the next call,
// and the run says it froze with SIGSTOP and left the CPU unlimited, and
// why.
func TestNodeRuntimeFrozenBetweenCalls(t *testing.T) {
	requireNode(t)
	s := parse(t, `
scenarios:
  - name: node
    platform: {cpu: 0.25}
    function:
      runtime: node
      handler: ../../examples/node/article-handler.mjs
      agent: {keep_alive: true}
    load: {pattern: bursts, burst: {size: 1, gap: 300ms, count: 3}}
`)
	left := countLeftovers(t)
	before := left.children
	var gaps [][]string
	nowhere := cgroup.Roots{Freezer: "/nonexistent/freezer", CPU: "/nonexistent/cpu", Unified: "/nonexistent/unified"}
	o, err := Run(context.Background(), s, WithCgroupRoots(nowhere), WithRecords(func(r report.Row) {
		if r.Failed() {
			t.Errorf("call %d failed: %s", r.Seq, r.Error)
		}
		// The load sends the next call 300 ms after this one ended.
		gaps = append(gaps, childStates(t))
	}))
	if err != nil {
		t.Fatal(err)
	}
	for i, states := range gaps {
		if len(states) != before+1 || !slices.Contains(states, "T") {
			t.Errorf("after call %d: child processes in states %v, %d before; want the container's, stopped (T)", i, states, before)
		}
	}
	if o.Counts.ConnectionsOpened != 1 {
		t.Errorf("database accepted %d connections, want 1", o.Counts.ConnectionsOpened)
	}
	want := report.Sandbox{
		Freeze: "SIGSTOP/SIGCONT", FreezeNotCgroup: "/nonexistent/freezer does not exist; /nonexistent/unified does not exist",
		CPU: "unlimited", CPUNotLimited: "/nonexistent/cpu does not exist; /nonexistent/unified does not exist",
	}
	if o.Sandbox == nil || *o.Sandbox != want {
		t.Errorf("sandbox %+v, want %+v", o.Sandbox, want)
	}
	left.requireNoneLeft(t, "the run")
}

// TestNodeRuntimeUpstashSDK runs the official @upstash/redis client in the
// containers: over Node's fetch it reaches the database through the link
// and keeps its connection between calls.
func TestNodeRuntimeUpstashSDK(t *testing.T) {
	requireNode(t)
	if _, err := os.Stat("../../examples/node/node_modules/@upstash/redis"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but @upstash/redis is not installed: npm ci --prefix examples/node")
		}
		t.Skip("@upstash/redis not installed: npm ci --prefix examples/node")
	}
	s := parse(t, `
scenarios:
  - name: sdk
    network: {rtt: 2ms}
    function: {runtime: node, handler: ../../examples/node/upstash-handler.mjs}
    load: {pattern: sequential, count: 5}
`)
	var rows []report.Row
	o, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) }))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if r.Failed() || !(r.RedisMs > 0) {
			t.Errorf("call %d: error %q, redis %v ms; want a success timed by the handler", i, r.Error, r.RedisMs)
		}
	}
	if len(rows) != 5 || o.Counts.ConnectionsOpened != 1 {
		t.Errorf("%d rows and %d connections, want 5 and 1", len(rows), o.Counts.ConnectionsOpened)
	}
}
