package load

import (
	"context"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// closedPacer releases the next invocation at once, until count have left
// (0: no count), until is reached (zero: no deadline) or ctx ends. With as
// many vegeta workers as virtual users, a worker takes the next tick only
// after its previous response, which makes the attack a closed loop.
type closedPacer struct {
	ctx   context.Context
	count int
	until time.Time
}

var _ vegeta.Pacer = closedPacer{}

func (p closedPacer) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	stop := p.count > 0 && hits >= uint64(p.count) ||
		p.ctx.Err() != nil ||
		!p.until.IsZero() && !time.Now().Before(p.until)
	return 0, stop
}

// Rate is zero: a closed loop's rate is whatever the platform sustains.
func (closedPacer) Rate(time.Duration) float64 { return 0 }

// openPacer releases an open loop's arrivals at their scheduled times. It
// waits itself instead of handing the wait to vegeta, whose time.Sleep
// cannot be interrupted: a cancelled run must not sit out a long gap.
//
// An arrival that finds the flights full is not released but handed to
// dropped: sending it anyway would make vegeta start one more worker, and
// the platform one more connection, for every arrival it falls behind by.
type openPacer struct {
	ctx     context.Context
	sleep   func(context.Context, time.Duration) error
	rate    float64
	next    func() (time.Duration, bool)
	flights *flights
	dropped chan<- arrival
	// began is the attack's start, recovered from the first call.
	began time.Time
	// seq is the number of arrivals drawn so far.
	seq int
}

var _ vegeta.Pacer = (*openPacer)(nil)

// Pace is called once per tick: vegeta sends the tick numbered hits when
// Pace lets it go, so the flight it takes is filed under that number.
func (p *openPacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if p.began.IsZero() {
		p.began = time.Now().Add(-elapsed)
	}
	for {
		offset, ok := p.next()
		if !ok {
			return 0, true
		}
		a := arrival{seq: p.seq, intended: p.began.Add(offset)}
		p.seq++
		if !p.wait(a.intended) {
			return 0, true
		}
		if p.flights.take(hits, a) {
			return 0, false
		}
		select {
		case p.dropped <- a:
		case <-p.ctx.Done():
			return 0, true
		}
	}
}

// wait sleeps until t and reports whether the run goes on.
func (p *openPacer) wait(t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return p.ctx.Err() == nil
	}
	return p.sleep(p.ctx, d) == nil
}

func (p *openPacer) Rate(time.Duration) float64 { return p.rate }
