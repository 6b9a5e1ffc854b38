package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const shardedRun = `
defaults:
  network: {rtt: 1ms}
  load: {pattern: sequential, count: 6}
scenarios:
  - name: a
    function: {agent: {keep_alive: true}}
  - name: b
    function: {agent: {keep_alive: false}}
  - name: c
    function: {agent: {keep_alive: true, placement: handler}}
`

const shardedSweep = shardedRun + `
sweep:
  network.rtt: [1ms, 2ms]
`

// keys lists the identity of a run's rows: for invocations.csv the scenario
// and seq, for sweep.csv the scenario and point, in file order.
func keys(t *testing.T, path string, cols ...string) []string {
	t.Helper()
	var out []string
	for _, r := range readCSV(t, path) {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = r[c]
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func runShards(t *testing.T, file string, n int) []string {
	t.Helper()
	var dirs []string
	for i := range n {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("shard%d", i))
		if code, _, stderr := runCmd("-f", file, "-o", dir, "--quiet", "--shard", fmt.Sprintf("%d/%d", i, n)); code != exitOK {
			t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, stderr)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// Shards merged give the rows of the unsharded run: the same invocations of
// the same scenarios, and the same connection counts, which the model
// decides.
func TestShardsMergeToTheWholeRun(t *testing.T) {
	file := writeFile(t, "s.yaml", shardedRun)
	whole := t.TempDir()
	if code, _, stderr := runCmd("-f", file, "-o", whole, "--quiet"); code != exitOK {
		t.Fatalf("unsharded: exit %d: %s", code, stderr)
	}
	merged := t.TempDir()
	code, stdout, stderr := runCmd(append([]string{"merge", "-o", merged}, runShards(t, file, 2)...)...)
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "merged 2 shards, 3 runs") {
		t.Errorf("merge said:\n%s", stdout)
	}
	want := keys(t, filepath.Join(whole, "invocations.csv"), "scenario", "seq")
	got := keys(t, filepath.Join(merged, "invocations.csv"), "scenario", "seq")
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("merged rows %v, want the unsharded run's %v", got, want)
	}
	ws, ms := readSummary(t, whole).Scenarios, readSummary(t, merged).Scenarios
	if len(ws) != len(ms) {
		t.Fatalf("%d merged summaries, want %d", len(ms), len(ws))
	}
	for i := range ws {
		w, m := ws[i], ms[i]
		if w.Name != m.Name || w.Invocations != m.Invocations || w.ConnectionsOpened != m.ConnectionsOpened || w.TLSResumed != m.TLSResumed {
			t.Errorf("summary %d: merged %+v, want %+v", i, m, w)
		}
	}
	for _, f := range []string{"summary.md", "results-a.json", "results-c.json", "latency-by-request.png"} {
		if _, err := os.Stat(filepath.Join(merged, f)); err != nil {
			t.Errorf("merged output lacks %s: %v", f, err)
		}
	}
}

func TestSweepShardsMergeInOrder(t *testing.T) {
	file := writeFile(t, "s.yaml", shardedSweep)
	whole := t.TempDir()
	if code, _, stderr := runCmd("-f", file, "-o", whole, "--quiet"); code != exitOK {
		t.Fatalf("unsharded: exit %d: %s", code, stderr)
	}
	merged := t.TempDir()
	// Four shards of six runs, none holding two consecutive runs, two of
	// them only one run.
	if code, _, stderr := runCmd(append([]string{"merge", "-o", merged}, runShards(t, file, 4)...)...); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	want := keys(t, filepath.Join(whole, "sweep.csv"), "name", "network.rtt", "invocations", "connections_opened")
	got := keys(t, filepath.Join(merged, "sweep.csv"), "name", "network.rtt", "invocations", "connections_opened")
	if !slices.Equal(got, want) {
		t.Errorf("merged sweep rows\n%v\nwant the unsharded sweep's\n%v", got, want)
	}
	if _, err := os.Stat(filepath.Join(merged, "sweep-redis.png")); err != nil {
		t.Errorf("merged sweep lacks its chart: %v", err)
	}
	// A sweep writes sweep files, not an empty invocations.csv.
	if _, err := os.Stat(filepath.Join(whole, "invocations.csv")); !os.IsNotExist(err) {
		t.Errorf("a sweep left invocations.csv behind (%v)", err)
	}
}

func TestMergeRefusesIncompleteShards(t *testing.T) {
	file := writeFile(t, "s.yaml", shardedRun)
	dirs := runShards(t, file, 2)
	other := runShards(t, writeFile(t, "o.yaml", shardedSweep), 2)
	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"a shard missing", dirs[:1], "shards [1/2] are missing"},
		{"a shard twice", []string{dirs[0], dirs[0], dirs[1]}, "both hold shard 0/2"},
		{"shards of two runs", []string{dirs[0], other[1]}, "holds shard 1/2 of 6 runs"},
		{"not a shard", []string{t.TempDir()}, "shard.json"},
		{"nothing", nil, "name the shards' directories"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(append([]string{"merge", "-o", t.TempDir()}, tc.dirs...)...)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, %q; want %d and %q", code, stderr, exitBadInput, tc.want)
			}
		})
	}
	if code, _, stderr := runCmd("-f", file, "--shard", "2/2", "-o", t.TempDir()); code != exitBadInput || !strings.Contains(stderr, "0 <= i < n") {
		t.Errorf("--shard 2/2: exit %d, %q", code, stderr)
	}
}

func TestPresetsListsEveryClientWithItsSource(t *testing.T) {
	code, stdout, stderr := runCmd("presets")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"node-agent ", "node-global-agent ", "undici ", "upstash-sdk ", "agentkeepalive ", "go ", "source: Node.js v20 docs", "minus 2s", "http2"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("presets lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, _ := runCmd("presets", "extra"); code != exitBadInput {
		t.Errorf("presets extra: exit %d, want %d", code, exitBadInput)
	}
}
