package experiment

import (
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// occupy feeds the platform's container events into o: a container is busy
// from its creation (its init) or its thaw until it freezes, and alive
// until it is reclaimed.
func occupy(o *report.Occupancy) func(lifecycle.Event) {
	return func(e lifecycle.Event) {
		switch e.Kind {
		case lifecycle.Created:
			o.Started(e.Time)
		case lifecycle.Thawed:
			o.Busy(e.Time)
		case lifecycle.Frozen:
			o.Idle(e.Time)
		case lifecycle.Reclaimed:
			o.Stopped(e.Time, e.Reason == lifecycle.ReasonInitFail)
		}
	}
}

// platformFigures prices and weighs what the containers occupied, already
// in the modelled system's time, by s's memory and prices.
func platformFigures(s scenario.Scenario, o report.Occupied, invocations, cold int) *report.Platform {
	var price *report.Price
	if p := s.Platform.Pricing; p != nil {
		price = &report.Price{PerGBSecond: p.PerGBSecond, PerMillionRequests: p.PerMillionRequests}
	}
	return report.NewPlatform(o, invocations, cold, s.Function.MemoryMB, price)
}
