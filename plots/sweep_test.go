package plots

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

// rttSweep is a sweep of two scenarios over RTTs from 0.5 to 50 ms: a warm
// keep-alive call costs one round trip, a fresh connection three.
func rttSweep(priced bool) report.Sweep {
	rtts := []string{"0.5ms", "5ms", "50ms"}
	ms := []float64{0.5, 5, 50}
	sw := report.Sweep{Axes: []report.SweepAxis{{Path: "network.rtt", Values: rtts}}}
	for i, rtt := range rtts {
		for _, s := range []struct {
			name       string
			roundTrips float64
		}{{"keepalive", 1}, {"fresh", 3}} {
			p50 := s.roundTrips*ms[i] + 0.4
			p10 := p50 * 0.9
			p := &report.Platform{ColdStartProbability: 0.01, MeanLiveContainers: 1, PeakLiveContainers: 1, MemoryMB: 1024}
			if priced {
				cost := p50 / 1000
				p.Cost = &cost
			}
			sw.Rows = append(sw.Rows, report.SweepRow{
				Point:      []string{rtt},
				Summary:    report.Summary{Name: s.name, RedisMs: &report.Latency{P50: p50, P90: p50 * 1.2}, TotalMs: &report.Latency{P50: p50 + 1, P90: p50 * 1.3}, Platform: p},
				RedisP10Ms: &p10, TotalP10Ms: &p10,
			})
		}
	}
	return sw
}

// TestWriteSweep checks which charts a sweep gets (cost only when priced)
// and that each is a full-size picture with both lines' colours on it.
func TestWriteSweep(t *testing.T) {
	for _, priced := range []bool{false, true} {
		dir := t.TempDir()
		files, err := WriteSweep(dir, rttSweep(priced))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, filepath.Base(f))
		}
		want := []string{"sweep-redis.png", "sweep-total.png", "sweep-cold-start-probability.png", "sweep-mean-live-containers.png",
			"sweep-peak-live-containers.png", "sweep-busy-container-seconds.png", "sweep-idle-gb-seconds.png"}
		if priced {
			want = append(want, "sweep-cost.png")
		}
		if !slices.Equal(got, want) {
			t.Errorf("priced %v: wrote %v, want %v", priced, got, want)
		}
		img := decodePNG(t, filepath.Join(dir, "sweep-redis.png"))
		if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
			t.Errorf("sweep-redis.png is %dx%d, want 1000x600", b.Dx(), b.Dy())
		}
		if colours, share := ink(img); colours < 10 || share < 0.02 {
			t.Errorf("sweep-redis.png has %d colours and %.3f ink: want lines, bands and labels", colours, share)
		}
	}
}

// TestSweepAxes checks how an axis's values are placed and when a log axis
// is chosen: durations in milliseconds, numbers as they are, other values
// by position; log only for positive values spread by 20 times or more.
func TestSweepAxes(t *testing.T) {
	tests := []struct {
		values []string
		label  string
		pos    []float64
		cat    bool
	}{
		{[]string{"0.5ms", "1s", "0"}, "p (ms)", []float64{0.5, 1000, 0}, false},
		{[]string{"128", "1024"}, "p", []float64{128, 1024}, false},
		{[]string{"1.2", "1.3"}, "p", []float64{1.2, 1.3}, false},
		{[]string{"true", "false"}, "p", []float64{0, 1}, true},
	}
	for _, tt := range tests {
		x := newSweepAxis(report.SweepAxis{Path: "p", Values: tt.values})
		for i, v := range tt.values {
			if x.pos[v] != tt.pos[i] {
				t.Errorf("%v: %s at %v, want %v", tt.values, v, x.pos[v], tt.pos[i])
			}
		}
		if x.label != tt.label || (x.labels != nil) != tt.cat {
			t.Errorf("%v: label %q, categories %v; want %q, categorical %v", tt.values, x.label, x.labels, tt.label, tt.cat)
		}
	}
	for _, c := range []struct {
		v    []float64
		want bool
	}{{[]float64{0.5, 50}, true}, {[]float64{1, 19}, false}, {[]float64{0, 100}, false}} {
		if wide(c.v) != c.want {
			t.Errorf("wide(%v) = %v, want %v", c.v, !c.want, c.want)
		}
	}
}

// TestSweepLinesGrid checks that a second axis splits each scenario into a
// line per value, named after it, each across the first axis.
func TestSweepLinesGrid(t *testing.T) {
	sw := report.Sweep{Axes: []report.SweepAxis{{Path: "network.rtt", Values: []string{"1ms", "2ms"}}, {Path: "upstream.tls", Values: []string{"1.2", "1.3"}}}}
	for _, rtt := range []string{"1ms", "2ms"} {
		for _, tls := range []string{"1.2", "1.3"} {
			sw.Rows = append(sw.Rows, report.SweepRow{Point: []string{rtt, tls}, Summary: report.Summary{Name: "a", Platform: &report.Platform{MeanLiveContainers: 1}}})
		}
	}
	i := slices.IndexFunc(sweepFigures, func(f sweepFigure) bool { return f.file == "sweep-mean-live-containers.png" })
	fig := sweepFigures[i]
	lines := sweepLines(sw, newSweepAxis(sw.Axes[0]), fig)
	if len(lines) != 2 || lines[0].name != "a, upstream.tls=1.2" || lines[1].name != "a, upstream.tls=1.3" {
		t.Fatalf("lines %+v, want a per TLS version", lines)
	}
	if !slices.Equal(lines[1].x, []float64{1, 2}) {
		t.Errorf("x %v, want 1 and 2 ms", lines[1].x)
	}
}
