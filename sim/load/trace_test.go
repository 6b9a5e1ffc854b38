package load

import (
	"math"
	"testing"
	"time"
)

// drain collects a plan's arrivals.
func drain(p Plan) []time.Duration {
	var out []time.Duration
	next := p.arrivals()
	for at, ok := next(); ok; at, ok = next() {
		out = append(out, at)
	}
	return out
}

// perMinute counts arrivals by the trace minute they fall in, checking
// that they come in order.
func perMinute(t *testing.T, at []time.Duration, minute time.Duration, minutes int) []int {
	t.Helper()
	counts := make([]int, minutes)
	for i, a := range at {
		if i > 0 && a < at[i-1] {
			t.Fatalf("arrival %d at %v comes before arrival %d at %v", i, a, i-1, at[i-1])
		}
		m := int(a / minute)
		if m < 0 || m >= minutes {
			t.Fatalf("arrival %d at %v falls outside the trace's %d minutes", i, a, minutes)
		}
		counts[m]++
	}
	return counts
}

// A uniform or equidistant spread replays each minute's count exactly,
// within that minute.
func TestTraceKeepsEachMinutesCount(t *testing.T) {
	counts := []int{3, 0, 120, 1, 0, 0, 57}
	for _, spread := range []Spread{SpreadUniform, SpreadEquidistant} {
		t.Run(string(spread), func(t *testing.T) {
			p := Plan{Pattern: FromTrace, Seed: 7, Trace: Trace{PerMinute: counts, Spread: spread, Minute: time.Second}}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			got := perMinute(t, drain(p), time.Second, len(counts))
			for m := range counts {
				if got[m] != counts[m] {
					t.Errorf("minute %d: %d arrivals, want %d", m+1, got[m], counts[m])
				}
			}
			if p.Total() != 181 {
				t.Errorf("Total() = %d, want 181", p.Total())
			}
		})
	}
}

func TestEquidistantSpacesEvenly(t *testing.T) {
	p := Plan{Pattern: FromTrace, Trace: Trace{PerMinute: []int{4, 2}, Spread: SpreadEquidistant, Minute: time.Minute}}
	want := []time.Duration{0, 15 * time.Second, 30 * time.Second, 45 * time.Second, time.Minute, 90 * time.Second}
	got := drain(p)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("arrival %d at %v, want %v", i, got[i], want[i])
		}
	}
}

// Uniform positions within a minute have mean 1/2 and variance 1/12; a
// Poisson spread's count per minute has the minute's count as mean and as
// variance.
func TestTraceSpreadsHaveTheirDistribution(t *testing.T) {
	const minutes, perMin = 400, 50
	counts := make([]int, minutes)
	for i := range counts {
		counts[i] = perMin
	}
	t.Run("uniform positions", func(t *testing.T) {
		p := Plan{Pattern: FromTrace, Seed: 11, Trace: Trace{PerMinute: counts, Spread: SpreadUniform, Minute: time.Second}}
		var sum, sq float64
		at := drain(p)
		for _, a := range at {
			x := (a % time.Second).Seconds()
			sum += x
			sq += x * x
		}
		n := float64(len(at))
		mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
		// 20000 draws: the mean's standard error is 0.002.
		if math.Abs(mean-0.5) > 0.01 || math.Abs(variance-1.0/12) > 0.005 {
			t.Errorf("positions within the minute: mean %.4f, variance %.4f; want 0.5 and %.4f", mean, variance, 1.0/12)
		}
	})
	t.Run("poisson counts", func(t *testing.T) {
		p := Plan{Pattern: FromTrace, Seed: 12, Trace: Trace{PerMinute: counts, Spread: SpreadPoisson, Minute: time.Second}}
		got := perMinute(t, drain(p), time.Second, minutes)
		var sum, sq float64
		for _, c := range got {
			sum += float64(c)
			sq += float64(c * c)
		}
		mean := sum / minutes
		variance := sq/minutes - mean*mean
		// The mean of 400 minutes has a standard error of 0.35; their
		// variance, about 3.6.
		if math.Abs(mean-perMin) > 1.5 || variance < perMin-15 || variance > perMin+15 {
			t.Errorf("arrivals per minute: mean %.2f, variance %.2f; want both near %d", mean, variance, perMin)
		}
	})
}

func TestTraceBounds(t *testing.T) {
	tr := Trace{PerMinute: []int{10, 10, 10}, Spread: SpreadEquidistant, Minute: time.Second}
	if n := len(drain(Plan{Pattern: FromTrace, Trace: tr, Count: 15})); n != 15 {
		t.Errorf("count 15: %d arrivals", n)
	}
	at := drain(Plan{Pattern: FromTrace, Trace: tr, Duration: 1500 * time.Millisecond})
	if len(at) != 15 || at[len(at)-1] >= 1500*time.Millisecond {
		t.Errorf("duration 1.5s: %d arrivals, last at %v; want 15, before 1.5s", len(at), at[len(at)-1])
	}
}

func TestTraceValidate(t *testing.T) {
	first := Trace{PerMinute: []int{1}, Spread: SpreadEquidistant, Minute: time.Second}
	for _, tc := range []struct {
		name  string
		trace Trace
		field string
	}{
		{"no minutes", Trace{Spread: SpreadUniform, Minute: time.Second}, "Trace.PerMinute"},
		{"no invocations", Trace{PerMinute: []int{0, 0}, Spread: SpreadUniform, Minute: time.Second}, "Trace.PerMinute"},
		{"negative count", Trace{PerMinute: []int{1, -1}, Spread: SpreadUniform, Minute: time.Second}, "Trace.PerMinute"},
		{"no spread", Trace{PerMinute: []int{1}, Minute: time.Second}, "Trace.Spread"},
		{"no minute length", Trace{PerMinute: []int{1}, Spread: SpreadUniform}, "Trace.Minute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Plan{Pattern: FromTrace, Trace: tc.trace}.Validate()
			pe, isPlan := err.(*PlanError)
			if !isPlan || pe.Field != tc.field {
				t.Errorf("got %v, want a PlanError on %s", err, tc.field)
			}
		})
	}
	if err := (Plan{Pattern: FromTrace, Trace: first, Duration: time.Nanosecond}).Validate(); err != nil {
		t.Errorf("an equidistant trace's first arrival, at 0, falls inside any duration: %v", err)
	}
	late := Trace{PerMinute: []int{0, 1}, Spread: SpreadEquidistant, Minute: time.Second}
	if err, ok := (Plan{Pattern: FromTrace, Trace: late, Duration: time.Second}).Validate().(*PlanError); !ok || err.Field != "Duration" {
		t.Errorf("a duration that ends before the first arrival: got %v, want a PlanError on Duration", err)
	}
}
