package experiment

import (
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// occupy feeds the platform's container events into o and f: a container
// is busy from its creation (its init) or its thaw until it freezes, and
// alive until it is reclaimed; an invocation is in flight in it from its
// start to its return.
func occupy(o *report.Occupancy, f *report.InFlight) func(lifecycle.Event) {
	return func(e lifecycle.Event) {
		switch e.Kind {
		case lifecycle.Created:
			o.Started(e.Time)
			f.Started(e.Container, e.Time)
		case lifecycle.Thawed:
			o.Busy(e.Time)
		case lifecycle.Invoked:
			f.Invoked(e.Container, e.Time)
		case lifecycle.Returned:
			f.Returned(e.Container, e.Time)
		case lifecycle.Frozen:
			o.Idle(e.Time)
		case lifecycle.Reclaimed:
			o.Stopped(e.Time, e.Reason == lifecycle.ReasonInitFail)
			f.Stopped(e.Container, e.Time)
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
