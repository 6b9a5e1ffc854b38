package experiment

import (
	"context"
	"strconv"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

// Two calls to a container frozen between them, at RTT 20 ms: whether the
// second reuses the first's connection is the client preset's free-socket
// timeout, or the database's Keep-Alive hint less undici's threshold,
// against the gap. The frozen container's timers fire on thaw when overdue.
func TestClientPresetsKeepConnectionsAsTheirSourcesSay(t *testing.T) {
	if testing.Short() {
		t.Skip("waits up to 7 s")
	}
	for _, tc := range []struct {
		name, client, hint, gap string
		wantReused              bool
	}{
		{"node global agent, 3 s: within its 5 s timeout", "node-global-agent", "", "3s", true},
		{"node global agent, 7 s: past it", "node-global-agent", "", "7s", false},
		{"undici, 5 s hint, 2.5 s: within hint less threshold", "undici", "keep_alive_hint: 5s", "2500ms", true},
		{"undici, 5 s hint, 3.5 s: past 3 s", "undici", "keep_alive_hint: 5s", "3500ms", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := parse(t, `
scenarios:
  - name: gap
    network: {rtt: 20ms}
    upstream: {`+tc.hint+`}
    function: {client: `+tc.client+`}
    load: {pattern: bursts, burst: {size: 1, count: 2, gap: `+tc.gap+`}}
`)
			var rows []report.Row
			o, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) }))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows, want 2", len(rows))
			}
			second := rows[0]
			if rows[1].Seq > rows[0].Seq {
				second = rows[1]
			}
			wantConns := int64(2)
			if tc.wantReused {
				wantConns = 1
			}
			if second.Reused != tc.wantReused || o.Counts.ConnectionsOpened != wantConns {
				t.Errorf("second call reused %v, %d connections; want %v and %d", second.Reused, o.Counts.ConnectionsOpened,
					tc.wantReused, wantConns)
			}
			if second.Cold {
				t.Error("the second call started cold; the gap must leave the container warm: " + strconv.Quote(tc.gap))
			}
		})
	}
}
