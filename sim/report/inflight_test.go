package report

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestInFlightProfile(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	type step struct {
		ms    int
		delta int
	}
	for _, tc := range []struct {
		name  string
		steps []step
		end   int
		bin   time.Duration
		mean  []float64
		peak  int
	}{
		{
			name:  "two at once count twice",
			steps: []step{{0, +1}, {0, +1}, {1, -1}, {2, -1}},
			end:   2,
			bin:   time.Millisecond,
			mean:  []float64{2, 1},
			peak:  2,
		},
		{
			name: "a long life widens the bins, keeping means",
			// Busy for 128 ms of a 250 ms life: 125 bins of 2 ms.
			steps: []step{{0, +1}, {128, -1}},
			end:   250,
			bin:   2 * time.Millisecond,
			mean:  append(slices.Repeat([]float64{1}, 64), slices.Repeat([]float64{0}, 61)...),
			peak:  1,
		},
		{
			name:  "the last bin's mean is over the part lived",
			steps: []step{{0, +1}},
			end:   3,
			bin:   time.Millisecond,
			mean:  []float64{1, 1, 1},
			peak:  1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewInFlight()
			f.Started(7, t0)
			for _, s := range tc.steps {
				switch {
				case s.delta > 0:
					f.Invoked(7, at(s.ms))
				case s.delta < 0:
					f.Returned(7, at(s.ms))
				}
			}
			f.Stopped(7, at(tc.end))
			p := f.End(at(tc.end + 1000))[7]
			if p.Bin != tc.bin || p.Peak != tc.peak || !p.Origin.Equal(t0) {
				t.Fatalf("bin %v peak %d origin %v, want %v, %d, %v", p.Bin, p.Peak, p.Origin, tc.bin, tc.peak, t0)
			}
			if !near(p.Mean, tc.mean) {
				t.Fatalf("mean %v, want %v", p.Mean, tc.mean)
			}
		})
	}
}

func TestInFlightPartialBins(t *testing.T) {
	t0 := time.Unix(1000, 0)
	f := NewInFlight()
	f.Started(1, t0)
	f.Invoked(1, t0.Add(2*time.Millisecond))
	f.Returned(1, t0.Add(2500*time.Microsecond))
	f.Stopped(1, t0.Add(3*time.Millisecond))
	if p := f.End(t0.Add(time.Second))[1]; !near(p.Mean, []float64{0, 0, 0.5}) {
		t.Fatalf("mean %v, want [0 0 0.5]", p.Mean)
	}
}

// A profile's memory does not grow with the invocations or the life: a
// day of invocations every 10 ms still fits its bins.
func TestInFlightBounded(t *testing.T) {
	t0 := time.Unix(1000, 0)
	f := NewInFlight()
	f.Started(1, t0)
	now := t0
	for range 24 * 3600 * 100 / 50 {
		f.Invoked(1, now)
		now = now.Add(25 * time.Millisecond)
		f.Returned(1, now)
		now = now.Add(25 * time.Millisecond)
	}
	p := f.End(now)[1]
	if len(p.Mean) > profileBins {
		t.Fatalf("%d bins, want at most %d", len(p.Mean), profileBins)
	}
	for i, m := range p.Mean[:len(p.Mean)-1] {
		if math.Abs(m-0.5) > 0.01 {
			t.Fatalf("bin %d: mean %v in flight, want 0.5 (busy half the time)", i, m)
		}
	}
}

// Containers still alive at the end close there; changes after the end,
// or to a container never started, are ignored.
func TestInFlightEnd(t *testing.T) {
	t0 := time.Unix(1000, 0)
	f := NewInFlight()
	f.Started(1, t0)
	f.Invoked(1, t0)
	f.Invoked(2, t0)
	got := f.End(t0.Add(2 * time.Millisecond))
	f.Returned(1, t0.Add(3*time.Millisecond))
	if len(got) != 1 || !near(got[1].Mean, []float64{1, 1}) {
		t.Fatalf("profiles %v, want container 1 only, in flight 1 for 2 ms", got)
	}
}

// near reports whether got and want hold the same means, to rounding.
func near(got, want []float64) bool {
	return slices.EqualFunc(got, want, func(g, w float64) bool { return math.Abs(g-w) < 1e-9 })
}
