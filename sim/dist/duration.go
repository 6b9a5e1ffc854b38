package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// Kind names the shape of a Duration.
type Kind string

// The shapes a Duration can take.
const (
	Fixed       Kind = "fixed"
	Uniform     Kind = "uniform"
	Normal      Kind = "normal"
	Exponential Kind = "exponential"
)

// Duration describes a distribution of durations. The zero value is a fixed
// zero duration.
type Duration struct {
	Kind Kind
	// Mean is the fixed value, the centre of a uniform or normal
	// distribution, or the mean of an exponential one.
	Mean time.Duration
	// Spread is the half-width of a uniform distribution or the standard
	// deviation of a normal one.
	Spread time.Duration
	// Cap, when positive, bounds how far a sample may stray from Mean, so a
	// normal tail cannot produce absurd values.
	Cap time.Duration
}

// Constant is a fixed duration.
func Constant(d time.Duration) Duration { return Duration{Kind: Fixed, Mean: d} }

// Validate reports a description that cannot be sampled.
func (d Duration) Validate() error {
	switch d.Kind {
	case "", Fixed, Uniform, Normal, Exponential:
	default:
		return fmt.Errorf("unknown distribution %q (want fixed, uniform, normal or exponential)", d.Kind)
	}
	if d.Spread < 0 {
		return fmt.Errorf("spread %v is negative", d.Spread)
	}
	if d.Cap < 0 {
		return fmt.Errorf("cap %v is negative", d.Cap)
	}
	if d.Kind == Exponential && d.Mean < 0 {
		return fmt.Errorf("exponential mean %v is negative", d.Mean)
	}
	return nil
}

// IsZero reports whether every sample is zero.
func (d Duration) IsZero() bool {
	return d.Mean == 0 && (d.Spread == 0 || d.Kind == Fixed || d.Kind == "" || d.Kind == Exponential)
}

// String describes the distribution the way a scenario file would.
func (d Duration) String() string {
	switch d.Kind {
	case Uniform:
		return fmt.Sprintf("uniform(%v±%v)", d.Mean, d.Spread)
	case Normal:
		return fmt.Sprintf("normal(%v, sd %v)", d.Mean, d.Spread)
	case Exponential:
		return fmt.Sprintf("exponential(mean %v)", d.Mean)
	default:
		return d.Mean.String()
	}
}

// Sampler draws from a Duration. It is safe for concurrent use; the sequence
// of draws is fixed by the seed.
type Sampler struct {
	d   Duration
	mu  sync.Mutex
	rng *rand.Rand
}

// Sampler returns a sampler of d seeded with seed.
func (d Duration) Sampler(seed uint64) *Sampler {
	return &Sampler{d: d, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Next draws one duration. Samples of a distribution centred near zero can be
// negative; callers that need a non-negative time clamp it.
func (s *Sampler) Next() time.Duration {
	d := s.d
	var v float64
	switch d.Kind {
	case Uniform:
		s.mu.Lock()
		u := s.rng.Float64()
		s.mu.Unlock()
		v = float64(d.Mean) + (2*u-1)*float64(d.Spread)
	case Normal:
		s.mu.Lock()
		n := s.rng.NormFloat64()
		s.mu.Unlock()
		v = float64(d.Mean) + n*float64(d.Spread)
	case Exponential:
		s.mu.Lock()
		e := s.rng.ExpFloat64()
		s.mu.Unlock()
		v = e * float64(d.Mean)
	default:
		return d.Mean
	}
	if d.Cap > 0 {
		v = math.Max(float64(d.Mean-d.Cap), math.Min(float64(d.Mean+d.Cap), v))
	}
	return time.Duration(math.Round(v))
}

// Float64 draws a number in [0, 1) from the sampler's stream, for decisions
// such as whether a rare event happens, so they repeat with the seed too.
func (s *Sampler) Float64() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64()
}

// Scaled returns d with every duration in it multiplied by k, for time
// dilation: the shape stays, the time stretches.
func (d Duration) Scaled(k float64) Duration {
	s := func(v time.Duration) time.Duration { return time.Duration(math.Round(float64(v) * k)) }
	d.Mean, d.Spread, d.Cap = s(d.Mean), s(d.Spread), s(d.Cap)
	return d
}
