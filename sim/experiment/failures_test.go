package experiment

import (
	"context"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// A stale socket, end to end: the scenario's fields reach the link, the
// database and the platform, and the rows say what happened.
func TestRunShowsStaleReuses(t *testing.T) {
	s := parse(t, `
scenarios:
  - name: stale
    network: {rtt: 20ms}
    upstream: {idle_timeout: 100ms}
    function:
      agent: {keep_alive: true}
      retry: {attempts: 2, on: [reset]}
    load:
      pattern: bursts
      burst: {size: 1, count: 3, gap: 300ms}
`)
	var rows []report.Row
	if _, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) })); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	for _, r := range rows[1:] {
		if r.Failed() || r.Attempts != 2 || r.StaleReuses != 1 {
			t.Errorf("call %d: attempts %d, stale reuses %d, error %q; want a stale reuse recovered by a retry", r.Seq, r.Attempts, r.StaleReuses, r.Error)
		}
	}
}

// A preset's backoff stretches with time dilation; a custom one has been
// stretched with the scenario.
func TestRetryPolicyFromScenario(t *testing.T) {
	f, err := scenario.Parse("test.yaml", []byte(`
time_dilation: 10
scenarios:
  - name: upstash
    function: {retry: upstash}
  - name: custom
    function: {retry: {attempts: 3, backoff: 10ms, on: [timeout]}}
  - name: reused
    function: {retry: reused_socket}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		i    int
		want agent.Retry
	}{
		{0, agent.Retry{Attempts: 5, Backoff: 500 * time.Millisecond, Exponential: true, On: agent.RetryUpstash().On}},
		{1, agent.Retry{Attempts: 3, Backoff: 100 * time.Millisecond, On: []agent.ErrorKind{agent.KindTimeout}}},
		{2, agent.RetryReusedSocket()},
	} {
		got := retry(f.Scenarios[tt.i].Dilated())
		if got.Attempts != tt.want.Attempts || got.Backoff != tt.want.Backoff || got.Exponential != tt.want.Exponential ||
			got.ReusedOnly != tt.want.ReusedOnly || len(got.On) != len(tt.want.On) || got.On[0] != tt.want.On[0] {
			t.Errorf("%s: %+v, want %+v", f.Scenarios[tt.i].Name, got, tt.want)
		}
	}
}
