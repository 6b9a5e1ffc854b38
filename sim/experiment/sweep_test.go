package experiment

import (
	"context"
	"slices"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// TestSweepRTT runs two scenarios at two round-trip times and checks the
// rows' order and what the protocols make of each RTT: a warm keep-alive
// call makes one round trip, a fresh connection three under TLS 1.3 (TCP,
// TLS, request). A link may be late, never early, so each median is
// bounded below exactly and above generously.
func TestSweepRTT(t *testing.T) {
	f, err := scenario.Parse("sweep.yaml", []byte(`
sweep:
  network.rtt: [20ms, 60ms]
defaults:
  load: {pattern: sequential, count: 4}
scenarios:
  - name: keepalive
    function: {agent: {keep_alive: true}}
  - name: fresh
`))
	if err != nil {
		t.Fatal(err)
	}
	var streamed []report.SweepRow
	records := 0
	sw, err := Sweep(context.Background(), f, WithSweepRows(func(r report.SweepRow) { streamed = append(streamed, r) }),
		WithRecords(func(report.Row) { records++ }))
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Rows) != 4 || len(streamed) != 4 || records != 16 {
		t.Fatalf("%d rows, %d streamed, %d records; want 4, 4 and 16", len(sw.Rows), len(streamed), records)
	}
	var names, points []string
	for _, r := range sw.Rows {
		names = append(names, r.Summary.Name)
		points = append(points, r.Point[0])
	}
	if !slices.Equal(names, []string{"keepalive", "fresh", "keepalive", "fresh"}) || !slices.Equal(points, []string{"20ms", "20ms", "60ms", "60ms"}) {
		t.Fatalf("rows %v at %v, want both scenarios at 20ms, then at 60ms", names, points)
	}
	for i, roundTrips := range []float64{1, 3} {
		for j, rtt := range []float64{20, 60} {
			p50 := sw.Rows[i+2*j].Summary.RedisMs.P50
			if lo, hi := roundTrips*rtt, roundTrips*rtt+30; p50 < lo || p50 > hi {
				t.Errorf("%s at %g ms: p50 %.2f ms, want %g round trips: from %g to %g ms", names[i], rtt, p50, roundTrips, lo, hi)
			}
		}
		near := sw.Rows[i].Summary.RedisMs.P50
		if p10 := sw.Rows[i].RedisP10Ms; p10 == nil || *p10 > near {
			t.Errorf("%s: p10 %v above p50 %.2f", names[i], p10, near)
		}
		if sw.Rows[i].Summary.Platform == nil {
			t.Errorf("%s: no platform figures", names[i])
		}
	}
}

// TestSweepDilated checks that a swept duration is a modelled one: under a
// time dilation of 4 the host's link takes 4 times the swept RTT, and the
// rows report the modelled round trip, never less.
func TestSweepDilated(t *testing.T) {
	f, err := scenario.Parse("sweep.yaml", []byte(`
time_dilation: 4
sweep:
  network.rtt: [20ms]
scenarios:
  - name: keepalive
    function: {agent: {keep_alive: true}}
    load: {count: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	sw, err := Sweep(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if p50 := sw.Rows[0].Summary.RedisMs.P50; p50 < 20 || p50 >= 80 {
		t.Errorf("warm p50 %.2f ms, want the modelled 20 ms round trip: at least 20 and well under the host's 80", p50)
	}
}

// TestSweepCancelled checks that cancelling a sweep stops it after the run
// in progress, which keeps its row, and tears everything down (goleak
// checks the rest).
func TestSweepCancelled(t *testing.T) {
	f, err := scenario.Parse("sweep.yaml", []byte(`
sweep:
  network.rtt: [20ms, 30ms, 40ms]
scenarios:
  - name: s
    load: {count: 100}
`))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	sw, err := Sweep(ctx, f, WithRecords(func(report.Row) {
		if n++; n == 2 {
			cancel()
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Rows) != 1 || sw.Rows[0].Summary.Invocations >= 100 {
		t.Errorf("%d rows; want the one run cut short", len(sw.Rows))
	}
}
