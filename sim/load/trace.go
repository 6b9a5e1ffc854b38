package load

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Spread says where within its minute a trace's invocations fall.
type Spread string

// The spreads of a trace's minute.
const (
	// SpreadUniform places a minute's invocations at independent uniform
	// times within it.
	SpreadUniform Spread = "uniform"
	// SpreadPoisson makes each minute a Poisson process at that minute's
	// rate, so a minute's count varies around the trace's.
	SpreadPoisson Spread = "poisson"
	// SpreadEquidistant spaces a minute's invocations evenly, the first at
	// the minute's start.
	SpreadEquidistant Spread = "equidistant"
)

// Trace is a replayed invocation trace: counts per minute, as the Azure
// Functions dataset gives them.
type Trace struct {
	PerMinute []int
	Spread    Spread
	// Minute is how long one minute of the trace lasts in the run:
	// time.Minute, or less when the trace is compressed.
	Minute time.Duration
}

func (t Trace) validate() error {
	switch {
	case len(t.PerMinute) == 0:
		return planErrorf("Trace.PerMinute", "the trace has no minutes")
	case t.Minute <= 0:
		return planErrorf("Trace.Minute", "a trace minute of %v does not pass", t.Minute)
	}
	switch t.Spread {
	case SpreadUniform, SpreadPoisson, SpreadEquidistant:
	default:
		return planErrorf("Trace.Spread", "unknown spread %q (want uniform, poisson or equidistant)", t.Spread)
	}
	total := 0
	for m, c := range t.PerMinute {
		if c < 0 {
			return planErrorf("Trace.PerMinute", "minute %d has %d invocations", m+1, c)
		}
		if total += c; total > MaxInvocations {
			return tooMany("Trace.PerMinute", total)
		}
	}
	if total == 0 {
		return planErrorf("Trace.PerMinute", "the trace has no invocations")
	}
	return nil
}

// rate is the trace's mean rate in invocations per second of the run.
func (t Trace) rate() float64 {
	total := 0
	for _, c := range t.PerMinute {
		total += c
	}
	return float64(total) / (float64(len(t.PerMinute)) * t.Minute.Seconds())
}

func (t Trace) String() string {
	return fmt.Sprintf("%d minutes of %v, %s", len(t.PerMinute), t.Minute, t.Spread)
}

// replay returns the trace's arrivals as offsets from the start, in order.
// It draws them minute by minute in constant memory: a minute with a
// million invocations costs no more to hold than one with none.
func (p Plan) replay() func() (time.Duration, bool) {
	t := p.Trace
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	minute := float64(t.Minute)
	var (
		m    = -1    // the current minute
		left int     // invocations still to place in it (uniform, equidistant)
		k    int     // invocations placed in it so far
		x    float64 // the last position placed, in minutes from its start
		n    int     // arrivals so far
	)
	next := func() (float64, bool) {
		for {
			if m >= 0 && m < len(t.PerMinute) {
				c := t.PerMinute[m]
				switch t.Spread {
				case SpreadEquidistant:
					if k < c {
						k++
						return float64(k-1) / float64(c), true
					}
				case SpreadUniform:
					// The next of left sorted uniforms on (x, 1): the
					// smallest of left uniforms lies above x with
					// probability (1-v)^left, which inverts to this.
					if left > 0 {
						x = 1 - (1-x)*math.Pow(rng.Float64(), 1/float64(left))
						left--
						return x, true
					}
				case SpreadPoisson:
					if c > 0 {
						x += rng.ExpFloat64() / float64(c)
						if x < 1 {
							return x, true
						}
					}
				}
			}
			m++
			if m >= len(t.PerMinute) {
				return 0, false
			}
			left, k, x = t.PerMinute[m], 0, 0
		}
	}
	return func() (time.Duration, bool) {
		if p.Count > 0 && n >= p.Count {
			return 0, false
		}
		pos, ok := next()
		if !ok {
			return 0, false
		}
		at := time.Duration(math.Round((float64(m) + pos) * minute))
		if p.Duration > 0 && at >= p.Duration {
			m = len(t.PerMinute)
			return 0, false
		}
		n++
		return at, true
	}
}

func (p Plan) validateTrace() error {
	if err := p.Trace.validate(); err != nil {
		return err
	}
	if p.Count > MaxInvocations {
		return tooMany("Count", p.Count)
	}
	if _, ok := p.replay()(); !ok {
		return planErrorf("Duration", "the trace has no invocation before the duration ends")
	}
	return nil
}
