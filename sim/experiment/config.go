package experiment

import (
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// The scenario file speaks in the user's terms; these turn each group into
// the configuration of the layer that owns it.

func linkConfig(s scenario.Scenario) netem.Config {
	n := s.Network
	return netem.Config{
		RTT:       n.RTT,
		Jitter:    n.Jitter,
		Spikes:    n.Spikes,
		Bandwidth: n.Bandwidth,
		DNS:       n.DNS,
		Middlebox: netem.Middlebox{IdleTimeout: n.Middlebox.IdleTimeout, Action: n.Middlebox.Action},
		Seed:      dist.Derive(s.Seed, "network"),
	}
}

func upstreamConfig(s scenario.Scenario, token string) (upstream.Config, error) {
	v, err := simtls.ParseVersion(s.Upstream.TLS)
	if err != nil {
		return upstream.Config{}, err
	}
	return upstream.Config{
		Token:         token,
		ServerTime:    s.Upstream.ServerTime,
		IdleTimeout:   s.Upstream.IdleTimeout,
		IdleClose:     s.Upstream.IdleClose,
		KeepAliveHint: s.Upstream.KeepAliveHint,
		TLS:           simtls.ServerOptions{MinVersion: v, MaxVersion: v, SessionTickets: s.Upstream.SessionTickets},
		Seed:          dist.Derive(s.Seed, "upstream.server_time"),
	}, nil
}

func function(s scenario.Scenario) lifecycle.Function {
	a := s.Function.Agent
	return lifecycle.Function{
		Name:              s.Name,
		Init:              s.Platform.Init,
		IdleTimeout:       s.Platform.IdleTimeout,
		MaxLifetime:       s.Platform.MaxLifetime,
		InvocationTimeout: s.Platform.InvocationTimeout,
		MaxContainers:     s.Platform.MaxContainers,
		Concurrency:       s.Platform.Concurrency,
		CPUShare:          s.Platform.CPU,
		CPUPeriod:         s.Platform.CPUPeriod,
		ClientInit:        s.Function.ClientInit,
		Agent: agent.Options{
			KeepAlive:          a.KeepAlive,
			MaxSockets:         a.MaxSockets,
			MaxFreeSockets:     a.MaxFreeSockets,
			FreeSocketTimeout:  a.FreeSocketTimeout,
			MaxCachedSessions:  a.MaxCachedSessions,
			Scheduling:         a.Scheduling,
			HonorKeepAliveHint: a.HonorKeepAliveHint,
			HTTP2:              a.HTTP2,
			HintThreshold:      a.HintThreshold,
			MaxHintTimeout:     a.MaxHintTimeout,
		},
		Placement:  agent.Placement(a.Placement),
		CloseAtEnd: a.CloseAtEnd,
		Work:       agent.Work{Commands: s.Function.Commands, Pipeline: s.Function.Pipeline},
		Timeout:    s.Function.Timeout,
		Retry:      retry(s),
		ClosesSeen: agent.ClosesSeen(s.Platform.Freeze.ClosesSeen),
		ClockStops: s.Platform.Freeze.Clock == scenario.ClockStops,
		Seed:       dist.Derive(s.Seed, "platform"),
	}
}

// retry turns the scenario's policy into the agent's. A custom backoff has
// been dilated with the scenario; a preset's is stretched here.
func retry(s scenario.Scenario) agent.Retry {
	r := s.Function.Retry
	switch r.Policy {
	case scenario.RetryReusedSocket:
		return agent.RetryReusedSocket()
	case scenario.RetryUpstash:
		u := agent.RetryUpstash()
		u.Backoff = time.Duration(float64(u.Backoff) * max(s.TimeDilation, 1))
		return u
	case scenario.RetryCustom:
		on := make([]agent.ErrorKind, len(r.On))
		for i, k := range r.On {
			on[i] = agent.ErrorKind(k)
		}
		return agent.Retry{Attempts: r.Attempts, Backoff: r.Backoff, On: on}
	}
	return agent.Retry{}
}

// openLoop reports whether invocations are sent on a schedule rather than
// when the previous one returns: only then is an intended time meaningful.
func openLoop(p load.Pattern) bool {
	return p == load.Constant || p == load.Poisson || p == load.FromTrace
}
