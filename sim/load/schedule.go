package load

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// schedule fixes an open loop's send times before the attack starts, so the
// intended time of every invocation is known whatever the platform does.
func (p Plan) schedule() (offset func(int) time.Duration, n int, err error) {
	if err := rateOK(p.Rate); err != nil {
		return nil, 0, err
	}
	if p.Duration < 0 {
		return nil, 0, fmt.Errorf("load: duration %v is negative", p.Duration)
	}
	if p.Count == 0 && p.Duration == 0 {
		return nil, 0, fmt.Errorf("load: %s needs a count or a duration", p.Pattern)
	}
	if expected := p.Rate * p.Duration.Seconds(); p.Count > MaxInvocations || (p.Count == 0 && expected > MaxInvocations) {
		return nil, 0, tooMany(math.Max(float64(p.Count), expected))
	}
	if p.Pattern == Poisson {
		return p.poisson()
	}
	return p.constant()
}

func (p Plan) constant() (func(int) time.Duration, int, error) {
	interval := float64(time.Second) / p.Rate
	offset := func(i int) time.Duration { return time.Duration(math.Round(float64(i) * interval)) }
	n := p.Count
	if p.Duration > 0 {
		// Rounding makes the formula off by one at the edge; the loops settle it
		// against offset itself, the one definition of a send time.
		m := int(math.Ceil(p.Duration.Seconds() * p.Rate))
		for m > 0 && offset(m-1) >= p.Duration {
			m--
		}
		for offset(m) < p.Duration {
			m++
		}
		if n == 0 || m < n {
			n = m
		}
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("load: no invocation fits in %v at %v/s", p.Duration, p.Rate)
	}
	return offset, n, nil
}

// poisson draws exponential gaps, so arrivals form a Poisson process whose
// first arrival is itself one gap after the start.
func (p Plan) poisson() (func(int) time.Duration, int, error) {
	mean := time.Duration(math.Round(float64(time.Second) / p.Rate))
	if mean <= 0 {
		return nil, 0, fmt.Errorf("load: rate %v/s is too high to schedule", p.Rate)
	}
	gaps := dist.Duration{Kind: dist.Exponential, Mean: mean}.Sampler(p.Seed)
	limit := p.Count
	if limit == 0 {
		limit = MaxInvocations
	}
	var offsets []time.Duration
	var t time.Duration
	for len(offsets) < limit {
		t += gaps.Next()
		if p.Duration > 0 && t >= p.Duration {
			break
		}
		offsets = append(offsets, t)
	}
	if len(offsets) == 0 {
		return nil, 0, errors.New("load: the poisson schedule has no arrival before the duration ends; raise the rate or the duration, or change the seed")
	}
	return func(i int) time.Duration { return offsets[i] }, len(offsets), nil
}
