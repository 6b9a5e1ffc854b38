package scenario

import (
	"errors"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
	"go.yaml.in/yaml/v3"
)

// Plan is the load plan the scenario runs. Parse has checked it with
// load.Plan.Validate, the very check load.Run makes, so a file that parses
// cannot have its load refused when it runs.
func (s Scenario) Plan() load.Plan {
	w := s.Load
	p := load.Plan{
		Pattern:     w.Pattern,
		Count:       w.Count,
		Rate:        w.Rate,
		Duration:    w.Duration,
		Concurrency: w.Concurrency,
		MaxInFlight: w.MaxInFlight,
		Seed:        dist.Derive(s.Seed, "load.arrivals"),
	}
	if w.Pattern == load.FromTrace {
		p.Trace = load.Trace{
			PerMinute: w.Trace.PerMinute,
			Spread:    w.Trace.Spread,
			Minute:    scaleDown(time.Minute, w.Trace.TimeScale),
		}
	}
	if w.Pattern == load.Bursts {
		// Count is the bursts' total, for readers; the plan counts bursts.
		p.Count = 0
		p.Burst = load.Burst{Size: w.Burst.Size, Gap: w.Burst.Gap, Count: w.Burst.Count}
	}
	return p
}

// planKeys are the load keys that set each field a load.PlanError names.
var planKeys = map[string]string{
	"Pattern":         "load.pattern",
	"Count":           "load.count",
	"Rate":            "load.rate",
	"Duration":        "load.duration",
	"Concurrency":     "load.concurrency",
	"MaxInFlight":     "load.max_in_flight",
	"Burst.Size":      "load.burst.size",
	"Burst.Gap":       "load.burst.gap",
	"Burst.Count":     "load.burst.count",
	"Trace.PerMinute": "load.trace.file",
	"Trace.Spread":    "load.trace.spread",
	"Trace.Minute":    "load.trace.time_scale",
}

// checkPlan reports a finished scenario whose load the load package would
// refuse, at the key that set the field at fault.
func (d *decoder) checkPlan(s Scenario, prefix string, item *yaml.Node) {
	err := s.Plan().Validate()
	if err == nil {
		return
	}
	var pe *load.PlanError
	if !errors.As(err, &pe) {
		d.errorf(item, "%v", err)
		return
	}
	d.errorf(d.pick(prefix, item, planKeys[pe.Field], "load.pattern"), "%s", pe.Msg)
}
