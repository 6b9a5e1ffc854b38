package dist

import (
	"fmt"
	"time"
)

// Spikes model the rare, large delays that dominate real p99 and max
// latencies: with Probability a draw adds one sample of Size.
type Spikes struct {
	Probability float64
	Size        Duration
}

// Validate reports spikes that cannot be sampled.
func (s Spikes) Validate() error {
	if s.Probability < 0 || s.Probability > 1 {
		return fmt.Errorf("spike probability %v is outside [0, 1]", s.Probability)
	}
	if err := s.Size.Validate(); err != nil {
		return fmt.Errorf("spike size: %w", err)
	}
	return nil
}

// SpikeSampler draws spikes from a seeded stream.
type SpikeSampler struct {
	p    float64
	size *Sampler
}

// Sampler returns a sampler of s seeded with seed.
func (s Spikes) Sampler(seed uint64) *SpikeSampler {
	return &SpikeSampler{p: s.Probability, size: s.Size.Sampler(seed)}
}

// Next returns the extra delay of one draw: zero unless a spike happens.
func (s *SpikeSampler) Next() time.Duration {
	if s.p <= 0 || s.size.Float64() >= s.p {
		return 0
	}
	return max(0, s.size.Next())
}
