package experiment

import (
	"context"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

// A cold process pays its client initialisation once, stretched by its
// CPU share, inside the Redis call of the container's first invocation and
// in a phase of its own; the warm calls after it do not.
func TestClientInitIsTheFirstCallsOwnPhase(t *testing.T) {
	s := parse(t, `
scenarios:
  - name: cold
    network: {rtt: 2ms}
    platform: {cpu: 0.5}
    function:
      client_init: 20ms
      agent: {keep_alive: true}
    load: {count: 3}
`)
	var rows []report.Row
	if _, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) })); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	for _, r := range rows {
		switch {
		case r.Seq == 0 && (r.ClientInitMs < 40 || r.RedisMs < r.ClientInitMs+r.ConnectMs+r.TLSMs):
			t.Errorf("first call: client init %.2f ms (want at least 40: 20 ms at half a core), redis %.2f ms, connect %.2f, TLS %.2f",
				r.ClientInitMs, r.RedisMs, r.ConnectMs, r.TLSMs)
		case r.Seq > 0 && r.ClientInitMs != 0:
			t.Errorf("warm call %d paid a client init of %.2f ms", r.Seq, r.ClientInitMs)
		}
	}
}
