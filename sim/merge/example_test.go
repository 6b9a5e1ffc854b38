package merge_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/coldwire/coldwire/sim/merge"
	"github.com/coldwire/coldwire/sim/report"
)

// Two shards of a two-run sweep, as `simulate --shard 0/2` and `--shard
// 1/2` leave them, merged into the sweep's outputs.
func ExampleDirs() {
	root, err := os.MkdirTemp("", "shards")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(root)
	axes := []report.SweepAxis{{Path: "network.rtt", Values: []string{"1ms", "20ms"}}}
	var dirs []string
	for i, rtt := range []string{"1ms", "20ms"} {
		dir := filepath.Join(root, fmt.Sprint("shard", i))
		row := report.SweepRow{Run: i, Point: []string{rtt}, Summary: report.Summary{Name: "keepalive-global", Invocations: 200}}
		if err := report.WriteSweepFiles(dir, report.Sweep{Axes: axes, Rows: []report.SweepRow{row}}); err != nil {
			fmt.Println(err)
			return
		}
		m := report.ShardManifest{Index: i, Count: 2, Runs: 2, Sweep: true, Scenarios: []string{"keepalive-global"}}
		if err := report.WriteShardManifest(dir, m); err != nil {
			fmt.Println(err)
			return
		}
		dirs = append(dirs, dir)
	}
	res, err := merge.Dirs(filepath.Join(root, "merged"), dirs[1], dirs[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Sweep.Rows {
		fmt.Println(r.Run, r.Point[0], r.Summary.Name)
	}
	// Output:
	// 0 1ms keepalive-global
	// 1 20ms keepalive-global
}
