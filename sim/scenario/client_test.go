package scenario_test

import (
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/scenario"
)

func TestClientPresets(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       scenario.Agent
	}{
		{"undici", `function: {client: undici}`, scenario.Agent{
			KeepAlive: true, Placement: "global", MaxFreeSockets: 256, FreeSocketTimeout: 4 * time.Second,
			MaxCachedSessions: 100, Scheduling: "lifo",
			HonorKeepAliveHint: true, HintThreshold: 2 * time.Second, MaxHintTimeout: 600 * time.Second,
		}},
		{"node's global agent", `function: {client: node-global-agent}`, scenario.Agent{
			KeepAlive: true, Placement: "global", MaxFreeSockets: 256, FreeSocketTimeout: 5 * time.Second,
			MaxCachedSessions: 100, Scheduling: "lifo",
		}},
		{"go's transport", `function: {client: go}`, scenario.Agent{
			KeepAlive: true, Placement: "global", MaxFreeSockets: 2, FreeSocketTimeout: 90 * time.Second, Scheduling: "lifo",
			HTTP2: true,
		}},
		{"go's transport on HTTP/1.1", `function: {client: go, agent: {http2: false}}`, scenario.Agent{
			KeepAlive: true, Placement: "global", MaxFreeSockets: 2, FreeSocketTimeout: 90 * time.Second, Scheduling: "lifo",
		}},
		// Fields written override the preset, wherever they come in the block.
		{"an override written before the client", `function: {agent: {free_socket_timeout: 1s, placement: handler}, client: agentkeepalive}`, scenario.Agent{
			KeepAlive: true, Placement: "handler", MaxFreeSockets: 256, FreeSocketTimeout: time.Second,
			MaxCachedSessions: 100, Scheduling: "lifo",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parseOne(t, "scenarios:\n  - name: a\n    "+tc.yaml+"\n")
			if s.Function.Agent != tc.want {
				t.Errorf("agent\n got %+v\nwant %+v", s.Function.Agent, tc.want)
			}
		})
	}
}

// A preset in the defaults applies to every scenario, each of which may
// override it.
func TestClientPresetInDefaults(t *testing.T) {
	f, err := scenario.Parse("s.yaml", []byte(`
defaults:
  function: {client: node-global-agent}
scenarios:
  - name: a
  - name: b
    function: {agent: {free_socket_timeout: 10s}}
  - name: c
    function: {client: node-agent}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := []time.Duration{f.Scenarios[0].Function.Agent.FreeSocketTimeout, f.Scenarios[1].Function.Agent.FreeSocketTimeout, f.Scenarios[2].Function.Agent.FreeSocketTimeout}
	if got[0] != 5*time.Second || got[1] != 10*time.Second || got[2] != 0 || f.Scenarios[2].Function.Agent.KeepAlive {
		t.Errorf("free socket timeouts %v, keep-alive of c %v; want [5s 10s 0s] and false", got, f.Scenarios[2].Function.Agent.KeepAlive)
	}
}

func TestBadClients(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"function: {client: curl}", `s.yaml:3: scenarios[0].function.client: "curl" is not one of node-agent, node-global-agent, undici, upstash-sdk, agentkeepalive, go`},
		{"upstream: {keep_alive_hint: 1500ms}", `s.yaml:3: scenarios[0].upstream.keep_alive_hint: must be whole seconds, at least 1s`},
		{"function: {agent: {keep_alive: false, honor_keep_alive_hint: true}}", `scenarios[0].function.agent.honor_keep_alive_hint: has no effect with keep_alive: false in the same block`},
		{"function: {agent: {keep_alive_hint_threshold: -1s}}", `scenarios[0].function.agent.keep_alive_hint_threshold: "-1s" is negative`},
		{"function: {agent: {http2: true}}", `s.yaml:3: scenarios[0].function.agent.http2: HTTP/2 keeps its connection for the calls to come`},
		{"function: {client: go, agent: {keep_alive: false}}", `s.yaml:3: scenarios[0].function.agent.keep_alive: HTTP/2 keeps its connection for the calls to come`},
	} {
		_, err := scenario.Parse("s.yaml", []byte("scenarios:\n  - name: a\n    "+tc.yaml+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// The SDK's preset brings its retry policy; a retry written beside it wins.
func TestUpstashSDKPresetRetries(t *testing.T) {
	s := parseOne(t, "scenarios:\n  - name: a\n    function: {client: upstash-sdk}\n")
	if s.Function.Retry.Policy != scenario.RetryUpstash {
		t.Errorf("retry %+v, want the upstash policy", s.Function.Retry)
	}
	s = parseOne(t, "scenarios:\n  - name: a\n    function: {retry: none, client: upstash-sdk}\n")
	if s.Function.Retry.Policy != scenario.RetryNone {
		t.Errorf("retry %+v, want the none written beside the preset", s.Function.Retry)
	}
}
