package experiment

import (
	"context"
	"errors"
	"fmt"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// Calibrate runs each scenario twice, as Run runs one: first with the
// in-process model, from model (the file read with
// scenario.AsRuntime(scenario.RuntimeGo, ...)), then with real Node
// processes, from node (the same file read with
// scenario.AsRuntime(scenario.RuntimeNode, ...)). The two runs of a
// scenario follow each other, so that both see this machine as busy as it
// is then. It returns a row per scenario, in order, and calls WithRunDone
// as each run ends; WithRecords sees the rows of every run. Cancelling ctx
// stops after the run in progress, which keeps what it counted (a scenario
// interrupted in its go run has an empty node Summary). Runs that fail are
// reported together in the error, and their rows kept.
func Calibrate(ctx context.Context, model, node *scenario.File, opts ...Option) (report.Calibration, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	var c report.Calibration
	if err := paired(model, node); err != nil {
		return c, err
	}
	var errs []error
	for i, ms := range model.Scenarios {
		row := report.CalibrationRow{Scenario: ms.Name, NodeIgnores: ms.NodeIgnores()}
		for _, run := range []struct {
			runtime string
			s       scenario.Scenario
			into    *report.Summary
		}{{report.RuntimeGo, ms, &row.Go}, {report.RuntimeNode, node.Scenarios[i], &row.Node}} {
			if ctx.Err() != nil {
				if run.runtime == report.RuntimeNode {
					// The go run was interrupted: keep it, without its pair.
					c.Rows = append(c.Rows, row)
				}
				return c, errors.Join(errs...)
			}
			t := &report.Tally{Name: ms.Name}
			o, err := Run(ctx, run.s, append(opts, WithRecords(func(r report.Row) {
				t.Add(r)
				if cfg.record != nil {
					cfg.record(r)
				}
			}))...)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s with runtime %s: %w", ms.Name, run.runtime, err))
			}
			t.Counts, t.Emulation, t.Platform = o.Counts, o.Emulation, o.Platform
			*run.into = t.Summary()
			if cfg.runDone != nil {
				cfg.runDone(ms.Name, run.runtime, *run.into)
			}
		}
		c.Rows = append(c.Rows, row)
	}
	return c, errors.Join(errs...)
}

// paired checks that model and node hold the same scenarios, in order,
// each with its runtime: one file read twice.
func paired(model, node *scenario.File) error {
	if len(model.Scenarios) != len(node.Scenarios) {
		return fmt.Errorf("calibrate: %d scenarios with runtime go, %d with runtime node: want one file read twice", len(model.Scenarios), len(node.Scenarios))
	}
	for i, m := range model.Scenarios {
		n := node.Scenarios[i]
		switch {
		case m.Name != n.Name:
			return fmt.Errorf("calibrate: scenario %d is %s with runtime go, %s with runtime node: want one file read twice", i, m.Name, n.Name)
		case m.Function.Runtime != scenario.RuntimeGo || n.Function.Runtime != scenario.RuntimeNode:
			return fmt.Errorf("calibrate: scenario %s runs with runtime %s and %s: want go, then node", m.Name, m.Function.Runtime, n.Function.Runtime)
		}
	}
	return nil
}
