package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

// serveProcess starts `simulate serve` in a process of its own, the "real"
// database of the tests, and returns the environment it printed. The
// process is killed when the test ends.
func serveProcess(t *testing.T, args ...string) map[string]string {
	t.Helper()
	bin := binary(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-drained
		_ = cmd.Wait()
		logs.Close()
	})
	env := map[string]string{}
	lines := bufio.NewScanner(stdout)
	for len(env) < 3 && lines.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(lines.Text(), "export "), "=")
		if ok {
			env[name] = value
		}
	}
	if len(env) < 3 {
		close(drained)
		b, _ := os.ReadFile(logs.Name())
		t.Fatalf("simulate serve printed %v; its log:\n%s", env, b)
	}
	// Nothing more is printed; draining keeps the child from ever blocking.
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	return env
}

// warmP50 is the median Redis latency of a run's calls in warm containers.
func warmP50(t *testing.T, dir string) float64 {
	t.Helper()
	rows, err := readRows(filepath.Join(dir, "invocations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var ms []float64
	for _, r := range rows {
		if r.Failed() {
			t.Fatalf("%s: seq %d failed: %s", dir, r.Seq, r.Error)
		}
		if !r.Cold {
			ms = append(ms, r.RedisMs)
		}
	}
	if len(ms) == 0 {
		t.Fatalf("%s: no warm call", dir)
	}
	slices.Sort(ms)
	return report.Percentile(ms, 50)
}

// The acceptance: the same keep-alive scenario, once against
// `simulate serve --rtt 5ms` in another process over the real loopback, once
// emulated at RTT 5 ms, has warm p50s within 1 ms of each other; and
// `simulate compare` draws both on one PNG.
func TestRealTargetMatchesEmulation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server process and 400 calls")
	}
	work := t.TempDir()
	env := serveProcess(t, "--rtt", "5ms", "--ca-out", filepath.Join(work, "ca.pem"))
	fdsBefore := openFDs(t)
	t.Setenv("COLDWIRE_TEST_REAL_TOKEN", env["UPSTASH_REDIS_REST_TOKEN"])

	const function = `
    function: {agent: {keep_alive: true, placement: global}}
    load: {pattern: sequential, count: 200}
`
	measured := filepath.Join(work, "measured.yaml")
	if err := os.WriteFile(measured, []byte(`
scenarios:
  - name: warm
    upstream:
      url: `+env["UPSTASH_REDIS_REST_URL"]+`
      token_env: COLDWIRE_TEST_REAL_TOKEN
      ca_file: ca.pem`+function), 0o600); err != nil {
		t.Fatal(err)
	}
	emulated := filepath.Join(work, "emulated.yaml")
	if err := os.WriteFile(emulated, []byte(`
scenarios:
  - name: warm
    network: {rtt: 5ms}`+function), 0o600); err != nil {
		t.Fatal(err)
	}

	dirs := map[string]string{}
	for name, file := range map[string]string{"measured": measured, "emulated": emulated} {
		dirs[name] = filepath.Join(work, name)
		if code, stdout, stderr := runCmd("-f", file, "-o", dirs[name], "--quiet"); code != exitOK {
			t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", name, code, stdout, stderr)
		}
	}
	m, e := warmP50(t, dirs["measured"]), warmP50(t, dirs["emulated"])
	t.Logf("warm p50: measured %.3f ms, emulated %.3f ms", m, e)
	if d := m - e; d > 1 || d < -1 {
		t.Errorf("warm p50 measured %.3f ms, emulated %.3f ms: more than 1 ms apart", m, e)
	}

	// The real target's server-side counters are unknown, not zero.
	b, err := os.ReadFile(filepath.Join(dirs["measured"], "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct{ Scenarios []map[string]any }
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if s := sum.Scenarios[0]; s["server_counters"] != false || s["connections_opened"] != nil {
		t.Errorf("measured summary: server_counters %v, connections_opened %v; want false and null", s["server_counters"], s["connections_opened"])
	}

	png := filepath.Join(work, "compare.png")
	code, stdout, stderr := runCmd("compare", dirs["emulated"], dirs["measured"], "-o", png)
	if code != exitOK {
		t.Fatalf("compare: exit %d\n%s%s", code, stdout, stderr)
	}
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("compare wrote no PNG: %v", err)
	}

	// Connections close behind the platform; give the runtime a moment.
	deadline := time.Now().Add(5 * time.Second)
	for openFDs(t) > fdsBefore+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := openFDs(t); n > fdsBefore+2 {
		t.Errorf("%d file descriptors open after the runs, %d before", n, fdsBefore)
	}
}

// compare names its directories' problems and exits 2.
func TestCompareBadInput(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{
		{"compare"},
		{"compare", empty},
		{"compare", empty, filepath.Join(empty, "missing")},
		{"compare", empty, empty, empty},
	} {
		code, _, stderr := runCmd(args...)
		if code != exitBadInput || !strings.Contains(stderr, "simulate compare: ") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
}
