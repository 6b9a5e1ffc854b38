package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// Bad input is reported with the file, the line and the field, and exit
// code 2, whether the file is run or only validated.
func TestBadInputExitsTwo(t *testing.T) {
	// Set, so that only the mistake under test is reported.
	t.Setenv("COLDWIRE_TEST_SET_TOKEN", "token")
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "scenarios:\n  - name: a\n    network:\n      rtt: 1ms\n      latency: 2ms\n", `bad.yaml:5: scenarios[0].network: unknown key "latency"`},
		{"negative rtt", "scenarios:\n  - name: a\n    network:\n      rtt: -5ms\n", "bad.yaml:4: scenarios[0].network.rtt"},
		{"duration without unit", "scenarios:\n  - name: a\n    network:\n      rtt: 20\n", `bad.yaml:4: scenarios[0].network.rtt: 20 has no unit`},
		{"wrong type", "scenarios:\n  - name: a\n    load:\n      count: many\n", "bad.yaml:4: scenarios[0].load.count"},
		{"no scenarios", "seed: 3\n", "bad.yaml"},
		{"duplicate names", "scenarios:\n  - name: a\n  - name: a\n", "bad.yaml:3: scenarios[1].name"},
		{"impossible value", "scenarios:\n  - name: a\n    platform:\n      max_containers: 0\n", "bad.yaml:4: scenarios[0].platform.max_containers"},
		{"missing token variable", "scenarios:\n  - name: a\n    upstream:\n      url: https://db.example.test\n      token_env: COLDWIRE_TEST_NO_SUCH_TOKEN\n",
			"bad.yaml:5: scenarios[0].upstream.token_env: environment variable COLDWIRE_TEST_NO_SUCH_TOKEN is not set or empty"},
		{"url with network settings", "scenarios:\n  - name: a\n    network: {rtt: 5ms}\n    upstream: {url: https://db.example.test, token_env: COLDWIRE_TEST_SET_TOKEN}\n",
			"bad.yaml:3: scenarios[0].network.rtt: does not apply with upstream.url"},
		{"url with server_time", "scenarios:\n  - name: a\n    upstream: {url: https://db.example.test, token_env: COLDWIRE_TEST_SET_TOKEN, server_time: 1ms}\n",
			"bad.yaml:3: scenarios[0].upstream.server_time: does not apply with upstream.url"},
		{"url not https", "scenarios:\n  - name: a\n    upstream: {url: http://db.example.test, token_env: COLDWIRE_TEST_SET_TOKEN}\n",
			"bad.yaml:3: scenarios[0].upstream.url: is \"http://db.example.test\", want an https URL"},
		{"unreadable ca_file", "scenarios:\n  - name: a\n    upstream: {url: https://db.example.test, token_env: COLDWIRE_TEST_SET_TOKEN, ca_file: missing.pem}\n",
			"bad.yaml:3: scenarios[0].upstream.ca_file: cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.yaml", tt.yaml)
			for _, args := range [][]string{{"-f", path, "-o", t.TempDir()}, {"validate", "-f", path}} {
				code, _, stderr := runCmd(args...)
				if code != exitBadInput || !strings.Contains(stderr, tt.want) {
					t.Errorf("%v: exit %d, stderr %q; want %d and %q", args[0], code, stderr, exitBadInput, tt.want)
				}
			}
		})
	}
}

func TestBadFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"--nope"},
		{"-f", "../../scenarios.yaml", "--only", "no-such-scenario"},
		{"-f", "/no/such/file.yaml"},
		{"-f", "../../scenarios.yaml", "stray"},
		{"validate", "--nope"},
	} {
		if code, _, stderr := runCmd(args...); code != exitBadInput {
			t.Errorf("%v: exit %d (%s), want %d", args, code, stderr, exitBadInput)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"validate", "--help"}, {"serve", "--help"}, {"version", "--help"}} {
		if code, _, stderr := runCmd(args...); code != exitOK || !strings.Contains(strings.ToLower(stderr), "usage") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, stdout, _ := runCmd("version"); code != exitOK || !strings.HasPrefix(stdout, "coldwire simulate ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

func TestValidateAcceptsExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		if code, _, stderr := runCmd("validate", "-f", f); code != exitOK {
			t.Errorf("%s: exit %d: %s", f, code, stderr)
		}
	}
}

