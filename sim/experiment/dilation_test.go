package experiment

import (
	"context"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

func TestDilationRow(t *testing.T) {
	origin := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d := dilation{k: 10, origin: origin}
	r := d.row(report.Row{Start: origin.Add(10 * time.Second), RedisMs: 20, TotalMs: 30, InitMs: 100})
	if r.Start != origin.Add(time.Second) || r.RedisMs != 2 || r.TotalMs != 3 || r.InitMs != 10 {
		t.Errorf("dilated row = start +%v, redis %v, total %v, init %v; want +1s, 2, 3, 10",
			r.Start.Sub(origin), r.RedisMs, r.TotalMs, r.InitMs)
	}
	if got := d.at(time.Time{}); !got.IsZero() {
		t.Errorf("a zero time became %v, want it zero (no intended time)", got)
	}
}

// TestRunDilated runs a 20 ms link under a time dilation of 5: the host's
// link takes 100 ms a round trip, and the rows report the modelled 20 ms.
// A warm keep-alive call makes one round trip, so it can never be reported
// faster than 20 ms; a loaded host may add time, never remove it.
func TestRunDilated(t *testing.T) {
	s := parse(t, `
time_dilation: 5
scenarios:
  - name: s
    network: {rtt: 20ms}
    function: {agent: {keep_alive: true}}
    load: {pattern: sequential, count: 3}
`)
	var warm []float64
	start := time.Now()
	_, err := Run(context.Background(), s, WithRecords(func(r report.Row) {
		if r.Seq > 0 && !r.Failed() {
			warm = append(warm, r.RedisMs)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(warm) != 2 {
		t.Fatalf("%d warm calls, want 2", len(warm))
	}
	for _, ms := range warm {
		if ms < 20 || ms >= 100 {
			t.Errorf("warm call reported %.2f ms, want the modelled round trip: at least 20 ms and well under the host's 100", ms)
		}
	}
	// Five round trips on the host (DNS is free here): TCP, TLS, request,
	// then two warm requests, each 100 ms.
	if took := time.Since(start); took < 500*time.Millisecond {
		t.Errorf("the run took %v, want at least the host's 5 round trips of 100 ms", took)
	}
}
