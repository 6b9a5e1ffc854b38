package report_test

import (
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

// A platform reports its containers' transitions as they happen; the
// figures come out at the end, in a few numbers whatever the run's length.
func ExampleOccupancy() {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	o := report.NewOccupancy(t0)
	o.Started(at(0)) // a cold start: init, then its first invocation
	o.Idle(at(2))
	o.Busy(at(6)) // a warm invocation
	o.Idle(at(7))
	o.Stopped(at(9), false) // reclaimed after an idle timeout of 2 s
	occupied := o.End(at(10))
	p := report.NewPlatform(occupied, 2, 1, 512, &report.Price{PerGBSecond: 0.0000166667, PerMillionRequests: 0.20})
	fmt.Printf("cold %.2f, mean live %.1f, busy %.0f s, idle %.0f s = %.1f GB-s, cost %.7f\n",
		p.ColdStartProbability, p.MeanLiveContainers, p.BusyContainerSeconds, p.IdleContainerSeconds, p.IdleGBSeconds, *p.Cost)
	// Output:
	// cold 0.50, mean live 0.9, busy 3 s, idle 6 s = 3.0 GB-s, cost 0.0000254
}
