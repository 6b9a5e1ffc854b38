package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ShardFile names the manifest a sharded run writes beside its results.
const ShardFile = "shard.json"

// ShardManifest says which share of a file's runs a directory holds, so
// that the shares can be merged back and checked complete.
type ShardManifest struct {
	Index int `json:"index"`
	Count int `json:"count"`
	// Runs is the number of runs of the whole file, all shards together.
	Runs int `json:"runs"`
	// Sweep is set when the runs are a sweep's (sweep.json), not plain
	// scenarios (summary.json and invocations.csv).
	Sweep bool `json:"sweep"`
	// Scenarios are the file's scenario names in order: a plain run's
	// run k is scenario k.
	Scenarios []string `json:"scenarios"`
}

// WriteShardManifest writes m to dir/shard.json.
func WriteShardManifest(dir string, m ShardManifest) error {
	return writeFile(filepath.Join(dir, ShardFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
}

// ReadShardManifest reads dir/shard.json.
func ReadShardManifest(dir string) (ShardManifest, error) {
	var m ShardManifest
	err := readJSON(filepath.Join(dir, ShardFile), &m)
	return m, err
}

// ReadSummaryJSON reads the summaries of dir/summary.json.
func ReadSummaryJSON(dir string) ([]Summary, error) {
	var f SummaryFile
	err := readJSON(filepath.Join(dir, SummaryJSONFile), &f)
	return f.Scenarios, err
}

// ReadSweepJSON reads dir/sweep.json.
func ReadSweepJSON(dir string) (Sweep, error) {
	var sw Sweep
	err := readJSON(filepath.Join(dir, SweepJSONFile), &sw)
	return sw, err
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	return nil
}
