package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

const runUsage = `usage: simulate -f scenarios.yaml [-o DIR] [--only a,b] [--seed N] [--time-dilation K] [--sweep PATH=V1,V2,...] [--shard i/n] [--strict] [--quiet]

Runs each scenario of the file on an emulated platform, network and database,
prints a summary and writes summary.json, summary.md, invocations.csv,
results-<scenario>.json (vegeta's format) and PNG plots to DIR.

With a sweep (the file's sweep block or --sweep), runs each scenario at each
point instead and writes sweep.csv, sweep.json and sweep-<figure>.png.

With --shard i/n, runs only run k of the file (a scenario, or a scenario at a
point) where k mod n = i, and writes shard.json beside the results; "simulate
merge" joins the n directories into the whole run's outputs.

Flags:
`

func runScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("simulate", runUsage, stderr)
	file := fs.String("f", "scenarios.yaml", "scenario file")
	dir := fs.String("o", "out", "directory for the results")
	rf := addRunFlags(fs)
	var sweeps sweepFlags
	fs.Var(&sweeps, "sweep", "run each scenario at each value of a field, PATH=V1,V2,... such as network.rtt=1ms,5ms,20ms; repeat for a grid (replaces the file's sweep)")
	shardFlag := fs.String("shard", "", "run only share i of n of the file's runs, i/n such as 0/4, for batch engines; simulate merge joins the shares")
	dilation := fs.Float64("time-dilation", 1, "run every modelled duration K times longer and report measured ones divided by K, for loads this machine cannot run in real time (default: the file's time_dilation, else 1)")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate: unexpected argument %q (subcommands: validate, serve, version)\n", fs.Arg(0))
		return exitBadInput
	}

	f, err := scenario.Load(*file, sweeps.loadOptions()...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	if err := rf.apply(f, "simulate"); err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	var flagErr error
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "time-dilation" {
			flagErr = f.SetTimeDilation(*dilation)
		}
	})
	if flagErr != nil {
		fmt.Fprintf(stderr, "simulate: --time-dilation: %v\n", flagErr)
		return exitBadInput
	}
	if err := check(f); err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	shard := experiment.All
	if *shardFlag != "" {
		if shard, err = experiment.ParseShard(*shardFlag); err != nil {
			fmt.Fprintf(stderr, "simulate: --shard: %v\n", err)
			return exitBadInput
		}
	}
	base, closeShared, err := shared(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	defer closeShared()
	if *shardFlag != "" {
		if err := report.WriteShardManifest(*dir, manifest(f, shard)); err != nil {
			fmt.Fprintf(stderr, "simulate: %v\n", err)
			return exitFailed
		}
	}

	prog := newProgress(stderr, !*rf.quiet && isTerminal(stderr))
	if len(f.Points) > 0 {
		return runSweep(ctx, f, *dir, *rf.strict, prog, shard, base, stdout, stderr)
	}
	var order []string
	for i, s := range f.Scenarios {
		if shard.Has(i) {
			order = append(order, s.Name)
		}
	}
	rec, err := report.NewRecorder(*dir, order)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	var (
		spans       []report.Span
		failed      []string
		wall, busy  time.Duration
		failedCalls int
		overLimits  int
	)
	for i, s := range f.Scenarios {
		if ctx.Err() != nil {
			break
		}
		if !shard.Has(i) {
			continue
		}
		tally := rec.Begin(s.Name)
		o, err := experiment.Run(ctx, s, append(base,
			experiment.WithProgress(prog.scenario(s.Name)),
			experiment.WithRecords(rec.Add))...)
		prog.done()
		tally.Counts = o.Counts
		tally.Emulation = o.Emulation
		tally.Trace = o.Trace
		tally.Platform = o.Platform
		tally.Sandbox = o.Sandbox
		failedCalls += tally.Errors
		if e := o.Emulation; e != nil && e.OverLimits {
			overLimits++
			fmt.Fprintf(stderr, "simulate: warning: %s: %s\n", s.Name, e.Warning)
		}
		spans = append(spans, o.Spans...)
		wall += o.Wall
		busy += o.Busy
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", s.Name, err))
		}
	}
	interrupted := ctx.Err() != nil

	if err := write(*dir, rec, spans, stdout); err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	if busy > 0 {
		fmt.Fprintf(stdout, "sequential load ran %.2f s for %.2f s of invocations (%+.1f%%)\n",
			wall.Seconds(), busy.Seconds(), 100*(wall.Seconds()/busy.Seconds()-1))
	}
	switch {
	case interrupted:
		fmt.Fprintf(stderr, "simulate: interrupted; wrote the %d invocations collected to %s\n", invocations(rec), *dir)
		return exitInterrupted
	case len(failed) > 0:
		fmt.Fprintf(stderr, "simulate: %s\n", strings.Join(failed, "\nsimulate: "))
		return exitFailed
	}
	if failedCalls > 0 {
		fmt.Fprintf(stderr, "simulate: %d invocations failed; see the error column of %s/%s\n", failedCalls, *dir, report.InvocationsCSVFile)
		return exitFailed
	}
	if *rf.strict && overLimits > 0 {
		fmt.Fprintf(stderr, "simulate: --strict: %d scenarios ran beyond this machine's limits\n", overLimits)
		return exitFailed
	}
	return exitOK
}

// write finishes the files the recorder streamed, draws the plots, then
// prints the summary table.
func write(dir string, rec *report.Recorder, spans []report.Span, stdout io.Writer) error {
	summaries, err := rec.Close()
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	pngs, err := plots.WriteAll(dir, rec.Tallies(), spans)
	if err != nil {
		return fmt.Errorf("writing plots: %w", err)
	}
	if err := report.FormatTable(stdout, summaries); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nresults in %s/: %s, %s, %s, results-<scenario>.json", dir, report.SummaryJSONFile, report.SummaryMarkdownFile, report.InvocationsCSVFile)
	for _, p := range pngs {
		fmt.Fprintf(stdout, ", %s", baseName(p))
	}
	fmt.Fprintln(stdout)
	return nil
}

func baseName(p string) string { return p[strings.LastIndexAny(p, `/\`)+1:] }

func invocations(rec *report.Recorder) int {
	n := 0
	for _, t := range rec.Tallies() {
		n += t.Invocations
	}
	return n
}
