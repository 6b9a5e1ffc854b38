package experiment

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// replayed describes the trace a scenario replayed, as the scenario file
// set it (undilated); nil when it replayed none.
func replayed(s scenario.Scenario) *report.Trace {
	t := s.Load.Trace
	if s.Load.Pattern != load.FromTrace {
		return nil
	}
	fn := t.Function
	if t.ByIndex || fn == "" {
		fn = fmt.Sprintf("index %d", t.Index)
	}
	total := 0
	for _, c := range t.PerMinute {
		total += c
	}
	return &report.Trace{
		File:        t.File,
		Function:    fn,
		Minutes:     len(t.PerMinute),
		Invocations: total,
		Spread:      string(t.Spread),
		TimeScale:   t.TimeScale,
	}
}
