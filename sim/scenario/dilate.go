package scenario

import (
	"math"
	"time"
)

// Dilated returns the scenario as the host must run it under its time
// dilation K, after Gupta et al., "To Infinity and Beyond: Time-Warped
// Network Emulation" (NSDI 2006): every modelled duration is K times longer
// (link delays, jitter and spikes, DNS, the database's time and idle
// timeout, init, the platform's timeouts and lifetimes, the agent's
// free-socket timeout, the load's gaps and time bound) and every rate K
// times lower (bandwidth, arrivals). The host then has K times as long for
// the same modelled work, so its CPU looks K times faster once measured
// durations are divided by K. With K = 1 the scenario is returned as is.
func (s Scenario) Dilated() Scenario {
	k := s.TimeDilation
	if k <= 1 {
		return s
	}
	d := func(v time.Duration) time.Duration { return time.Duration(math.Round(float64(v) * k)) }
	n := &s.Network
	n.RTT, n.DNS = d(n.RTT), d(n.DNS)
	n.Jitter = n.Jitter.Scaled(k)
	n.Spikes.Size = n.Spikes.Size.Scaled(k)
	if n.Bandwidth > 0 {
		n.Bandwidth = max(1, int64(math.Round(float64(n.Bandwidth)/k)))
	}
	u := &s.Upstream
	u.ServerTime = u.ServerTime.Scaled(k)
	u.IdleTimeout = d(u.IdleTimeout)
	p := &s.Platform
	p.Init = p.Init.Scaled(k)
	p.IdleTimeout, p.MaxLifetime = d(p.IdleTimeout), d(p.MaxLifetime)
	a := &s.Function.Agent
	a.FreeSocketTimeout = d(a.FreeSocketTimeout)
	l := &s.Load
	l.Rate /= k
	l.Duration = d(l.Duration)
	l.Burst.Gap = d(l.Burst.Gap)
	return s
}
