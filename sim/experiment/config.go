package experiment

import (
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
		KeepAliveHint: s.Upstream.KeepAliveHint,
		TLS:           simtls.ServerOptions{MinVersion: v, MaxVersion: v, SessionTickets: s.Upstream.SessionTickets},
		Seed:          dist.Derive(s.Seed, "upstream.server_time"),
	}, nil
}

func function(s scenario.Scenario) lifecycle.Function {
	a := s.Function.Agent
	return lifecycle.Function{
		Name:          s.Name,
		Init:          s.Platform.Init,
		IdleTimeout:   s.Platform.IdleTimeout,
		MaxLifetime:   s.Platform.MaxLifetime,
		MaxContainers: s.Platform.MaxContainers,
		CPUShare:      s.Platform.CPU,
		ClientInit:    s.Function.ClientInit,
		Agent: agent.Options{
			KeepAlive:          a.KeepAlive,
			MaxSockets:         a.MaxSockets,
			MaxFreeSockets:     a.MaxFreeSockets,
			FreeSocketTimeout:  a.FreeSocketTimeout,
			MaxCachedSessions:  a.MaxCachedSessions,
			Scheduling:         a.Scheduling,
			HonorKeepAliveHint: a.HonorKeepAliveHint,
			HintThreshold:      a.HintThreshold,
			MaxHintTimeout:     a.MaxHintTimeout,
		},
		Placement:  agent.Placement(a.Placement),
		CloseAtEnd: a.CloseAtEnd,
		Work:       agent.Work{Commands: s.Function.Commands, Pipeline: s.Function.Pipeline},
		Seed:       dist.Derive(s.Seed, "platform"),
	}
}

// openLoop reports whether invocations are sent on a schedule rather than
// when the previous one returns: only then is an intended time meaningful.
func openLoop(p load.Pattern) bool {
	return p == load.Constant || p == load.Poisson || p == load.FromTrace
}
