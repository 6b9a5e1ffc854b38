package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/merge"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

const mergeUsage = `usage: simulate merge [-o DIR] SHARD_DIR...

Joins the output directories of a run split with --shard i/n into the whole
run's outputs in DIR: summary.json, summary.md, invocations.csv and the
results files, or sweep.csv and sweep.json for a sweep, and the charts.
Every shard must be there once. Container lifetimes are not among a run's
files, so a merged plain run has no timeline.png.

Flags:
`

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("merge", mergeUsage, stderr)
	dir := fs.String("o", "out", "directory for the merged results")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "simulate merge: name the shards' directories")
		return exitBadInput
	}
	res, err := merge.Dirs(*dir, fs.Args()...)
	switch {
	case errors.Is(err, merge.ErrMismatch):
		fmt.Fprintf(stderr, "simulate merge: %v\n", err)
		return exitBadInput
	case err != nil:
		fmt.Fprintf(stderr, "simulate merge: %v\n", err)
		return exitFailed
	}
	if res.Manifest.Sweep {
		if err := report.FormatTable(stdout, sweepSummaries(res.Sweep)); err != nil {
			fmt.Fprintf(stderr, "simulate merge: %v\n", err)
			return exitFailed
		}
	} else if err := report.FormatTable(stdout, res.Summaries); err != nil {
		fmt.Fprintf(stderr, "simulate merge: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "\nmerged %d shards, %d runs, into %s/:", fs.NArg(), res.Manifest.Runs, *dir)
	for i, p := range res.Files {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(stdout, "%s %s", sep, baseName(p))
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// manifest describes shard of f's runs.
func manifest(f *scenario.File, shard experiment.Shard) report.ShardManifest {
	m := report.ShardManifest{Index: shard.Index, Count: shard.Count, Runs: len(f.Scenarios), Sweep: len(f.Points) > 0}
	for _, s := range f.Scenarios {
		m.Scenarios = append(m.Scenarios, s.Name)
	}
	if m.Sweep {
		m.Runs = len(f.Points) * len(f.Scenarios)
	}
	return m
}
