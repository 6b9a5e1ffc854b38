package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

const calibrateUsage = `usage: simulate calibrate -f FILE [-o DIR] [--handler FILE] [--only a,b] [--seed N] [--strict] [--quiet]

Runs each scenario of the file twice, one run after the other: with
function.runtime: go, the in-process model, and with function.runtime: node,
real Node.js processes running the scenario's handler (node must be on the
PATH). It writes calibrate.csv, calibrate.md and calibrate.png to DIR: the
Redis call's p50, p99 and first call, and the first invocation, per scenario
and runtime, and their ratio node/go, so that you see how far the model is
from the real runtime on this machine.

The go run leaves function.handler out. The node run takes the scenario's
handler; a scenario without one needs --handler, whose module the node run
gives it (examples/node/article-handler.mjs is the article's: one SET per
call with an https.Agent set by agent.keep_alive and agent.placement, the
go runtime's default work). Settings only the model reads (client_init,
commands, retry, the agent's other options) apply to the go run; the run
lists them. A scenario the node runtime cannot run (platform.concurrency
above 1, upstream.url) and a file with a sweep are bad input.

Flags:
`

func runCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("calibrate", calibrateUsage, stderr)
	file := fs.String("f", "", "scenario file (required)")
	dir := fs.String("o", "out", "directory for calibrate.csv, calibrate.md and calibrate.png")
	handler := fs.String(strings.TrimPrefix(scenario.HandlerFlag, "--"), "", "Node.js module the node run gives the scenarios without function.handler")
	rf := addRunFlags(fs)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "simulate calibrate: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	case *file == "":
		fmt.Fprintln(stderr, "simulate calibrate: -f FILE is required")
		fs.Usage()
		return exitBadInput
	}
	model, err := scenario.Load(*file, scenario.AsRuntime(scenario.RuntimeGo, ""))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	node, err := scenario.Load(*file, scenario.AsRuntime(scenario.RuntimeNode, *handler))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	for _, f := range []*scenario.File{model, node} {
		if err := rf.apply(f, "simulate calibrate"); err != nil {
			fmt.Fprintln(stderr, err)
			return exitBadInput
		}
		if err := check(f); err != nil {
			fmt.Fprintln(stderr, err)
			return exitBadInput
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		fmt.Fprintln(stderr, "simulate calibrate: node is not on the PATH: the node runs start real Node.js processes")
		return exitFailed
	}
	for _, s := range model.Scenarios {
		if ignored := s.NodeIgnores(); len(ignored) > 0 {
			fmt.Fprintf(stderr, "simulate calibrate: note: %s: the go run applies %s, which the node handler does not read\n", s.Name, strings.Join(ignored, ", "))
		}
	}
	base, closeShared, err := shared(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "simulate calibrate: %v\n", err)
		return exitFailed
	}
	defer closeShared()

	prog := newProgress(stderr, !*rf.quiet && isTerminal(stderr))
	total, runs, failedCalls, overLimits := 2*len(model.Scenarios), 0, 0, 0
	runName := func(i int) string {
		return fmt.Sprintf("%s with runtime %s (%d/%d)", model.Scenarios[i/2].Name, []string{"go", "node"}[i%2], i+1, total)
	}
	update := prog.scenario(runName(0))
	c, runErr := experiment.Calibrate(ctx, model, node, append(base,
		experiment.WithProgress(func(done, planned int) { update(done, planned) }),
		experiment.WithRunDone(func(name, runtime string, s report.Summary) {
			prog.done()
			runs++
			failedCalls += s.Errors
			if e := s.Emulation; e != nil && e.OverLimits {
				overLimits++
				fmt.Fprintf(stderr, "simulate calibrate: warning: %s with runtime %s: %s\n", name, runtime, e.Warning)
			}
			if runs < total {
				update = prog.scenario(runName(runs))
			}
		}))...)
	if err := report.WriteCalibrationFiles(*dir, c); err != nil {
		fmt.Fprintf(stderr, "simulate calibrate: %v\n", err)
		return exitFailed
	}
	written := []string{report.CalibrationCSVFile, report.CalibrationMarkdownFile}
	switch err := plots.WriteCalibration(filepath.Join(*dir, plots.CalibrationFile), c); {
	case errors.Is(err, plots.ErrNothingCalibrated):
		fmt.Fprintf(stderr, "simulate calibrate: no %s: %v\n", plots.CalibrationFile, err)
	case err != nil:
		fmt.Fprintf(stderr, "simulate calibrate: writing plots: %v\n", err)
		return exitFailed
	default:
		written = append(written, plots.CalibrationFile)
	}
	if err := report.WriteCalibrationMarkdown(stdout, c); err != nil {
		fmt.Fprintf(stderr, "simulate calibrate: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "\nresults in %s/: %s\n", *dir, strings.Join(written, ", "))
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "simulate calibrate: interrupted; wrote the %d scenarios done of %d to %s\n", len(c.Rows), len(model.Scenarios), *dir)
		return exitInterrupted
	case runErr != nil:
		fmt.Fprintf(stderr, "simulate calibrate: %v\n", runErr)
		return exitFailed
	case failedCalls > 0:
		fmt.Fprintf(stderr, "simulate calibrate: %d invocations failed; see the errors column of %s/%s\n", failedCalls, *dir, report.CalibrationCSVFile)
		return exitFailed
	case *rf.strict && overLimits > 0:
		fmt.Fprintf(stderr, "simulate calibrate: --strict: %d runs went beyond this machine's limits\n", overLimits)
		return exitFailed
	}
	return exitOK
}
