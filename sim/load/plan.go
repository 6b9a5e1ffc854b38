package load

import (
	"math"
	"time"
)

// Pattern names the shape of a load.
type Pattern string

// The load patterns.
const (
	// Sequential sends one invocation after another, as fast as the platform
	// answers, Count times or until Duration: the article's test script.
	Sequential Pattern = "sequential"
	// Constant sends at a fixed Rate (open loop).
	Constant Pattern = "constant"
	// Poisson sends at random, exponentially spaced times with mean Rate
	// (open loop), drawn from Seed.
	Poisson Pattern = "poisson"
	// Bursts sends Burst.Count groups of Burst.Size simultaneous invocations,
	// idling Burst.Gap between the end of one group and the start of the next.
	Bursts Pattern = "bursts"
	// Concurrent runs Concurrency virtual users in a closed loop until Count
	// invocations have been sent or Duration is over.
	Concurrent Pattern = "concurrent"
	// FromTrace replays Trace's invocations per minute (open loop), the
	// first Count of them if Count is set.
	FromTrace Pattern = "trace"
)

// MaxInvocations bounds the size of one plan; a plan beyond it is a typo,
// not a load test of a single machine.
const MaxInvocations = 10_000_000

// DefaultMaxInFlight is the bound on invocations in flight when a plan sets
// no MaxInFlight.
const DefaultMaxInFlight = 10_000

// Plan describes the invocations of one run. Fields that a pattern does not
// use are ignored, so a scenario file's defaults may set them all.
type Plan struct {
	Pattern Pattern
	// Count is the number of invocations (sequential, concurrent) or of
	// arrivals (constant, poisson); 0 leaves the run to Duration.
	Count int
	// Rate is the mean number of invocations per second (constant, poisson).
	Rate float64
	// Duration bounds every pattern in time: no invocation leaves Duration
	// or later after the run starts, and those in flight then are answered.
	// With a count, the run ends at whichever comes first; 0 leaves the run
	// to the counts.
	Duration time.Duration
	// Concurrency is the number of virtual users (concurrent).
	Concurrency int
	// Burst shapes the bursts pattern.
	Burst Burst
	// Trace is the trace pattern's invocations.
	Trace Trace
	// MaxInFlight bounds the invocations in flight at once in an open loop
	// (constant, poisson, trace) and in each burst; 0 means DefaultMaxInFlight. An
	// arrival beyond it is not sent but dropped, and still comes out as a
	// Result with Dropped set: a platform that falls behind then costs a
	// bounded number of goroutines and sockets, not a queue that grows for
	// as long as the run lasts. Closed loops have Concurrency in flight at
	// most and ignore it.
	MaxInFlight int
	// Seed draws the poisson arrivals and a trace's spread, so a run
	// repeats.
	Seed uint64
}

// Burst is a group of simultaneous invocations.
type Burst struct {
	Size int // invocations in each group
	// Gap is the idle time between the end of a group and the start of the
	// next.
	Gap time.Duration
	// Count is the number of groups; 0 repeats them until the plan's
	// Duration is over.
	Count int
}

// Validate reports a plan that cannot run, as a *PlanError. Run refuses
// exactly the plans it refuses.
func (p Plan) Validate() error {
	switch {
	case p.Count < 0:
		return planErrorf("Count", "count %d is negative", p.Count)
	case p.Duration < 0:
		return planErrorf("Duration", "duration %v is negative", p.Duration)
	case p.MaxInFlight < 0:
		return planErrorf("MaxInFlight", "max in flight %d is negative", p.MaxInFlight)
	}
	switch p.Pattern {
	case Sequential, Concurrent:
		if p.Count == 0 && p.Duration == 0 {
			return planErrorf("Count", "%s needs a count or a duration", p.Pattern)
		}
		if p.Pattern == Concurrent && p.Concurrency <= 0 {
			return planErrorf("Concurrency", "concurrent needs a concurrency > 0, got %d", p.Concurrency)
		}
		if p.Count > MaxInvocations {
			return tooMany("Count", p.Count)
		}
		return nil
	case Bursts:
		return p.Burst.validate(p.Duration)
	case Constant, Poisson:
		return p.validateSchedule()
	case FromTrace:
		return p.validateTrace()
	case "":
		return planErrorf("Pattern", "no pattern (want sequential, constant, poisson, bursts, concurrent or trace)")
	default:
		return planErrorf("Pattern", "unknown pattern %q (want sequential, constant, poisson, bursts, concurrent or trace)", p.Pattern)
	}
}

// Total is the number of Results a run of the plan delivers unless it is
// cancelled, dropped arrivals included: exactly for open loops, at most for
// closed loops and bursts, whose Duration may end them first. It is 0 when
// the plan is invalid, or when only a Duration ends a closed loop or bursts,
// since then no one knows in advance.
func (p Plan) Total() int {
	if p.Validate() != nil {
		return 0
	}
	switch p.Pattern {
	case Bursts:
		return p.Burst.Size * p.Burst.Count
	case Constant, Poisson, FromTrace:
		return p.scheduled()
	default:
		return p.Count
	}
}

// maxInFlight is MaxInFlight with its default.
func (p Plan) maxInFlight() int {
	if p.MaxInFlight == 0 {
		return DefaultMaxInFlight
	}
	return p.MaxInFlight
}

// users is the number of virtual users of a closed loop.
func (p Plan) users() int {
	if p.Pattern == Sequential {
		return 1
	}
	if p.Count > 0 {
		return min(p.Concurrency, p.Count)
	}
	return p.Concurrency
}

func (b Burst) validate(d time.Duration) error {
	switch {
	case b.Size <= 0:
		return planErrorf("Burst.Size", "bursts need a size > 0, got %d", b.Size)
	case b.Count < 0:
		return planErrorf("Burst.Count", "burst count %d is negative", b.Count)
	case b.Count == 0 && d == 0:
		return planErrorf("Burst.Count", "bursts need a count or a duration")
	case b.Gap < 0:
		return planErrorf("Burst.Gap", "burst gap %v is negative", b.Gap)
	case b.Count > 0 && b.Size > MaxInvocations/b.Count:
		return tooMany("Burst.Count", float64(b.Size)*float64(b.Count))
	}
	return nil
}

func tooMany[N int | float64](field string, n N) error {
	return planErrorf(field, "plan makes %v invocations, more than %d", n, MaxInvocations)
}

// rateOK rejects rates that are not a positive finite number.
func rateOK(r float64) error {
	if !(r > 0) || math.IsInf(r, 0) {
		return planErrorf("Rate", "rate %v is not a positive number of invocations per second", r)
	}
	return nil
}
