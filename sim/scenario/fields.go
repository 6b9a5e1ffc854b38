package scenario

import (
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
	"go.yaml.in/yaml/v3"
)

// field is one key the parser knows. A block has fields; a value has set.
// A field with both accepts either form: a duration or a distribution block.
type field struct {
	key    string
	fields []field
	set    func(d *decoder, n *yaml.Node, s *Scenario)
}

// scenarioFields are the keys of a scenario and of the defaults block, apart
// from a scenario's name and seed.
var scenarioFields = []field{
	{key: "network", fields: []field{
		{key: "rtt", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Network.RTT) }},
		{key: "jitter", fields: jitterFields, set: func(d *decoder, n *yaml.Node, s *Scenario) {
			const want = "none or a block with distribution, amount and cap"
			if !d.scalar(n, want) {
				return
			}
			if n.Value != string(kindNone) {
				d.errorf(n, "is %s, want %s", show(n), want)
				return
			}
			s.Network.Jitter = dist.Duration{Kind: kindNone}
		}},
		{key: "spikes", fields: []field{
			{key: "probability", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				if p, ok := d.number(n); ok {
					if p < 0 || p > 1 {
						d.errorf(n, "%s is not a probability between 0 and 1", clip(n.Value))
						return
					}
					s.Network.Spikes.Probability = p
				}
			}},
			distField("size", func(s *Scenario) *dist.Duration { return &s.Network.Spikes.Size }),
		}},
		{key: "bandwidth", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if v, ok := d.bandwidth(n); ok {
				s.Network.Bandwidth = v
			}
		}},
		{key: "dns", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Network.DNS) }},
		middleboxField,
	}},
	{key: "upstream", fields: []field{
		{key: "tls", set: func(d *decoder, n *yaml.Node, s *Scenario) { setEnum(d, n, &s.Upstream.TLS, "1.2", "1.3") }},
		{key: "session_tickets", set: func(d *decoder, n *yaml.Node, s *Scenario) { setBool(d, n, &s.Upstream.SessionTickets) }},
		distField("server_time", func(s *Scenario) *dist.Duration { return &s.Upstream.ServerTime }),
		{key: "idle_timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Upstream.IdleTimeout) }},
		{key: "keep_alive_hint", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if setDuration(d, n, &s.Upstream.KeepAliveHint) && (s.Upstream.KeepAliveHint < time.Second || s.Upstream.KeepAliveHint%time.Second != 0) {
				d.errorf(n, "must be whole seconds, at least 1s: the header carries timeout=<seconds>")
			}
		}},
		idleCloseField,
		urlField, tokenEnvField, caFileField,
	}},
	{key: "platform", fields: []field{
		distField("init", func(s *Scenario) *dist.Duration { return &s.Platform.Init }),
		{key: "idle_timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if setDuration(d, n, &s.Platform.IdleTimeout) && s.Platform.IdleTimeout == 0 {
				d.errorf(n, "must be positive: idle containers are reclaimed after this long (e.g. \"10m\")")
			}
		}},
		{key: "max_lifetime", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Platform.MaxLifetime) }},
		{key: "invocation_timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setDuration(d, n, &s.Platform.InvocationTimeout)
		}},
		{key: "max_containers", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setInt(d, n, &s.Platform.MaxContainers, 1, "")
		}},
		{key: "concurrency", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setInt(d, n, &s.Platform.Concurrency, 1, "")
		}},
		{key: "pricing", fields: pricingFields},
		{key: "cpu", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if v, ok := d.number(n); ok {
				if !(v > 0 && v <= 1) {
					d.errorf(n, "%s is not a share of one core in (0, 1], e.g. 0.58 for 1024 MB on AWS Lambda", clip(n.Value))
					return
				}
				s.Platform.CPU = v
			}
		}},
		{key: "cpu_period", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if !setDuration(d, n, &s.Platform.CPUPeriod) {
				return
			}
			switch p := s.Platform.CPUPeriod; {
			case p < time.Millisecond || p > time.Second:
				d.errorf(n, "%s is not between 1ms and 1s, the kernel's bounds on a CPU quota's period", clip(n.Value))
			case p%time.Microsecond != 0:
				d.errorf(n, "%s is not whole microseconds, the kernel's unit for a CPU quota's period", clip(n.Value))
			}
		}},
		freezeField,
	}},
	{key: "function", fields: []field{
		{key: "runtime", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setEnum(d, n, &s.Function.Runtime, RuntimeGo, RuntimeNode)
		}},
		{key: "handler", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if d.scalar(n, "the path of a Node.js module") {
				if n.Value == "" {
					d.errorf(n, "is empty; want the path of a Node.js module, e.g. handler.mjs")
					return
				}
				s.Function.Handler = n.Value
			}
		}},
		{key: "client_init", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Function.ClientInit) }},
		{key: "agent", fields: []field{
			{key: "keep_alive", set: func(d *decoder, n *yaml.Node, s *Scenario) { setBool(d, n, &s.Function.Agent.KeepAlive) }},
			{key: "placement", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setEnum(d, n, &s.Function.Agent.Placement, PlacementGlobal, PlacementHandler)
			}},
			{key: "max_sockets", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setInt(d, n, &s.Function.Agent.MaxSockets, 0, " (0 is unlimited)")
			}},
			{key: "max_free_sockets", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setInt(d, n, &s.Function.Agent.MaxFreeSockets, 1, "; to keep no idle connection, set keep_alive: false")
			}},
			{key: "free_socket_timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setDuration(d, n, &s.Function.Agent.FreeSocketTimeout)
			}},
			{key: "max_cached_sessions", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setInt(d, n, &s.Function.Agent.MaxCachedSessions, 0, " (0 turns TLS resumption off)")
			}},
			{key: "scheduling", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				if resolve(n).Value == "fifo" {
					d.errorf(n, `"fifo" is not supported: Go's net/http reuses the most recently idle connection, so the agent schedules free sockets "lifo", Node's default`)
					return
				}
				setEnum(d, n, &s.Function.Agent.Scheduling, SchedulingLIFO)
			}},
			{key: "close_at_end", set: func(d *decoder, n *yaml.Node, s *Scenario) { setBool(d, n, &s.Function.Agent.CloseAtEnd) }},
			{key: "honor_keep_alive_hint", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setBool(d, n, &s.Function.Agent.HonorKeepAliveHint)
			}},
			{key: "keep_alive_hint_threshold", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setDuration(d, n, &s.Function.Agent.HintThreshold)
			}},
			{key: "max_keep_alive_hint", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				setDuration(d, n, &s.Function.Agent.MaxHintTimeout)
			}},
			{key: "http2", set: func(d *decoder, n *yaml.Node, s *Scenario) { setBool(d, n, &s.Function.Agent.HTTP2) }},
		}},
		{key: "client", set: func(d *decoder, n *yaml.Node, s *Scenario) { setEnum(d, n, &s.Function.Client, presetNames()...) }},
		{key: "commands", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if c, ok := d.commands(n); ok {
				s.Function.Commands = c
			}
		}},
		{key: "pipeline", set: func(d *decoder, n *yaml.Node, s *Scenario) { setBool(d, n, &s.Function.Pipeline) }},
		{key: "memory", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setInt(d, n, &s.Function.MemoryMB, 1, " (megabytes)")
		}},
		timeoutField,
		retryField,
	}},
	{key: "load", fields: []field{
		{key: "pattern", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			var p string
			if setEnum(d, n, &p, string(load.Sequential), string(load.Constant), string(load.Poisson), string(load.Bursts), string(load.Concurrent), string(load.FromTrace)) {
				s.Load.Pattern = load.Pattern(p)
			}
		}},
		{key: "count", set: func(d *decoder, n *yaml.Node, s *Scenario) { setInt(d, n, &s.Load.Count, 1, "") }},
		{key: "rate", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if r, ok := d.number(n); ok {
				if r <= 0 {
					d.errorf(n, "%s is not a positive rate; write invocations per second, e.g. 50", clip(n.Value))
					return
				}
				s.Load.Rate = r
			}
		}},
		{key: "duration", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if setDuration(d, n, &s.Load.Duration) && s.Load.Duration == 0 {
				d.errorf(n, "must be positive; leave it out to bound the run by count alone")
			}
		}},
		{key: "concurrency", set: func(d *decoder, n *yaml.Node, s *Scenario) { setInt(d, n, &s.Load.Concurrency, 1, "") }},
		{key: "burst", fields: []field{
			{key: "size", set: func(d *decoder, n *yaml.Node, s *Scenario) { setInt(d, n, &s.Load.Burst.Size, 1, "") }},
			{key: "gap", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				if setDuration(d, n, &s.Load.Burst.Gap) && s.Load.Burst.Gap == 0 {
					d.errorf(n, "must be positive; bursts without gaps are pattern concurrent")
				}
			}},
			{key: "count", set: func(d *decoder, n *yaml.Node, s *Scenario) { setInt(d, n, &s.Load.Burst.Count, 1, "") }},
		}},
		{key: "trace", fields: traceFields},
		{key: "max_in_flight", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			setInt(d, n, &s.Load.MaxInFlight, 1, "; arrivals beyond it are dropped, so it must leave room for one")
		}},
	}},
}

