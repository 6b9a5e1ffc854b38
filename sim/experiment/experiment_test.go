package experiment

import (
	"context"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

func parse(t testing.TB, yaml string) scenario.Scenario {
	t.Helper()
	f, err := scenario.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenarios[0]
}

// TestRunStreamsRows checks that every invocation reaches the caller as a
// row joined with the platform's record, and that the database's counters
// tell keep-alive with a global agent from a handler-placed one.
func TestRunStreamsRows(t *testing.T) {
	tests := []struct {
		placement string
		wantConns int64
	}{
		{"global", 1},
		{"handler", 5},
	}
	for _, tt := range tests {
		t.Run(tt.placement, func(t *testing.T) {
			s := parse(t, `
scenarios:
  - name: s
    function: {agent: {keep_alive: true, placement: `+tt.placement+`}}
    load: {pattern: sequential, count: 5}
`)
			var rows []report.Row
			o, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) }))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 5 || o.Invocations != 5 {
				t.Fatalf("%d rows, outcome counts %d; want 5 and 5", len(rows), o.Invocations)
			}
			for i, r := range rows {
				if r.Failed() {
					t.Errorf("row %d failed: %s", i, r.Error)
				}
				if r.Seq != i || r.Scenario != "s" || r.Container == 0 || !(r.RedisMs > 0) {
					t.Errorf("row %d = seq %d, scenario %q, container %d, redis %v ms; want seq %d of s with a container and a Redis time",
						i, r.Seq, r.Scenario, r.Container, r.RedisMs, i)
				}
			}
			if !rows[0].Cold || rows[1].Cold {
				t.Errorf("cold = %v, %v; want only the first invocation cold", rows[0].Cold, rows[1].Cold)
			}
			if o.Counts.ConnectionsOpened != tt.wantConns {
				t.Errorf("database accepted %d connections, want %d", o.Counts.ConnectionsOpened, tt.wantConns)
			}
			if len(o.Spans) != 1 {
				t.Errorf("%d container spans, want 1", len(o.Spans))
			}
		})
	}
}

// TestRunCancelled checks that a cancelled run still tears down its link,
// database and platform (goleak checks the rest) and reports no error.
func TestRunCancelled(t *testing.T) {
	s := parse(t, `
scenarios:
  - name: s
    network: {rtt: 20ms}
    load: {pattern: sequential, count: 1000}
`)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	o, err := Run(ctx, s, WithRecords(func(report.Row) {
		if n++; n == 3 {
			cancel()
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if o.Invocations < 3 || o.Invocations >= 1000 {
		t.Errorf("%d invocations, want the 3 before cancellation and not the whole plan", o.Invocations)
	}
}
