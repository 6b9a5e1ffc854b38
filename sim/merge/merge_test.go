package merge_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/coldwire/coldwire/sim/merge"
	"github.com/coldwire/coldwire/sim/report"
)

// shard writes a sweep shard holding the given runs of a four-run sweep of
// one scenario over two RTTs and two TLS versions.
func shard(t *testing.T, index, count int, runs ...int) string {
	t.Helper()
	dir := t.TempDir()
	points := [][]string{{"1ms", "1.2"}, {"1ms", "1.3"}, {"5ms", "1.2"}, {"5ms", "1.3"}}
	sw := report.Sweep{Axes: []report.SweepAxis{{Path: "network.rtt", Values: []string{"1ms", "5ms"}}, {Path: "upstream.tls", Values: []string{"1.2", "1.3"}}}}
	for _, k := range runs {
		sw.Rows = append(sw.Rows, report.SweepRow{Run: k, Point: points[k], Summary: report.Summary{Name: "a", Invocations: 10 + k}})
	}
	if err := report.WriteSweepFiles(dir, sw); err != nil {
		t.Fatal(err)
	}
	m := report.ShardManifest{Index: index, Count: count, Runs: 4, Sweep: true, Scenarios: []string{"a"}}
	if err := report.WriteShardManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSweepShardsMergeByRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "merged")
	res, err := merge.Dirs(out, shard(t, 1, 2, 1, 3), shard(t, 0, 2, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sweep.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(res.Sweep.Rows))
	}
	for k, r := range res.Sweep.Rows {
		if r.Run != k || r.Summary.Invocations != 10+k {
			t.Errorf("row %d is run %d with %d invocations; want run %d with %d", k, r.Run, r.Summary.Invocations, k, 10+k)
		}
	}
	back, err := report.ReadSweepJSON(out)
	if err != nil || len(back.Rows) != 4 || len(back.Axes) != 2 {
		t.Errorf("merged sweep.json: %d rows, %d axes, %v", len(back.Rows), len(back.Axes), err)
	}
}

func TestMismatchedShards(t *testing.T) {
	for _, tc := range []struct {
		name string
		dirs func(t *testing.T) []string
	}{
		{"none", func(t *testing.T) []string { return nil }},
		{"one missing", func(t *testing.T) []string { return []string{shard(t, 0, 2, 0, 2)} }},
		{"a run lost", func(t *testing.T) []string { return []string{shard(t, 0, 2, 0), shard(t, 1, 2, 1, 3)} }},
		{"twice the same", func(t *testing.T) []string { d := shard(t, 0, 1, 0, 1, 2, 3); return []string{d, d} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := merge.Dirs(t.TempDir(), tc.dirs(t)...)
			if !errors.Is(err, merge.ErrMismatch) {
				t.Errorf("got %v, want ErrMismatch", err)
			}
		})
	}
}
