package scenario_test

import (
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/scenario"
)

// The failure fields' bad values join the rejects table, so TestParseRejects
// checks their messages and FuzzParse starts from them too.
func init() { rejects = append(rejects, failureRejects...) }

var failureRejects = []struct {
	name string
	yaml string
	want []string
}{
	{
		name: "unknown middlebox action",
		yaml: `
scenarios:
  - name: a
    network:
      middlebox: {idle_timeout: 350s, action: reject}
`,
		want: []string{`s.yaml:5: scenarios[0].network.middlebox.action: "reject" is not one of rst, drop`},
	},
	{
		name: "middlebox without an idle timeout",
		yaml: `
scenarios:
  - name: a
    network:
      middlebox: {idle_timeout: 0s, action: drop}
`,
		want: []string{`s.yaml:5: scenarios[0].network.middlebox.idle_timeout: must be positive; leave middlebox out for a link that forgets nothing`},
	},
	{
		name: "unknown idle close",
		yaml: `
scenarios:
  - name: a
    upstream: {idle_close: reset}
`,
		want: []string{`s.yaml:4: scenarios[0].upstream.idle_close: "reset" is not one of fin, rst`},
	},
	{
		name: "unknown closes_seen and clock",
		yaml: `
scenarios:
  - name: a
    platform:
      freeze:
        closes_seen: during_invocation
        clock: frozen
`,
		want: []string{
			`s.yaml:6: scenarios[0].platform.freeze.closes_seen: "during_invocation" is not one of after_invocation, before_invocation`,
			`s.yaml:7: scenarios[0].platform.freeze.clock: "frozen" is not one of runs, stops`,
		},
	},
	{
		name: "negative timeouts",
		yaml: `
scenarios:
  - name: a
    function: {timeout: -1s}
    network:
      middlebox: {idle_timeout: -350s}
`,
		want: []string{
			`s.yaml:4: scenarios[0].function.timeout: "-1s" is negative`,
			`s.yaml:6: scenarios[0].network.middlebox.idle_timeout: "-350s" is negative`,
		},
	},
	{
		name: "unknown retry policy",
		yaml: `
scenarios:
  - name: a
    function: {retry: always}
`,
		want: []string{`s.yaml:4: scenarios[0].function.retry: "always" is not one of none, reused_socket, upstash`},
	},
	{
		name: "custom retry with zero attempts, a negative backoff and an unknown kind",
		yaml: `
scenarios:
  - name: a
    function:
      retry:
        attempts: 0
        backoff: -50ms
        on: [reset, hangup]
`,
		want: []string{
			`s.yaml:6: scenarios[0].function.retry.attempts: must be at least 1, not 0 (1 never retries)`,
			`s.yaml:7: scenarios[0].function.retry.backoff: "-50ms" is negative`,
			`s.yaml:8: scenarios[0].function.retry.on[1]: "hangup" is not one of reset, timeout, refused, tls, http`,
		},
	},
	{
		name: "custom retry on nothing",
		yaml: `
scenarios:
  - name: a
    function:
      retry: {attempts: 3, on: []}
`,
		want: []string{`s.yaml:5: scenarios[0].function.retry.on: is a list, want a list of error kinds such as [reset, timeout]`},
	},
}

// The failure fields as the examples write them.
func TestParseFailureFields(t *testing.T) {
	s := parseOne(t, `
scenarios:
  - name: a
    network:
      middlebox: {idle_timeout: 350s, action: drop}
    upstream: {idle_timeout: 5s, idle_close: rst}
    platform:
      freeze: {closes_seen: before_invocation, clock: stops}
    function:
      timeout: 2s
      retry: {attempts: 3, backoff: 100ms}
`)
	if s.Network.Middlebox != (scenario.Middlebox{IdleTimeout: 350 * time.Second, Action: scenario.ActionDrop}) {
		t.Errorf("middlebox %+v", s.Network.Middlebox)
	}
	if s.Upstream.IdleClose != scenario.CloseRST || s.Platform.Freeze != (scenario.Freeze{ClosesSeen: scenario.ClosesBeforeInvocation, Clock: scenario.ClockStops}) {
		t.Errorf("upstream %+v, freeze %+v", s.Upstream, s.Platform.Freeze)
	}
	r := s.Function.Retry
	if s.Function.Timeout != 2*time.Second || r.Policy != scenario.RetryCustom || r.Attempts != 3 || r.Backoff != 100*time.Millisecond || len(r.On) != 2 {
		t.Errorf("function timeout %v, retry %+v", s.Function.Timeout, r)
	}
	if p := parseOne(t, "scenarios:\n  - name: a\n    function: {retry: upstash}\n").Function.Retry; p.Policy != scenario.RetryUpstash {
		t.Errorf("retry: upstash parsed as %+v", p)
	}
}
