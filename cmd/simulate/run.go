package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

const runUsage = `usage: simulate -f scenarios.yaml [-o DIR] [--only a,b] [--seed N] [--quiet]

Runs each scenario of the file on an emulated platform, network and database,
prints a summary and writes summary.json, summary.md, invocations.csv,
results-<scenario>.json (vegeta's format) and PNG plots to DIR.

Flags:
`

func runScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
	}
	file := fs.String("f", "scenarios.yaml", "scenario file")
	dir := fs.String("o", "out", "directory for the results")
	only := fs.String("only", "", "comma-separated names of the scenarios to run (default: all)")
	seed := fs.Uint64("seed", 0, "seed for every scenario without a seed of its own (default: the file's)")
	quiet := fs.Bool("quiet", false, "no progress display")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate: unexpected argument %q (subcommands: validate, serve, version)\n", fs.Arg(0))
		return exitBadInput
	}

	f, err := scenario.Load(*file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	if *only != "" {
		if err := f.Select(strings.Split(*only, ",")...); err != nil {
			fmt.Fprintf(stderr, "simulate: --only: %v\n", err)
			return exitBadInput
		}
	}
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "seed" {
			f.SetSeed(*seed)
		}
	})
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}

	auth, err := simtls.NewAuthority(databaseHost)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	sched := netem.NewScheduler()
	defer sched.Close()

	prog := newProgress(stderr, !*quiet && isTerminal(stderr))
	var (
		rows   []report.Row
		spans  []plots.Span
		counts = map[string]report.ScenarioCounts{}
		order  []string
		failed []string
		wall   time.Duration
		busy   time.Duration
	)
	for _, s := range f.Scenarios {
		order = append(order, s.Name)
	}
	for _, s := range f.Scenarios {
		if ctx.Err() != nil {
			break
		}
		o, err := experiment(ctx, s, auth, sched, prog.scenario(s.Name))
		prog.done()
		rows = append(rows, o.rows...)
		spans = append(spans, o.spans...)
		counts[s.Name] = o.counts
		wall += o.wall
		busy += o.busy
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", s.Name, err))
		}
	}
	interrupted := ctx.Err() != nil

	if err := write(*dir, rows, counts, order, spans, stdout); err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	if busy > 0 {
		fmt.Fprintf(stdout, "sequential load ran %.2f s for %.2f s of invocations (%+.1f%%)\n",
			wall.Seconds(), busy.Seconds(), 100*(wall.Seconds()/busy.Seconds()-1))
	}
	switch {
	case interrupted:
		fmt.Fprintf(stderr, "simulate: interrupted; wrote the %d invocations collected to %s\n", len(rows), *dir)
		return exitInterrupted
	case len(failed) > 0:
		fmt.Fprintf(stderr, "simulate: %s\n", strings.Join(failed, "\nsimulate: "))
		return exitFailed
	}
	if n := countErrors(rows); n > 0 {
		fmt.Fprintf(stderr, "simulate: %d invocations failed; see the error column of %s/%s\n", n, *dir, report.InvocationsCSVFile)
		return exitFailed
	}
	return exitOK
}

// write saves everything collected, then prints the summary table.
func write(dir string, rows []report.Row, counts map[string]report.ScenarioCounts, order []string, spans []plots.Span, stdout io.Writer) error {
	if err := report.WriteAll(dir, rows, counts, order); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	pngs, err := plots.WriteAll(dir, rows, order, spans)
	if err != nil {
		return fmt.Errorf("writing plots: %w", err)
	}
	if err := report.FormatTable(stdout, report.Summarize(rows, counts, order)); err != nil {
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

// busyTime is the sum of the invocations' latencies as the caller saw them.
func busyTime(rows []report.Row) time.Duration {
	var ms float64
	for _, r := range rows {
		ms += r.TotalMs
	}
	return time.Duration(ms * float64(time.Millisecond))
}

func countErrors(rows []report.Row) int {
	n := 0
	for _, r := range rows {
		if r.Failed() {
			n++
		}
	}
	return n
}
