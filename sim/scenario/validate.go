package scenario

import (
	"slices"
	"strings"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
	"go.yaml.in/yaml/v3"
)

// usedBy lists, for each load pattern, the load keys it reads.
var usedBy = map[load.Pattern][]string{
	load.Sequential: {"count", "duration"},
	load.Constant:   {"rate", "count", "duration", "max_in_flight"},
	load.Poisson:    {"rate", "count", "duration", "max_in_flight"},
	load.Concurrent: {"concurrency", "count", "duration"},
	load.Bursts:     {"burst", "duration", "max_in_flight"},
	load.FromTrace:  {"trace", "count", "duration", "max_in_flight"},
}

// keepAliveOnly are the agent options that have no effect without
// keep-alive, as in Node.
var keepAliveOnly = []string{"max_free_sockets", "free_socket_timeout", "scheduling",
	"honor_keep_alive_hint", "keep_alive_hint_threshold", "max_keep_alive_hint"}

// rules reports settings that contradict each other within one block as
// written, such as keep_alive: false beside free_socket_timeout. They are
// checked per block, not after merging, so that defaults may carry tuning
// that only some scenarios use.
func (d *decoder) rules(body *yaml.Node) {
	d.runtimeRules(body)
	if agent := lookup(body, "function", "agent"); agent != nil {
		if v := value(agent, "keep_alive"); v != nil && v.ShortTag() == "!!bool" && v.Value == "false" {
			for _, key := range keepAliveOnly {
				if k := keyNode(agent, key); k != nil {
					d.errorf(k, "has no effect with keep_alive: false in the same block")
				}
			}
		}
		if v := value(agent, "placement"); v != nil && v.Value == PlacementGlobal {
			if c := value(agent, "close_at_end"); c != nil && c.Value == "true" {
				d.errorf(keyNode(agent, "close_at_end"), "applies to placement: handler only; a global agent lives as long as its container")
			}
		}
	}
	if block := lookup(body, "load"); block != nil {
		p := value(block, "pattern")
		if p == nil {
			return
		}
		used, known := usedBy[load.Pattern(p.Value)]
		if !known {
			return
		}
		for i := 0; i+1 < len(block.Content); i += 2 {
			k := block.Content[i]
			if k.Value != "pattern" && find(scenarioFieldsOf("load"), k.Value) != nil && !slices.Contains(used, k.Value) {
				d.errorf(k, "is not used by pattern %q (it uses %s)", p.Value, strings.Join(used, ", "))
			}
		}
	}
}

// validate checks the merged scenario for fields that conflict with each
// other, which may have been written in different blocks. Each mistake is
// reported at the node that most likely needs editing: the scenario's own,
// if it wrote one.
func (d *decoder) validate(s *Scenario, prefix string, item *yaml.Node) {
	pick := func(paths ...string) *yaml.Node { return d.pick(prefix, item, paths...) }
	d.checkDist("upstream.server_time", s.Upstream.ServerTime, pick)
	d.checkDist("platform.init", s.Platform.Init, pick)
	d.checkDist("network.spikes.size", s.Network.Spikes.Size, pick)

	j := s.Network.Jitter
	if j.Kind == kindNone && (j.Spread > 0 || j.Cap > 0) {
		d.errorf(pick("network.jitter.distribution", "network.jitter.amount", "network.jitter.cap"),
			"distribution none leaves amount and cap unused; write jitter: none to turn jitter off")
	}
	if sp := s.Network.Spikes; sp.Probability > 0 && sp.Size.IsZero() {
		d.errorf(pick("network.spikes.size", "network.spikes.probability"),
			"spikes with probability %v need a size, e.g. size: 5ms", sp.Probability)
	}
	if a := s.Function.Agent; a.HTTP2 && !a.KeepAlive {
		d.errorf(pick("function.agent.keep_alive", "function.agent.http2", "function.client"),
			"HTTP/2 keeps its connection for the calls to come: with http2: true (the go client's default) set keep_alive: true, or set http2: false")
	}
	if (s.Load.Pattern == load.Constant || s.Load.Pattern == load.Poisson) && d.at["load.rate"] == nil {
		d.errorf(pick("load.pattern"), "pattern %q needs a rate: invocations per second, e.g. rate: 50", s.Load.Pattern)
	}
	if s.Load.Pattern == load.FromTrace {
		d.readTrace(s, pick)
	}
	d.checkHandler(s, pick)
	d.checkQuota(s, pick)
	d.checkTarget(s, pick)
}

