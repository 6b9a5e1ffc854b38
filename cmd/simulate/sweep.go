package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// sweepFlags collects repeated --sweep PATH=V1,V2,... flags.
type sweepFlags []string

func (s *sweepFlags) String() string { return strings.Join(*s, " ") }

func (s *sweepFlags) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// loadOptions turns the --sweep flags, if any, into the option that
// replaces the file's sweep.
func (s sweepFlags) loadOptions() []scenario.Option {
	if len(s) == 0 {
		return nil
	}
	return []scenario.Option{scenario.WithSweep(s...)}
}

// runSweep runs f's sweep and writes sweep.csv, sweep.json and the sweep's
// charts to dir, then prints a line per run.
func runSweep(ctx context.Context, f *scenario.File, dir string, strict bool, prog *progress, shard experiment.Shard, opts []experiment.Option, stdout, stderr io.Writer) int {
	total := shard.Runs(len(f.Points) * len(f.Scenarios))
	runs, failedCalls, overLimits := 0, 0, 0
	update := prog.scenario(fmt.Sprintf("run 1/%d", total))
	opts = append(opts,
		experiment.WithShard(shard),
		experiment.WithProgress(func(done, planned int) { update(done, planned) }),
		experiment.WithSweepRows(func(r report.SweepRow) {
			prog.done()
			runs++
			failedCalls += r.Summary.Errors
			if e := r.Summary.Emulation; e != nil && e.OverLimits {
				overLimits++
				fmt.Fprintf(stderr, "simulate: warning: %s at %s: %s\n", r.Summary.Name, strings.Join(r.Point, ", "), e.Warning)
			}
			if runs < total {
				update = prog.scenario(fmt.Sprintf("run %d/%d", runs+1, total))
			}
		}))
	sw, runErr := experiment.Sweep(ctx, f, opts...)
	if err := report.WriteSweepFiles(dir, sw); err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	pngs, err := plots.WriteSweep(dir, sw)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: writing plots: %v\n", err)
		return exitFailed
	}
	if err := report.FormatTable(stdout, sweepSummaries(sw)); err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "\nresults in %s/: %s, %s", dir, report.SweepCSVFile, report.SweepJSONFile)
	for _, p := range pngs {
		fmt.Fprintf(stdout, ", %s", baseName(p))
	}
	fmt.Fprintln(stdout)
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "simulate: interrupted; wrote the %d runs done of %d to %s\n", len(sw.Rows), total, dir)
		return exitInterrupted
	case runErr != nil:
		fmt.Fprintf(stderr, "simulate: %v\n", runErr)
		return exitFailed
	case failedCalls > 0:
		fmt.Fprintf(stderr, "simulate: %d invocations failed; see the errors column of %s/%s\n", failedCalls, dir, report.SweepCSVFile)
		return exitFailed
	case strict && overLimits > 0:
		fmt.Fprintf(stderr, "simulate: --strict: %d runs ran beyond this machine's limits\n", overLimits)
		return exitFailed
	}
	return exitOK
}

// sweepSummaries names each row's summary after its scenario and point,
// for the table on stdout.
func sweepSummaries(sw report.Sweep) []report.Summary {
	out := make([]report.Summary, len(sw.Rows))
	for i, r := range sw.Rows {
		s := r.Summary
		parts := make([]string, len(sw.Axes))
		for j, a := range sw.Axes {
			parts[j] = a.Path + "=" + r.Point[j]
		}
		s.Name += " @ " + strings.Join(parts, ", ")
		out[i] = s
	}
	return out
}
