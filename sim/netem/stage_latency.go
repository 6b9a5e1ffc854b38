package netem

import (
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// latencyStage adds the propagation delay: half the RTT, plus jitter and the
// occasional spike, never negative and never overtaking the chunk before.
type latencyStage struct {
	oneWay time.Duration
	jitter *dist.Sampler      // nil: none
	spikes *dist.SpikeSampler // nil: none
	last   time.Time
}

func newLatencyStage(cfg Config, seed uint64) *latencyStage {
	s := &latencyStage{oneWay: cfg.RTT / 2}
	if !cfg.Jitter.IsZero() {
		s.jitter = cfg.Jitter.Sampler(seed)
	}
	if cfg.Spikes.Probability > 0 {
		s.spikes = cfg.Spikes.Sampler(seed ^ 0x5bd1e995)
	}
	return s
}

func (s *latencyStage) delay() time.Duration {
	d := s.oneWay
	if s.jitter != nil {
		d += s.jitter.Next()
	}
	if s.spikes != nil {
		d += s.spikes.Next()
	}
	return max(d, 0)
}

func (s *latencyStage) apply(c *chunk) verdict {
	c.at = c.at.Add(s.delay())
	if c.at.Before(s.last) {
		c.at = s.last
	}
	s.last = c.at
	return deliver
}
