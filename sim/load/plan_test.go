package load

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name  string
		plan  Plan
		total int
		err   string
	}{
		{"sequential", Plan{Pattern: Sequential, Count: 1000}, 1000, ""},
		{"sequential ignores rate", Plan{Pattern: Sequential, Count: 3, Rate: -1}, 3, ""},
		{"concurrent", Plan{Pattern: Concurrent, Count: 10, Concurrency: 4}, 10, ""},
		{"concurrent more users than invocations", Plan{Pattern: Concurrent, Count: 2, Concurrency: 8}, 2, ""},
		{"bursts", Plan{Pattern: Bursts, Burst: Burst{Size: 5, Gap: time.Second, Count: 3}}, 15, ""},
		{"bursts without gap", Plan{Pattern: Bursts, Burst: Burst{Size: 5, Count: 2}}, 10, ""},
		{"constant by duration", Plan{Pattern: Constant, Rate: 50, Duration: time.Second}, 50, ""},
		{"constant by count", Plan{Pattern: Constant, Rate: 50, Count: 7}, 7, ""},
		{"constant count before duration", Plan{Pattern: Constant, Rate: 50, Count: 7, Duration: time.Minute}, 7, ""},
		{"constant duration before count", Plan{Pattern: Constant, Rate: 10, Count: 700, Duration: time.Second}, 10, ""},
		{"constant fractional", Plan{Pattern: Constant, Rate: 3, Duration: time.Second}, 3, ""},
		{"constant slow", Plan{Pattern: Constant, Rate: 0.5, Duration: time.Second}, 1, ""},
		{"poisson by count", Plan{Pattern: Poisson, Rate: 50, Count: 40, Seed: 1}, 40, ""},

		{"no pattern", Plan{Count: 3}, 0, "no pattern"},
		{"unknown pattern", Plan{Pattern: "ramp", Count: 3}, 0, `unknown pattern "ramp"`},
		{"negative count", Plan{Pattern: Sequential, Count: -1}, 0, "count -1 is negative"},
		{"sequential no count", Plan{Pattern: Sequential}, 0, "sequential needs a count"},
		{"sequential too many", Plan{Pattern: Sequential, Count: MaxInvocations + 1}, 0, "more than"},
		{"concurrent no users", Plan{Pattern: Concurrent, Count: 3}, 0, "concurrency > 0"},
		{"concurrent no count", Plan{Pattern: Concurrent, Concurrency: 3}, 0, "concurrent needs a count"},
		{"bursts no size", Plan{Pattern: Bursts, Burst: Burst{Count: 3}}, 0, "size > 0"},
		{"bursts no count", Plan{Pattern: Bursts, Burst: Burst{Size: 3}}, 0, "count > 0"},
		{"bursts negative gap", Plan{Pattern: Bursts, Burst: Burst{Size: 1, Count: 1, Gap: -time.Second}}, 0, "negative"},
		{"bursts too many", Plan{Pattern: Bursts, Burst: Burst{Size: MaxInvocations, Count: 2}}, 0, "more than"},
		{"constant no rate", Plan{Pattern: Constant, Count: 3}, 0, "rate 0"},
		{"constant negative rate", Plan{Pattern: Constant, Count: 3, Rate: -2}, 0, "rate -2"},
		{"constant NaN rate", Plan{Pattern: Constant, Count: 3, Rate: math.NaN()}, 0, "rate NaN"},
		{"constant infinite rate", Plan{Pattern: Constant, Count: 3, Rate: math.Inf(1)}, 0, "rate +Inf"},
		{"constant unbounded", Plan{Pattern: Constant, Rate: 3}, 0, "count or a duration"},
		{"constant negative duration", Plan{Pattern: Constant, Rate: 3, Duration: -time.Second}, 0, "negative"},
		{"constant too many", Plan{Pattern: Constant, Rate: 1e6, Duration: time.Hour}, 0, "more than"},
		{"poisson nothing fits", Plan{Pattern: Poisson, Rate: 0.001, Duration: time.Millisecond, Seed: 1}, 0, "no arrival"},
		{"poisson rate too high", Plan{Pattern: Poisson, Rate: 1e10, Count: 3}, 0, "too high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.plan.Validate()
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.err)
			}
			if got := tt.plan.Total(); got != tt.total {
				t.Errorf("Total() = %d, want %d", got, tt.total)
			}
		})
	}
}

func TestConstantSchedule(t *testing.T) {
	tests := []struct {
		rate     float64
		duration time.Duration
		want     []time.Duration
	}{
		{4, time.Second, []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond}},
		{3, time.Second, []time.Duration{0, 333333333, 666666667}},
		{2, 1001 * time.Millisecond, []time.Duration{0, 500 * time.Millisecond, time.Second}},
		{0.5, time.Second, []time.Duration{0}},
	}
	for _, tt := range tests {
		offset, n, err := Plan{Pattern: Constant, Rate: tt.rate, Duration: tt.duration}.schedule()
		if err != nil {
			t.Fatal(err)
		}
		var got []time.Duration
		for i := range n {
			got = append(got, offset(i))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("rate %v for %v: offsets %v, want %v", tt.rate, tt.duration, got, tt.want)
		}
	}
}

func TestPoissonSchedule(t *testing.T) {
	const rate, n = 200.0, 20000
	draw := func(seed uint64) []time.Duration {
		offset, got, err := Plan{Pattern: Poisson, Rate: rate, Count: n, Seed: seed}.schedule()
		if err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Fatalf("%d arrivals, want %d", got, n)
		}
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = offset(i)
		}
		return out
	}
	a := draw(1)
	if !slices.Equal(a, draw(1)) {
		t.Error("the same seed drew different schedules")
	}
	if slices.Equal(a, draw(2)) {
		t.Error("different seeds drew the same schedule")
	}

	// Exponential gaps: mean 1/rate and a standard deviation equal to the
	// mean (a constant schedule would have none).
	var sum, sumSq float64
	prev := time.Duration(0)
	for i, o := range a {
		gap := (o - prev).Seconds()
		if gap < 0 {
			t.Fatalf("arrival %d at %v is before the previous one at %v", i, o, prev)
		}
		sum += gap
		sumSq += gap * gap
		prev = o
	}
	mean := sum / n
	sd := math.Sqrt(sumSq/n - mean*mean)
	if want := 1 / rate; math.Abs(mean-want)/want > 0.03 {
		t.Errorf("mean gap %.6fs, want %.6fs ± 3%%", mean, want)
	}
	if cv := sd / mean; math.Abs(cv-1) > 0.05 {
		t.Errorf("coefficient of variation %.3f, want 1 ± 0.05", cv)
	}

	// Bounded by a duration, every arrival falls inside it and the count is
	// close to rate × duration (sd √(rate × duration) ≈ 1.6%).
	offset, m, err := Plan{Pattern: Poisson, Rate: rate, Duration: 20 * time.Second, Seed: 3}.schedule()
	if err != nil {
		t.Fatal(err)
	}
	if offset(m-1) >= 20*time.Second {
		t.Errorf("last arrival %v is past the duration", offset(m-1))
	}
	if want := rate * 20; math.Abs(float64(m)-want)/want > 0.06 {
		t.Errorf("%d arrivals in 20s at %v/s, want %v ± 6%%", m, rate, want)
	}
}
