package scenario

import (
	"github.com/coldwire/coldwire/sim/agent"
	"go.yaml.in/yaml/v3"
)

func presetNames() []string {
	var names []string
	for _, p := range agent.Presets() {
		names = append(names, p.Name)
	}
	return names
}

// applyPreset starts the scenario's agent (and retry policy, for a client
// that retries) from the preset its merged body names in function.client,
// before the body's fields are decoded, so that agent fields and
// function.retry written anywhere in the file override the preset's. An
// unknown name is left for the field's own check to report.
func applyPreset(merged *yaml.Node, s *Scenario) {
	n := value(lookup(merged, "function"), "client")
	if n == nil {
		return
	}
	p, ok := agent.LookupPreset(resolve(n).Value)
	if !ok {
		return
	}
	o := p.Options
	a := &s.Function.Agent
	a.KeepAlive = o.KeepAlive
	a.MaxSockets = o.MaxSockets
	a.MaxFreeSockets = o.MaxFreeSockets
	if a.MaxFreeSockets == 0 {
		a.MaxFreeSockets = defaults().Function.Agent.MaxFreeSockets
	}
	a.FreeSocketTimeout = o.FreeSocketTimeout
	a.MaxCachedSessions = o.MaxCachedSessions
	a.HonorKeepAliveHint = o.HonorKeepAliveHint
	a.HintThreshold = o.HintThreshold
	a.MaxHintTimeout = o.MaxHintTimeout
	a.HTTP2 = o.HTTP2
	if p.Retry != "" {
		s.Function.Retry = Retry{Policy: p.Retry}
	}
}
