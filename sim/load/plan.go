package load

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Pattern names the shape of a load.
type Pattern string

// The load patterns.
const (
	// Sequential sends one invocation after another, as fast as the platform
	// answers, Count times: the article's test script.
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
	// invocations have been sent.
	Concurrent Pattern = "concurrent"
)

// MaxInvocations bounds the size of one plan; a plan beyond it is a typo,
// not a load test of a single machine.
const MaxInvocations = 10_000_000

// Plan describes the invocations of one run. Fields that a pattern does not
// use are ignored, so a scenario file's defaults may set them all.
type Plan struct {
	Pattern Pattern
	// Count is the number of invocations (sequential, concurrent) or an upper
	// bound on them (constant, poisson; 0 = bounded by Duration only).
	Count int
	// Rate is the mean number of invocations per second (constant, poisson).
	Rate float64
	// Duration bounds the schedule of an open loop: only invocations meant to
	// leave before it are sent (constant, poisson; 0 = bounded by Count only).
	Duration time.Duration
	// Concurrency is the number of virtual users (concurrent).
	Concurrency int
	// Burst shapes the bursts pattern.
	Burst Burst
	// Seed draws the poisson arrivals, so a run repeats.
	Seed uint64
}

// Burst is a group of simultaneous invocations.
type Burst struct {
	Size  int           // invocations in each group
	Gap   time.Duration // idle time between the end of a group and the start of the next
	Count int           // number of groups
}

// Validate reports a plan that cannot run.
func (p Plan) Validate() error {
	_, _, err := p.phases()
	return err
}

// Total is the number of invocations the plan sends when it is not cancelled,
// or 0 when the plan is invalid.
func (p Plan) Total() int {
	_, n, err := p.phases()
	if err != nil {
		return 0
	}
	return n
}

// phase is the work of one vegeta attacker.
type phase struct {
	index int
	count int
	// users is the number of virtual users of a closed loop; 0 marks an open
	// loop, where vegeta adds workers whenever all are busy at a send time.
	users int
	// offset is an open loop's intended send time of invocation i, from the
	// start of the attack.
	offset func(i int) time.Duration
	// rate is an open loop's mean rate per second.
	rate float64
	// gap is the idle time before the phase starts.
	gap time.Duration
}

func (p Plan) phases() ([]phase, int, error) {
	if p.Count < 0 {
		return nil, 0, fmt.Errorf("load: count %d is negative", p.Count)
	}
	switch p.Pattern {
	case Sequential:
		if p.Count == 0 {
			return nil, 0, errors.New("load: sequential needs a count > 0")
		}
		if p.Count > MaxInvocations {
			return nil, 0, tooMany(p.Count)
		}
		return []phase{{count: p.Count, users: 1}}, p.Count, nil
	case Concurrent:
		if p.Count == 0 {
			return nil, 0, errors.New("load: concurrent needs a count > 0")
		}
		if p.Concurrency <= 0 {
			return nil, 0, fmt.Errorf("load: concurrent needs a concurrency > 0, got %d", p.Concurrency)
		}
		if p.Count > MaxInvocations {
			return nil, 0, tooMany(p.Count)
		}
		return []phase{{count: p.Count, users: min(p.Concurrency, p.Count)}}, p.Count, nil
	case Bursts:
		return p.Burst.phases()
	case Constant, Poisson:
		offset, n, err := p.schedule()
		if err != nil {
			return nil, 0, err
		}
		return []phase{{count: n, offset: offset, rate: p.Rate}}, n, nil
	case "":
		return nil, 0, errors.New("load: no pattern (want sequential, constant, poisson, bursts or concurrent)")
	default:
		return nil, 0, fmt.Errorf("load: unknown pattern %q (want sequential, constant, poisson, bursts or concurrent)", p.Pattern)
	}
}

func (b Burst) phases() ([]phase, int, error) {
	switch {
	case b.Size <= 0:
		return nil, 0, fmt.Errorf("load: bursts need a size > 0, got %d", b.Size)
	case b.Count <= 0:
		return nil, 0, fmt.Errorf("load: bursts need a count > 0, got %d", b.Count)
	case b.Gap < 0:
		return nil, 0, fmt.Errorf("load: burst gap %v is negative", b.Gap)
	case b.Size > MaxInvocations/b.Count:
		return nil, 0, tooMany(float64(b.Size) * float64(b.Count))
	}
	phases := make([]phase, b.Count)
	for i := range phases {
		phases[i] = phase{index: i, count: b.Size, users: b.Size}
		if i > 0 {
			phases[i].gap = b.Gap
		}
	}
	return phases, b.Size * b.Count, nil
}

func tooMany[N int | float64](n N) error {
	return fmt.Errorf("load: plan makes %v invocations, more than %d", n, MaxInvocations)
}

// rateOK rejects rates that are not a positive finite number.
func rateOK(r float64) error {
	if !(r > 0) || math.IsInf(r, 0) {
		return fmt.Errorf("load: rate %v is not a positive number of invocations per second", r)
	}
	return nil
}
