package experiment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// Sweep runs every scenario of f at every point of its sweep, each run as
// Run runs one: on a fresh link, database and platform (with WithShard,
// only the shard's runs). It returns a row per run, in order, and calls WithSweepRows as each run ends. Options apply to
// every run; WithRecords sees the rows of all of them. Cancelling ctx stops
// the sweep after the run in progress, which keeps what it counted. Runs
// that fail are reported together in the error, and their rows kept.
func Sweep(ctx context.Context, f *scenario.File, opts ...Option) (report.Sweep, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	var sw report.Sweep
	for _, a := range f.Sweep {
		sw.Axes = append(sw.Axes, report.SweepAxis{Path: a.Path, Values: a.Values})
	}
	var errs []error
	run := -1
	for _, p := range f.Points {
		for _, s := range p.Scenarios {
			run++
			if !cfg.shard.Has(run) {
				continue
			}
			if ctx.Err() != nil {
				return sw, errors.Join(errs...)
			}
			t := &report.Tally{Name: s.Name}
			o, err := Run(ctx, s, append(opts, WithRecords(func(r report.Row) {
				t.Add(r)
				if cfg.record != nil {
					cfg.record(r)
				}
			}))...)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s at %s: %w", s.Name, pointName(f.Sweep, p.Values), err))
			}
			t.Counts, t.Emulation, t.Platform, t.Sandbox = o.Counts, o.Emulation, o.Platform, o.Sandbox
			row := report.NewSweepRow(p.Values, t)
			row.Run = run
			sw.Rows = append(sw.Rows, row)
			if cfg.sweepRow != nil {
				cfg.sweepRow(row)
			}
		}
	}
	return sw, errors.Join(errs...)
}

// pointName names a point for messages: network.rtt=5ms, load.rate=10.
func pointName(axes []scenario.Axis, values []string) string {
	parts := make([]string, len(axes))
	for i, a := range axes {
		parts[i] = a.Path + "=" + values[i]
	}
	return strings.Join(parts, ", ")
}
