package plots

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"

	"github.com/coldwire/coldwire/sim/report"
)

func TestRedisSeries(t *testing.T) {
	rows := []report.Row{
		{Scenario: "b", Seq: 1, RedisMs: 3},
		{Scenario: "b", Seq: 0, RedisMs: 40},
		{Scenario: "b", Seq: 2, RedisMs: 9, Error: "reset"},
		{Scenario: "b", Seq: 3, RedisMs: 0},
		{Scenario: "b", Seq: 4, RedisMs: 2},
		{Scenario: "a", Seq: 0, Error: "refused"},
		{Scenario: "c", Seq: 0, RedisMs: 1},
	}
	got := redisSeries(report.Tallies(rows, nil, []string{"a", "b", "c"}))
	want := []series{
		{name: "b", colour: 1, index: []float64{1, 2, 5}, redisMs: []float64{40, 3, 2}, failed: plotter.XYs{{X: 3, Y: 9}}},
		{name: "c", colour: 2, index: []float64{1}, redisMs: []float64{1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("redisSeries = %+v, want %+v", got, want)
	}
}

func TestPhaseMeans(t *testing.T) {
	rows := []report.Row{
		{Scenario: "s", InitMs: 100, ClientInitMs: 8, SocketWaitMs: 6, DNSMs: 2, ConnectMs: 4, TLSMs: 6, TTFBMs: 2},
		{Scenario: "s", Seq: 1, ConnectMs: 2, TLSMs: 4, TTFBMs: 4},
		{Scenario: "s", Seq: 2, InitMs: 999, Error: "timeout"},
		{Scenario: "dead", Error: "refused"},
	}
	names, means := phaseMeans(report.Tallies(rows, nil, []string{"dead", "s"}))
	if !reflect.DeepEqual(names, []string{"s"}) {
		t.Fatalf("names = %v, want [s]", names)
	}
	if want := []float64{50, 4, 3, 1, 3, 5, 3}; !reflect.DeepEqual(means[0], want) {
		t.Errorf("means (init, client init, socket wait, dns, connect, tls, request) = %v, want %v", means[0], want)
	}
}

func TestLanes(t *testing.T) {
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	spans := []report.Span{
		{Scenario: "x", Container: 2, Start: at(5)},
		{Scenario: "y", Container: 1, Start: at(0)},
		{Scenario: "x", Container: 1, Start: at(1), End: at(2)},
		{Scenario: "x", Container: 1, Start: at(3), End: at(4)},
	}
	var got []string
	for _, l := range lanes(spans, []string{"y", "x"}) {
		got = append(got, fmt.Sprintf("%s#%d:%d", l.scenario, l.container, len(l.spans)))
	}
	if want := []string{"y#1:1", "x#1:2", "x#2:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lanes = %v, want %v", got, want)
	}
}

func TestEnvelope(t *testing.T) {
	n := 100000
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range n {
		x[i], y[i] = float64(i+1), 2
	}
	y[12345], y[67890] = 40, 0.5 // a spike and a dip must survive
	pts := envelope(x, y, maxLinePoints)
	if len(pts) > maxLinePoints {
		t.Fatalf("%d points, want at most %d", len(pts), maxLinePoints)
	}
	var sawSpike, sawDip bool
	for i, p := range pts {
		if i > 0 && p.X <= pts[i-1].X {
			t.Fatalf("x not ascending at %d: %v after %v", i, p.X, pts[i-1].X)
		}
		sawSpike = sawSpike || p == plotter.XY{X: 12346, Y: 40}
		sawDip = sawDip || p == plotter.XY{X: 67891, Y: 0.5}
	}
	if !sawSpike || !sawDip {
		t.Errorf("spike kept %v, dip kept %v; want both", sawSpike, sawDip)
	}
	if first, last := pts[0], pts[len(pts)-1]; first.X != 1 || last.X != float64(n) {
		t.Errorf("line runs %v..%v, want 1..%d", first.X, last.X, n)
	}
	if short := envelope(x[:10], y[:10], maxLinePoints); len(short) != 10 {
		t.Errorf("a short line has %d points, want all 10", len(short))
	}
}

// A container's invocations in flight stand in its lane as high as their
// mean against the peak of the scenario's busiest container; idle bins
// draw nothing, and the last bin stops where the container's life does.
func TestInFlightBars(t *testing.T) {
	profile := report.Profile{Origin: t0, Bin: time.Second, Mean: []float64{0, 1, 2, 0.5}, Peak: 2}
	quiet := report.Profile{Origin: t0, Bin: time.Second, Mean: []float64{1}, Peak: 1}
	full := peakInFlight([]lane{
		{scenario: "a", spans: []report.Span{{InFlight: quiet}}},
		{scenario: "a", spans: []report.Span{{InFlight: profile}}},
		{scenario: "b", spans: []report.Span{{InFlight: quiet}}},
		{scenario: "c", spans: []report.Span{{}}},
	})
	if want := map[string]int{"a": 2, "b": 1, "c": 0}; !reflect.DeepEqual(full, want) {
		t.Fatalf("full bars %v, want %v", full, want)
	}
	sec := func(t time.Time) float64 { return t.Sub(t0).Seconds() }
	got := inFlightBars(profile, sec, 3.5, 7, full["a"], colour(0))
	want := []step{{1, 2, 0.5}, {2, 3, 1}, {3, 3.5, 0.25}}
	if !reflect.DeepEqual(got.bins, want) || got.y != 7 {
		t.Errorf("bars %+v in lane %v, want %+v in lane 7", got.bins, got.y, want)
	}
}
