package load

import (
	"math"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// An open loop's send times are fixed before the attack starts, so the
// intended time of every invocation is known whatever the platform does.
// They are drawn as the attack goes rather than held, so that a long plan
// costs no memory per invocation.

func (p Plan) validateSchedule() error {
	if err := rateOK(p.Rate); err != nil {
		return err
	}
	if p.Count == 0 && p.Duration == 0 {
		return planErrorf("Count", "%s needs a count or a duration", p.Pattern)
	}
	if p.Count > MaxInvocations {
		return tooMany("Count", p.Count)
	}
	if expected := p.Rate * p.Duration.Seconds(); p.Count == 0 && expected > MaxInvocations {
		return tooMany("Duration", expected)
	}
	if p.Pattern == Poisson {
		if p.poissonMean() <= 0 {
			return planErrorf("Rate", "rate %v/s is too high to schedule", p.Rate)
		}
		if _, ok := p.arrivals()(); !ok {
			return planErrorf("Duration", "the poisson schedule has no arrival before the duration ends; raise the rate or the duration, or change the seed")
		}
	}
	// A constant schedule's first arrival leaves at once, inside any
	// duration.
	return nil
}

// arrivals returns the schedule as offsets from the start of the attack,
// one per call in order; ok is false after the last.
func (p Plan) arrivals() func() (offset time.Duration, ok bool) {
	switch p.Pattern {
	case Poisson:
		return p.poisson()
	case FromTrace:
		return p.replay()
	}
	n, i := p.constantCount(), 0
	return func() (time.Duration, bool) {
		if i >= n {
			return 0, false
		}
		i++
		return p.constantOffset(i - 1), true
	}
}

// scheduled counts the arrivals of a valid schedule.
func (p Plan) scheduled() int {
	if p.Pattern == Constant {
		return p.constantCount()
	}
	if p.Pattern == Poisson && p.Duration == 0 {
		return p.Count
	}
	next, n := p.arrivals(), 0
	for _, ok := next(); ok; _, ok = next() {
		n++
	}
	return n
}

func (p Plan) constantOffset(i int) time.Duration {
	return time.Duration(math.Round(float64(i) * float64(time.Second) / p.Rate))
}

func (p Plan) constantCount() int {
	n := p.Count
	if p.Duration > 0 {
		// Rounding makes the formula off by one at the edge; the loops settle
		// it against constantOffset itself, the one definition of a send time.
		m := int(math.Ceil(p.Duration.Seconds() * p.Rate))
		for m > 0 && p.constantOffset(m-1) >= p.Duration {
			m--
		}
		for p.constantOffset(m) < p.Duration {
			m++
		}
		if n == 0 || m < n {
			n = m
		}
	}
	return n
}

func (p Plan) poissonMean() time.Duration {
	return time.Duration(math.Round(float64(time.Second) / p.Rate))
}

// poisson draws exponential gaps, so arrivals form a Poisson process whose
// first arrival is itself one gap after the start.
func (p Plan) poisson() func() (time.Duration, bool) {
	gaps := dist.Duration{Kind: dist.Exponential, Mean: p.poissonMean()}.Sampler(p.Seed)
	var t time.Duration
	n := 0
	done := false
	return func() (time.Duration, bool) {
		if done || p.Count > 0 && n >= p.Count {
			return 0, false
		}
		t += gaps.Next()
		if p.Duration > 0 && t >= p.Duration {
			done = true
			return 0, false
		}
		n++
		return t, true
	}
}
