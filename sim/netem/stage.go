package netem

import (
	"sync/atomic"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// A chunk is what one direction of a connection carries: the bytes of one
// write, or a marker (end of stream, or a control flight of the handshake).
type chunk struct {
	data []byte
	eof  bool
	// at starts as the instant the chunk was handed to the link; each stage
	// moves it later, and it ends as the instant it reaches the far end.
	at time.Time
}

// A stage is one effect of the path on a chunk's timing. Stages run in order,
// under the path's lock, at the moment a chunk enters the path.
type stage interface {
	apply(c *chunk)
}

// handshakeStage charges an outside client the TCP handshake its kernel
// completed at once. Whatever the client sends before it has heard from the
// server, it would have sent that much later had the handshake taken its
// round trip, so those chunks leave shifted by the handshake's duration. Once
// the server has answered, the client's bytes react to delayed data and need
// no shift.
type handshakeStage struct {
	shift    time.Duration
	answered atomic.Bool
}

func (s *handshakeStage) apply(c *chunk) {
	if !s.answered.Load() {
		c.at = c.at.Add(s.shift)
	}
}

// bandwidthStage serialises chunks onto a line of fixed capacity: a chunk
// starts when the line is free and takes len/bandwidth to go through.
type bandwidthStage struct {
	bytesPerSecond int64
	free           time.Time
}

func (s *bandwidthStage) apply(c *chunk) {
	start := c.at
	if start.Before(s.free) {
		start = s.free
	}
	tx := time.Duration(int64(len(c.data)) * int64(time.Second) / s.bytesPerSecond)
	c.at = start.Add(tx)
	s.free = c.at
}

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

func (s *latencyStage) apply(c *chunk) {
	c.at = c.at.Add(s.delay())
	if c.at.Before(s.last) {
		c.at = s.last
	}
	s.last = c.at
}
