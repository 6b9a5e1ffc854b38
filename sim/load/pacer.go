package load

import (
	"context"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// closedPacer releases the next invocation at once, count times, or until
// ctx ends. With as many vegeta workers as virtual users, a worker takes the
// next tick only after its previous response, which makes the attack a
// closed loop.
type closedPacer struct {
	ctx   context.Context
	count int
}

var _ vegeta.Pacer = closedPacer{}

func (p closedPacer) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	return 0, hits >= uint64(p.count) || p.ctx.Err() != nil
}

// Rate is zero: a closed loop's rate is whatever the platform sustains.
func (closedPacer) Rate(time.Duration) float64 { return 0 }

// schedulePacer sends invocation i at offset(i) from the start of the attack.
// It waits itself instead of handing the wait to vegeta, whose time.Sleep
// cannot be interrupted: a cancelled run must not sit out a long gap.
type schedulePacer struct {
	ctx    context.Context
	count  int
	rate   float64
	offset func(int) time.Duration
	// began is the attack's start, recovered from the first call. Results
	// read it only after a send that follows that call, so the channels
	// between the attack and its workers order the accesses.
	began time.Time
}

var _ vegeta.Pacer = (*schedulePacer)(nil)

func (p *schedulePacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits >= uint64(p.count) {
		return 0, true
	}
	if hits == 0 {
		p.began = time.Now().Add(-elapsed)
	}
	wait := p.offset(int(hits)) - elapsed
	if wait <= 0 {
		return 0, false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return 0, false
	case <-p.ctx.Done():
		return 0, true
	}
}

func (p *schedulePacer) Rate(time.Duration) float64 { return p.rate }

// intended is the time invocation i was meant to leave.
func (p *schedulePacer) intended(i int) time.Time { return p.began.Add(p.offset(i)) }
