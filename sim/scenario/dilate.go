package scenario

import (
	"fmt"
	"math"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// Dilated returns the scenario as the host must run it under its time
// dilation K, after Gupta et al., "To Infinity and Beyond: Time-Warped
// Network Emulation" (NSDI 2006): every modelled duration is K times longer
// (link delays, jitter and spikes, DNS, the database's time and idle
// timeout, init, the platform's timeouts and lifetimes, the agent's
// free-socket timeout, the middlebox's idle timeout, the function's timeout
// and retry backoff, the load's gaps, trace minutes and time bound) and
// every rate K times lower (bandwidth, arrivals). The host then has K times
// as long for the same modelled work, so its CPU looks K times faster once
// measured durations are divided by K. With K = 1 the scenario is returned as is.
func (s Scenario) Dilated() Scenario {
	k := s.TimeDilation
	if k <= 1 {
		return s
	}
	d := func(v time.Duration) time.Duration { return time.Duration(math.Round(float64(v) * k)) }
	n := &s.Network
	n.RTT, n.DNS = d(n.RTT), d(n.DNS)
	n.Middlebox.IdleTimeout = d(n.Middlebox.IdleTimeout)
	n.Jitter = n.Jitter.Scaled(k)
	n.Spikes.Size = n.Spikes.Size.Scaled(k)
	if n.Bandwidth > 0 {
		n.Bandwidth = max(1, int64(math.Round(float64(n.Bandwidth)/k)))
	}
	u := &s.Upstream
	u.ServerTime = u.ServerTime.Scaled(k)
	u.IdleTimeout, u.KeepAliveHint = d(u.IdleTimeout), d(u.KeepAliveHint)
	p := &s.Platform
	p.Init = p.Init.Scaled(k)
	p.IdleTimeout, p.MaxLifetime = d(p.IdleTimeout), d(p.MaxLifetime)
	p.InvocationTimeout = d(p.InvocationTimeout)
	a := &s.Function.Agent
	a.FreeSocketTimeout = d(a.FreeSocketTimeout)
	a.HintThreshold, a.MaxHintTimeout = d(a.HintThreshold), d(a.MaxHintTimeout)
	s.Function.ClientInit = d(s.Function.ClientInit)
	f := &s.Function
	f.Timeout, f.Retry.Backoff = d(f.Timeout), d(f.Retry.Backoff)
	l := &s.Load
	l.Rate /= k
	l.Duration = d(l.Duration)
	l.Burst.Gap = d(l.Burst.Gap)
	if l.Trace.TimeScale > 0 {
		// A trace minute lasts a minute divided by the time scale.
		l.Trace.TimeScale /= k
	}
	return s
}

// span is a modelled duration and the field that sets it.
type span struct {
	field string
	v     time.Duration
}

// modelled are the durations Dilated stretches.
func (s Scenario) modelled() []span {
	out := []span{
		{"network.rtt", s.Network.RTT},
		{"network.dns", s.Network.DNS},
		{"network.middlebox.idle_timeout", s.Network.Middlebox.IdleTimeout},
		{"function.timeout", s.Function.Timeout},
		{"function.retry.backoff", s.Function.Retry.Backoff},
		{"upstream.idle_timeout", s.Upstream.IdleTimeout},
		{"platform.idle_timeout", s.Platform.IdleTimeout},
		{"platform.max_lifetime", s.Platform.MaxLifetime},
		{"platform.invocation_timeout", s.Platform.InvocationTimeout},
		{"function.agent.free_socket_timeout", s.Function.Agent.FreeSocketTimeout},
		{"function.client_init", s.Function.ClientInit},
		{"load.duration", s.Load.Duration},
		{"load.burst.gap", s.Load.Burst.Gap},
	}
	dists := []struct {
		field string
		v     dist.Duration
	}{
		{"network.jitter", s.Network.Jitter},
		{"network.spikes.size", s.Network.Spikes.Size},
		{"upstream.server_time", s.Upstream.ServerTime},
		{"platform.init", s.Platform.Init},
	}
	for _, d := range dists {
		out = append(out, span{d.field + ".mean", d.v.Mean}, span{d.field + ".spread", d.v.Spread}, span{d.field + ".cap", d.v.Cap})
	}
	return out
}

// stretches reports the first modelled duration that dilation k would make
// longer than a time.Duration holds: it would wrap around or saturate,
// depending on the machine.
func (s Scenario) stretches(k float64) error {
	if k <= 1 {
		return nil
	}
	if s.Upstream.Target.URL != "" {
		return fmt.Errorf("cannot stretch scenario %s: it calls a real endpoint, whose network runs in real time", s.Name)
	}
	for _, m := range s.modelled() {
		if float64(m.v)*k >= math.MaxInt64 {
			return fmt.Errorf("stretches %s of scenario %s (%v) past the longest duration, about 292 years", m.field, s.Name, m.v)
		}
	}
	return nil
}