// pick returns the node of the first of paths that the scenario at item
// wrote itself, else the first of them set in defaults, else item.
func (d *decoder) pick(prefix string, item *yaml.Node, paths ...string) *yaml.Node {
	var first *yaml.Node
	for _, p := range paths {
		n := d.at[p]
		if n == nil {
			continue
		}
		if strings.HasPrefix(d.path(n), prefix+".") {
			return n
		}
		if first == nil {
			first = n
		}
	}
	if first == nil {
		return item
	}
	return first
}

func (d *decoder) checkDist(path string, v dist.Duration, pick func(...string) *yaml.Node) {
	switch v.Kind {
	case "", dist.Fixed:
		if v.Spread > 0 || v.Cap > 0 {
			d.errorf(pick(path+".distribution", path+".spread", path+".cap"),
				"a fixed duration has no spread or cap; set distribution to uniform, normal or exponential")
		}
	case dist.Exponential:
		if v.Spread > 0 {
			d.errorf(pick(path+".distribution", path+".spread"),
				"an exponential distribution has no spread: its standard deviation is its mean")
		}
	}
}

// finish fills the fields that depend on others and clears those the
// scenario's pattern does not use, so readers need not know the rules.
func (s *Scenario) finish() {
	s.finishFailures()
	if s.Network.Jitter.Kind == kindNone || s.Network.Jitter.Spread == 0 {
		s.Network.Jitter = dist.Duration{}
	}
	for _, v := range []*dist.Duration{&s.Upstream.ServerTime, &s.Platform.Init, &s.Network.Spikes.Size} {
		if v.Kind == "" {
			v.Kind = dist.Fixed
		}
	}
	l := &s.Load
	used := usedBy[l.Pattern]
	if !slices.Contains(used, "rate") {
		l.Rate = 0
	}
	if !slices.Contains(used, "concurrency") {
		l.Concurrency = 0
	}
	if !slices.Contains(used, "max_in_flight") {
		l.MaxInFlight = 0
	}
	if l.Pattern == load.Bursts {
		if l.Burst.Count == 0 && l.Duration == 0 {
			l.Burst.Count = defaultBursts
		}
		l.Count = l.Burst.Size * l.Burst.Count
	} else {
		l.Burst = Burst{}
	}
	if l.Pattern == load.FromTrace {
		// The trace bounds the run; count and duration only cut it short.
		if l.Trace.Spread == "" {
			l.Trace.Spread = load.SpreadUniform
		}
		if l.Trace.TimeScale == 0 {
			l.Trace.TimeScale = 1
		}
		p := &s.Platform
		p.IdleTimeout = scaleDown(p.IdleTimeout, l.Trace.TimeScale)
		p.MaxLifetime = scaleDown(p.MaxLifetime, l.Trace.TimeScale)
		return
	}
	l.Trace = TraceSource{}
	if l.Count == 0 && l.Duration == 0 {
		l.Count = defaultCount
	}
}

// lookup follows keys through nested blocks of a raw block.
func lookup(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = value(n, k)
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
	}
	return n
}

// value returns the value of key name in a raw block, or nil.
func value(block *yaml.Node, name string) *yaml.Node {
	block = resolve(block)
	if block == nil || block.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(block.Content); i += 2 {
		if block.Content[i].Value == name {
			return resolve(block.Content[i+1])
		}
	}
	return nil
}

// keyNode returns the key node name in a raw block, or nil.
func keyNode(block *yaml.Node, name string) *yaml.Node {
	block = resolve(block)
	if block == nil || block.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(block.Content); i += 2 {
		if block.Content[i].Value == name {
			return block.Content[i]
		}
	}
	return nil
}

func scenarioFieldsOf(group string) []field { return find(scenarioFields, group).fields }