// kindNone marks jitter turned off while decoding; finish clears it.
const kindNone dist.Kind = "none"

var jitterFields = []field{
	{key: "distribution", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		var k string
		if setEnum(d, n, &k, string(kindNone), string(dist.Uniform), string(dist.Normal)) {
			s.Network.Jitter.Kind = dist.Kind(k)
		}
	}},
	{key: "amount", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Network.Jitter.Spread) }},
	{key: "cap", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &s.Network.Jitter.Cap) }},
}

// distField is a duration that may instead be a distribution block.
func distField(key string, get func(*Scenario) *dist.Duration) field {
	return field{
		key: key,
		set: func(d *decoder, n *yaml.Node, s *Scenario) {
			if v, ok := d.duration(n); ok {
				*get(s) = dist.Constant(v)
			}
		},
		fields: []field{
			{key: "distribution", set: func(d *decoder, n *yaml.Node, s *Scenario) {
				var k string
				if setEnum(d, n, &k, string(dist.Fixed), string(dist.Uniform), string(dist.Normal), string(dist.Exponential)) {
					get(s).Kind = dist.Kind(k)
				}
			}},
			{key: "mean", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &get(s).Mean) }},
			{key: "spread", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &get(s).Spread) }},
			{key: "cap", set: func(d *decoder, n *yaml.Node, s *Scenario) { setDuration(d, n, &get(s).Cap) }},
		},
	}
}

func setDuration(d *decoder, n *yaml.Node, dst *time.Duration) bool {
	v, ok := d.duration(n)
	if ok {
		*dst = v
	}
	return ok
}

func setBool(d *decoder, n *yaml.Node, dst *bool) {
	if v, ok := d.boolean(n); ok {
		*dst = v
	}
}

func setInt(d *decoder, n *yaml.Node, dst *int, low int, hint string) {
	if v, ok := d.integer(n, low, hint); ok {
		*dst = v
	}
}

func setEnum(d *decoder, n *yaml.Node, dst *string, allowed ...string) bool {
	v, ok := d.enum(n, allowed...)
	if ok {
		*dst = v
	}
	return ok
}