func TestValidateAcceptsShippedFile(t *testing.T) {
	code, stdout, stderr := runCmd("validate", "-f", "../../scenarios.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"keepalive-global", "keepalive-handler", "no-keepalive-global", "no-keepalive-handler"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("validate does not list %s:\n%s", name, stdout)
		}
	}
}

// A small run of the article's four scenarios writes every output, and only
// keep-alive with a global agent keeps its connection.
const smallRun = `
defaults:
  network: {rtt: 2ms, dns: 1ms}
  upstream: {server_time: 200us}
  load: {pattern: sequential, count: 20}
scenarios:
  - name: keepalive-global
    function: {agent: {keep_alive: true, placement: global}}
  - name: keepalive-handler
    function: {agent: {keep_alive: true, placement: handler}}
  - name: no-keepalive-global
    function: {agent: {keep_alive: false, placement: global}}
  - name: no-keepalive-handler
    function: {agent: {keep_alive: false, placement: handler}}
  - name: bursts
    platform: {idle_timeout: 50ms}
    function: {agent: {keep_alive: true}}
    load: {pattern: bursts, burst: {size: 3, gap: 100ms, count: 2}}
`

type summaryFile struct {
	Scenarios []struct {
		Name              string `json:"name"`
		Invocations       int    `json:"invocations"`
		Errors            int    `json:"errors"`
		ColdStarts        int    `json:"cold_starts"`
		ConnectionsOpened int    `json:"connections_opened"`
		OpenAtEnd         int    `json:"connections_open_at_end"`
		TLSFull           int    `json:"tls_full"`
		TLSResumed        int    `json:"tls_resumed"`
		RedisMs           *struct {
			First, P50 float64
		} `json:"redis_ms"`
		Emulation struct {
			HostDroppedConns int `json:"host_dropped_conns"`
		} `json:"emulation"`
	} `json:"scenarios"`
}

func readSummary(t *testing.T, dir string) summaryFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s summaryFile
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	return s
}

func TestRunWritesEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("runs five scenarios")
	}
	fdsBefore := openFDs(t)
	dir := t.TempDir()
	code, stdout, stderr := runCmd("-f", writeFile(t, "small.yaml", smallRun), "-o", dir, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// --quiet drops the progress line; the self-check's warnings stay,
	// since a busy machine (or the race detector) can be late.
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line != "" && !strings.HasPrefix(line, "simulate: warning: ") {
			t.Errorf("--quiet run wrote to stderr: %q", line)
		}
	}
	for _, name := range []string{"keepalive-global", "no-keepalive-handler", "sequential load ran"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("stdout lacks %q:\n%s", name, stdout)
		}
	}

	wantConns := map[string]int{"keepalive-global": 1, "keepalive-handler": 20, "no-keepalive-global": 20, "no-keepalive-handler": 20}
	wantResumed := map[string]int{"keepalive-global": 0, "keepalive-handler": 0, "no-keepalive-global": 19, "no-keepalive-handler": 0}
	// A handler-placed keep-alive agent is abandoned with its socket open.
	wantOpen := map[string]int{"keepalive-global": 1, "keepalive-handler": 20, "no-keepalive-global": 0, "no-keepalive-handler": 0}
	for _, s := range readSummary(t, dir).Scenarios {
		if s.Errors != 0 {
			t.Errorf("%s: %d errors", s.Name, s.Errors)
		}
		if s.Name == "bursts" {
			if s.Invocations != 6 || s.ColdStarts < 4 {
				t.Errorf("bursts: %d invocations, %d cold starts; want 6 and at least 4 (3 to scale out, more after the idle timeout)", s.Invocations, s.ColdStarts)
			}
			continue
		}
		if s.Invocations != 20 || s.ColdStarts != 1 {
			t.Errorf("%s: %d invocations, %d cold starts; want 20 and 1", s.Name, s.Invocations, s.ColdStarts)
		}
		// A machine that starves Go's HTTP client for over 50 ms makes it
		// drop a kept-alive connection (agent.Record.HostDropped); the run
		// counts and reports each, so the expected figures account for them.
		conns, open := wantConns[s.Name], wantOpen[s.Name]
		switch drops := s.Emulation.HostDroppedConns; s.Name {
		case "keepalive-global":
			conns += drops
		case "keepalive-handler":
			open -= drops
		}
		if s.ConnectionsOpened != conns || s.TLSResumed != wantResumed[s.Name] || s.OpenAtEnd != open {
			t.Errorf("%s: %d connections, %d resumed, %d left open (%d dropped by the host); want %d, %d and %d", s.Name,
				s.ConnectionsOpened, s.TLSResumed, s.OpenAtEnd, s.Emulation.HostDroppedConns, conns, wantResumed[s.Name], open)
		}
	}
	// A cold container's resolver has an empty cache: its first call pays
	// for a lookup of 1 ms on the link, which can be late but never early.
	// The phase says so; the totals, a lookup apart, would race with a busy
	// machine's noise.
	for _, r := range readCSV(t, filepath.Join(dir, "invocations.csv")) {
		if r["scenario"] == "bursts" || r["seq"] != "0" {
			continue
		}
		if dns, err := strconv.ParseFloat(r["dns_ms"], 64); err != nil || dns < 1 {
			t.Errorf("%s: the first call's dns_ms is %s, want the 1 ms lookup of a cold resolver", r["scenario"], r["dns_ms"])
		}
	}

	for _, name := range []string{"summary.md", "invocations.csv", "latency-by-request.png", "latency-cdf.png", "phases.png", "timeline.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"latency-by-request.png", "phases.png"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 400 {
			t.Errorf("%s is %dx%d", name, b.Dx(), b.Dy())
		}
	}

	// vegeta's own decoder reads the results file.
	f, err := os.Open(filepath.Join(dir, "results-keepalive-global.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m vegeta.Metrics
	dec := vegeta.NewJSONDecoder(f)
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			break
		}
		m.Add(&r)
	}
	m.Close()
	f.Close()
	if m.Requests != 20 || m.Success != 1 || m.Latencies.Max <= 0 {
		t.Errorf("vegeta metrics: %d requests, success %v, max %v", m.Requests, m.Success, m.Latencies.Max)
	}

	if after := openFDs(t); after > fdsBefore {
		t.Errorf("%d file descriptors open after the run, %d before", after, fdsBefore)
	}
}

// openFDs counts the process's file descriptors, after making sure the
// runtime's network poller, which holds descriptors for good, is running.
func openFDs(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count file descriptors: %v", err)
	}
	return len(entries)
}

func TestStatusLine(t *testing.T) {
	tests := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 100, 0, "s  0/100"},
		{1, 1000, 200 * time.Millisecond, "s  1/1000  5/s"},
		{500, 1000, 2 * time.Second, "s  500/1000  250/s  ETA 2s"},
		{1000, 1000, 4 * time.Second, "s  1000/1000  250/s"},
	}
	for _, tt := range tests {
		if got := statusLine("s", tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("statusLine(%d, %d, %v) = %q, want %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// readCSV reads a CSV file with a header into one map per record.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range records[1:] {
		m := map[string]string{}
		for i, v := range rec {
			m[records[0][i]] = v
		}
		out = append(out, m)
	}
	return out
}
