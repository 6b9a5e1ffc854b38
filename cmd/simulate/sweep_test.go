package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sweepFile = `
sweep:
  network.rtt: [1ms, 2ms, 3ms]
defaults:
  load: {count: 3}
scenarios:
  - name: keepalive
    function: {agent: {keep_alive: true}}
  - name: fresh
`

// TestSweepWritesFiles runs a sweep whose axis --sweep replaces, and checks
// its files: a row per scenario and point with the point and the figures,
// and the charts.
func TestSweepWritesFiles(t *testing.T) {
	path := writeFile(t, "sweep.yaml", sweepFile)
	dir := t.TempDir()
	code, stdout, stderr := runCmd("-f", path, "-o", dir, "--quiet", "--sweep", "network.rtt=20ms,40ms")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "sweep.csv"))
	if len(rows) != 4 {
		t.Fatalf("%d rows in sweep.csv, want 2 scenarios x 2 points", len(rows))
	}
	wantPoints := []string{"20ms", "20ms", "40ms", "40ms"}
	for i, r := range rows {
		if r["network.rtt"] != wantPoints[i] || r["invocations"] != "3" || r["redis_ms.p50"] == "" || r["platform.cold_start_probability"] == "" {
			t.Errorf("row %d: %v; want point %s, 3 invocations, a Redis p50 and platform figures", i, r, wantPoints[i])
		}
	}
	for _, f := range []string{"sweep.json", "sweep-redis.png", "sweep-cold-start-probability.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(stdout, "fresh @ network.rtt=40ms") {
		t.Errorf("stdout has no line for fresh at 40ms:\n%s", stdout)
	}
}

// TestSweepBadInputExitsTwo checks that a bad sweep, in the file or on the
// command line, is refused by validate and run alike with exit code 2.
func TestSweepBadInputExitsTwo(t *testing.T) {
	tests := []struct {
		name, yaml string
		flags      []string
		want       string
	}{
		{"bad value in the file", strings.Replace(sweepFile, "3ms]", "-3ms]", 1), nil, `bad.yaml:3: sweep.network.rtt[2]: "-3ms" is negative`},
		{"bad path on the command line", sweepFile, []string{"--sweep", "network.rttt=1ms"}, `bad.yaml: --sweep: "network.rttt" is not a scenario field`},
		{"bad value on the command line", sweepFile, []string{"--sweep", "platform.max_containers=0"}, `bad.yaml: --sweep platform.max_containers[0]: must be at least 1, not 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.yaml", tt.yaml)
			for _, args := range [][]string{{"-f", path, "-o", t.TempDir()}, {"validate", "-f", path}} {
				args = append(args, tt.flags...)
				code, _, stderr := runCmd(args...)
				if code != exitBadInput || !strings.Contains(stderr, tt.want) {
					t.Errorf("%v: exit %d, stderr %q; want %d and %q", args[0], code, stderr, exitBadInput, tt.want)
				}
			}
		})
	}
}
