package netem

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// Config describes one emulated network path between the function and the
// services it calls.
type Config struct {
	// RTT is the round-trip time; each direction is delayed by half of it.
	RTT time.Duration
	// Jitter is added to each one-way delay. It is usually centred on 0;
	// a delay never goes below zero and chunks are never reordered.
	Jitter dist.Duration
	// Spikes add a rare extra delay to a flight.
	Spikes dist.Spikes
	// Bandwidth limits each direction to this many bytes per second;
	// 0 means unlimited.
	Bandwidth int64
	// DNS is the latency of one lookup of a name not in the resolver's cache.
	DNS time.Duration
	// Middlebox, when its IdleTimeout is set, forgets idle connections.
	Middlebox Middlebox
	// Seed fixes the jitter and spike sequences so runs repeat.
	Seed uint64
}

// Validate reports a configuration the link cannot emulate.
func (c Config) Validate() error {
	var errs []error
	if c.RTT < 0 {
		errs = append(errs, fmt.Errorf("rtt %v is negative", c.RTT))
	}
	if err := c.Jitter.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("jitter: %w", err))
	}
	if err := c.Spikes.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("spikes: %w", err))
	}
	if c.Bandwidth < 0 {
		errs = append(errs, fmt.Errorf("bandwidth %d is negative", c.Bandwidth))
	}
	if c.DNS < 0 {
		errs = append(errs, fmt.Errorf("dns %v is negative", c.DNS))
	}
	if err := c.Middlebox.validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("netem: invalid config: %w", err)
	}
	return nil
}

// Option customises a Link.
type Option func(*Link)

// WithScheduler makes the link deliver through s, so several links share one
// scheduler thread. The caller keeps ownership: close s after the link.
func WithScheduler(s *Scheduler) Option {
	return func(l *Link) { l.sched = s }
}

// WithLogger sets where the link reports socket errors of outside clients.
func WithLogger(log *slog.Logger) Option {
	return func(l *Link) { l.log = log }
}
