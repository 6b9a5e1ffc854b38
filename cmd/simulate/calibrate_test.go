package main

import (
	"encoding/csv"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// articleHandler is the article's handler, which calibrate gives the
// scenarios without one.
var articleHandler = filepath.Join("..", "..", "examples", "node", "article-handler.mjs")

// A small calibration writes its three files: a CSV record per scenario
// and runtime, a Markdown table with a line per scenario, and the chart;
// and says which settings only the go run applied.
func TestCalibrateWritesItsFiles(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but node is not on PATH")
		}
		t.Skip("node not on PATH: calibrate's node runs need it")
	}
	path := writeFile(t, "cal.yaml", `
defaults:
  network: {rtt: 1ms}
  load: {pattern: sequential, count: 3}
scenarios:
  - name: warm
    function: {agent: {keep_alive: true}}
  - name: fresh
    function: {client_init: 2ms, agent: {keep_alive: false, placement: handler}}
`)
	dir := t.TempDir()
	code, stdout, stderr := runCmd("calibrate", "-f", path, "-o", dir, "--handler", articleHandler, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if want := "simulate calibrate: note: fresh: the go run applies function.client_init: 2ms, which the node handler does not read"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	f, err := os.Open(filepath.Join(dir, "calibrate.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"warm", "go"}, {"warm", "node"}, {"fresh", "go"}, {"fresh", "node"}}
	if len(recs) != 1+len(want) {
		t.Fatalf("calibrate.csv has %d records, want a header and %d:\n%q", len(recs), len(want), recs)
	}
	for i, w := range want {
		r := recs[i+1]
		// scenario, runtime, invocations, errors, cold starts, then the
		// latencies, each measured.
		if r[0] != w[0] || r[1] != w[1] || r[2] != "3" || r[3] != "0" || r[4] != "1" {
			t.Errorf("record %d is %q, want %s with runtime %s, 3 invocations, no error, 1 cold start", i+1, r, w[0], w[1])
		}
		for j := 5; j < 9; j++ {
			if r[j] == "" {
				t.Errorf("record %d: %s is empty", i+1, recs[0][j])
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "calibrate.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"| warm | ", "| fresh | "} {
		if !strings.Contains(string(md), name) || !strings.Contains(stdout, name) {
			t.Errorf("calibrate.md and stdout should hold a line starting %q:\n%s", name, md)
		}
	}
	p, err := os.Open(filepath.Join(dir, "calibrate.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := png.Decode(p); err != nil {
		t.Errorf("calibrate.png: %v", err)
	}
}

// What the node runtime cannot run, and a file that is bad as written, are
// bad input: exit 2 with file:line, before any run.
func TestCalibrateBadInput(t *testing.T) {
	const why = "simulate calibrate runs every scenario with runtime node too"
	tests := []struct {
		name, yaml string
		args       []string
		want       string
	}{
		{
			name: "bad as written",
			yaml: "scenarios:\n  - name: a\n    network: {rtt: -1ms}\n",
			want: `cal.yaml:3: scenarios[0].network.rtt: "-1ms" is negative`,
		},
		{
			name: "no handler",
			yaml: "scenarios:\n  - name: a\n",
			want: "cal.yaml:2: scenarios[0]: " + why + ", which needs function.handler: write one, or give --handler FILE",
		},
		{
			name: "an unreadable handler",
			yaml: "scenarios:\n  - name: a\n",
			args: []string{"--handler", "no-such-handler.mjs"},
			want: "cal.yaml: --handler: cannot read the handler: no such file or directory",
		},
		{
			name: "concurrency",
			yaml: "scenarios:\n  - name: a\n    platform: {concurrency: 4}\n",
			args: []string{"--handler", articleHandler},
			want: "cal.yaml:3: scenarios[0].platform.concurrency: " + why + ", which runs one invocation per container at a time",
		},
		{
			name: "a sweep",
			yaml: "sweep: {network.rtt: [1ms, 2ms]}\nscenarios:\n  - name: a\n",
			args: []string{"--handler", articleHandler},
			want: "cal.yaml:1: sweep: simulate calibrate runs each scenario once with each runtime and does not sweep",
		},
		{
			name: "an unknown scenario",
			yaml: "scenarios:\n  - name: a\n",
			args: []string{"--handler", articleHandler, "--only", "b"},
			want: `simulate calibrate: --only: cal.yaml: no scenario named "b" (the file has a)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "cal.yaml", tt.yaml)
			dir := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(append([]string{"calibrate", "-f", path, "-o", dir}, tt.args...)...)
			if code != exitBadInput {
				t.Errorf("exit %d, want %d", code, exitBadInput)
			}
			if want := strings.Replace(tt.want, "cal.yaml", path, 1); !strings.Contains(stderr, want) {
				t.Errorf("stderr %q lacks %q", stderr, want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Error("bad input created the output directory")
			}
		})
	}
	if code, _, stderr := runCmd("calibrate"); code != exitBadInput || !strings.Contains(stderr, "-f FILE is required") {
		t.Errorf("no -f: exit %d, stderr %q; want %d and a usage", code, stderr, exitBadInput)
	}
}
