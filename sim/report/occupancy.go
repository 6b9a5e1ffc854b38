package report

import (
	"sync"
	"time"
)

// Occupancy accumulates a platform's containers over time from their
// transitions, as they happen, in a few numbers whatever the length of the
// run: a container's time alive is its end minus its start, so the sum of
// all ends minus the sum of all starts is the time of all, and the same
// holds for busy time. It is safe for concurrent use, as a platform's
// containers change state on many goroutines.
type Occupancy struct {
	mu     sync.Mutex
	origin time.Time
	ended  bool

	live, busy, peak int
	// Seconds since origin: the sum of the ends minus the sum of the
	// starts of the intervals closed so far, minus the starts of the open.
	liveSum, busySum float64
}

// Occupied is what an Occupancy measured, in seconds.
type Occupied struct {
	// Window is the time observed, from the origin to the end.
	Window float64
	// LiveSeconds and BusySeconds sum the containers' time alive and busy.
	LiveSeconds, BusySeconds float64
	// Peak is the most containers alive at once.
	Peak int
}

// Scaled returns o with its times multiplied by f, to bring a dilated
// host's times back to the modelled system's.
func (o Occupied) Scaled(f float64) Occupied {
	o.Window *= f
	o.LiveSeconds *= f
	o.BusySeconds *= f
	return o
}

// NewOccupancy starts observing at origin, with no container alive.
func NewOccupancy(origin time.Time) *Occupancy { return &Occupancy{origin: origin} }

func (o *Occupancy) since(t time.Time) float64 { return t.Sub(o.origin).Seconds() }

// Started counts a container created at t; its init is busy time.
func (o *Occupancy) Started(t time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ended {
		return
	}
	o.live++
	o.busy++
	o.peak = max(o.peak, o.live)
	o.liveSum -= o.since(t)
	o.busySum -= o.since(t)
}

// Busy counts a container that began an invocation at t.
func (o *Occupancy) Busy(t time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ended {
		return
	}
	o.busy++
	o.busySum -= o.since(t)
}

// Idle counts a container that finished its init or invocation at t.
func (o *Occupancy) Idle(t time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ended {
		return
	}
	o.busy--
	o.busySum += o.since(t)
}

// Stopped counts a container reclaimed at t; busy says it was reclaimed
// in its init, which failed.
func (o *Occupancy) Stopped(t time.Time, busy bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ended {
		return
	}
	o.live--
	o.liveSum += o.since(t)
	if busy {
		o.busy--
		o.busySum += o.since(t)
	}
}

// End closes the observation at t: containers still alive count up to t,
// and later transitions are ignored.
func (o *Occupancy) End(t time.Time) Occupied {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ended = true
	w := o.since(t)
	return Occupied{
		Window:      w,
		LiveSeconds: o.liveSum + float64(o.live)*w,
		BusySeconds: o.busySum + float64(o.busy)*w,
		Peak:        o.peak,
	}
}
