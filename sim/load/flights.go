package load

import (
	"sync"
	"time"
)

// arrival is one invocation of an open loop's schedule.
type arrival struct {
	seq      int
	intended time.Time
}

// flights are an open loop's invocations in flight, filed by vegeta tick:
// the tick's result finds the arrival it answers there, and the pacer finds
// whether the bound leaves room for one more. A flight lands when its result
// reaches the run, not when its response does, so the goroutines still
// handing results over count too. It holds at most bound arrivals, whatever
// the length of the plan.
type flights struct {
	mu     sync.Mutex
	bound  int
	byTick map[uint64]arrival
}

func newFlights(bound int) *flights {
	return &flights{bound: bound, byTick: make(map[uint64]arrival)}
}

// take files a under tick and reports whether there was room for it.
func (f *flights) take(tick uint64, a arrival) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.byTick) >= f.bound {
		return false
	}
	f.byTick[tick] = a
	return true
}

// land removes the flight of tick and returns its arrival.
func (f *flights) land(tick uint64) arrival {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.byTick[tick]
	delete(f.byTick, tick)
	return a
}
