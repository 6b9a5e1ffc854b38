package load

import (
	"context"
	"errors"
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
		// field is the PlanError's field; err a part of its message.
		field, err string
	}{
		{"sequential", Plan{Pattern: Sequential, Count: 1000}, 1000, "", ""},
		{"sequential ignores rate", Plan{Pattern: Sequential, Count: 3, Rate: -1}, 3, "", ""},
		{"sequential by duration", Plan{Pattern: Sequential, Duration: time.Second}, 0, "", ""},
		{"sequential count and duration", Plan{Pattern: Sequential, Count: 5, Duration: time.Second}, 5, "", ""},
		{"concurrent", Plan{Pattern: Concurrent, Count: 10, Concurrency: 4}, 10, "", ""},
		{"concurrent more users than invocations", Plan{Pattern: Concurrent, Count: 2, Concurrency: 8}, 2, "", ""},
		{"concurrent by duration", Plan{Pattern: Concurrent, Concurrency: 3, Duration: time.Second}, 0, "", ""},
		{"bursts", Plan{Pattern: Bursts, Burst: Burst{Size: 5, Gap: time.Second, Count: 3}}, 15, "", ""},
		{"bursts without gap", Plan{Pattern: Bursts, Burst: Burst{Size: 5, Count: 2}}, 10, "", ""},
		{"bursts by duration", Plan{Pattern: Bursts, Duration: time.Minute, Burst: Burst{Size: 5, Gap: time.Second}}, 0, "", ""},
		{"bursts count and duration", Plan{Pattern: Bursts, Duration: time.Minute, Burst: Burst{Size: 5, Count: 2}}, 10, "", ""},
		{"bursts beyond max in flight", Plan{Pattern: Bursts, MaxInFlight: 2, Burst: Burst{Size: 5, Count: 2}}, 10, "", ""},
		{"constant by duration", Plan{Pattern: Constant, Rate: 50, Duration: time.Second}, 50, "", ""},
		{"constant by count", Plan{Pattern: Constant, Rate: 50, Count: 7}, 7, "", ""},
		{"constant count before duration", Plan{Pattern: Constant, Rate: 50, Count: 7, Duration: time.Minute}, 7, "", ""},
		{"constant duration before count", Plan{Pattern: Constant, Rate: 10, Count: 700, Duration: time.Second}, 10, "", ""},
		{"constant fractional", Plan{Pattern: Constant, Rate: 3, Duration: time.Second}, 3, "", ""},
		{"constant slow", Plan{Pattern: Constant, Rate: 0.5, Duration: time.Second}, 1, "", ""},
		{"constant with max in flight", Plan{Pattern: Constant, Rate: 50, Count: 7, MaxInFlight: 1}, 7, "", ""},
		{"poisson by count", Plan{Pattern: Poisson, Rate: 50, Count: 40, Seed: 1}, 40, "", ""},

		{"no pattern", Plan{Count: 3}, 0, "Pattern", "no pattern"},
		{"unknown pattern", Plan{Pattern: "ramp", Count: 3}, 0, "Pattern", `unknown pattern "ramp"`},
		{"negative count", Plan{Pattern: Sequential, Count: -1}, 0, "Count", "count -1 is negative"},
		{"negative duration", Plan{Pattern: Sequential, Count: 1, Duration: -time.Second}, 0, "Duration", "duration -1s is negative"},
		{"negative max in flight", Plan{Pattern: Constant, Rate: 1, Count: 1, MaxInFlight: -1}, 0, "MaxInFlight", "max in flight -1 is negative"},
		{"sequential unbounded", Plan{Pattern: Sequential}, 0, "Count", "sequential needs a count or a duration"},
		{"sequential too many", Plan{Pattern: Sequential, Count: MaxInvocations + 1}, 0, "Count", "more than"},
		{"concurrent no users", Plan{Pattern: Concurrent, Count: 3}, 0, "Concurrency", "concurrency > 0"},
		{"concurrent unbounded", Plan{Pattern: Concurrent, Concurrency: 3}, 0, "Count", "concurrent needs a count or a duration"},
		{"bursts no size", Plan{Pattern: Bursts, Burst: Burst{Count: 3}}, 0, "Burst.Size", "size > 0"},
		{"bursts unbounded", Plan{Pattern: Bursts, Burst: Burst{Size: 3}}, 0, "Burst.Count", "bursts need a count or a duration"},
		{"bursts negative count", Plan{Pattern: Bursts, Burst: Burst{Size: 3, Count: -1}}, 0, "Burst.Count", "negative"},
		{"bursts negative gap", Plan{Pattern: Bursts, Burst: Burst{Size: 1, Count: 1, Gap: -time.Second}}, 0, "Burst.Gap", "negative"},
		{"bursts too many", Plan{Pattern: Bursts, Burst: Burst{Size: MaxInvocations, Count: 2}}, 0, "Burst.Count", "more than"},
		{"constant no rate", Plan{Pattern: Constant, Count: 3}, 0, "Rate", "rate 0"},
		{"constant negative rate", Plan{Pattern: Constant, Count: 3, Rate: -2}, 0, "Rate", "rate -2"},
		{"constant NaN rate", Plan{Pattern: Constant, Count: 3, Rate: math.NaN()}, 0, "Rate", "rate NaN"},
		{"constant infinite rate", Plan{Pattern: Constant, Count: 3, Rate: math.Inf(1)}, 0, "Rate", "rate +Inf"},
		{"constant unbounded", Plan{Pattern: Constant, Rate: 3}, 0, "Count", "count or a duration"},
		{"constant too many", Plan{Pattern: Constant, Rate: 1e6, Duration: time.Hour}, 0, "Duration", "more than"},
		{"poisson too many", Plan{Pattern: Poisson, Rate: 1, Count: MaxInvocations + 1}, 0, "Count", "more than"},
		{"poisson nothing fits", Plan{Pattern: Poisson, Rate: 0.001, Duration: time.Millisecond, Seed: 1}, 0, "Duration", "no arrival"},
		{"poisson rate too high", Plan{Pattern: Poisson, Rate: 1e10, Count: 3}, 0, "Rate", "too high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.plan.Validate()
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
			} else {
				var pe *PlanError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.err) || pe.Field != tt.field {
					t.Fatalf("Validate() = %#v, want a *PlanError on %s containing %q", err, tt.field, tt.err)
				}
				// Run refuses the plan with the same error, so a caller
				// that validated first cannot be surprised.
				if ch, runErr := Run(context.Background(), "http://127.0.0.1:1/fn", tt.plan); ch != nil || runErr == nil || runErr.Error() != err.Error() {
					t.Errorf("Run() = %v, %v; Validate() = %v", ch, runErr, err)
				}
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
		got := offsets(t, Plan{Pattern: Constant, Rate: tt.rate, Duration: tt.duration})
		if !slices.Equal(got, tt.want) {
			t.Errorf("rate %v for %v: offsets %v, want %v", tt.rate, tt.duration, got, tt.want)
		}
	}
}

func TestPoissonSchedule(t *testing.T) {
	const rate, n = 200.0, 20000
	draw := func(seed uint64) []time.Duration {
		out := offsets(t, Plan{Pattern: Poisson, Rate: rate, Count: n, Seed: seed})
		if len(out) != n {
			t.Fatalf("%d arrivals, want %d", len(out), n)
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
	p := Plan{Pattern: Poisson, Rate: rate, Duration: 20 * time.Second, Seed: 3}
	bounded := offsets(t, p)
	m := len(bounded)
	if bounded[m-1] >= 20*time.Second {
		t.Errorf("last arrival %v is past the duration", bounded[m-1])
	}
	if p.Total() != m {
		t.Errorf("Total() = %d, but the schedule has %d arrivals", p.Total(), m)
	}
	if want := rate * 20; math.Abs(float64(m)-want)/want > 0.06 {
		t.Errorf("%d arrivals in 20s at %v/s, want %v ± 6%%", m, rate, want)
	}
}

// offsets are the send times of a valid open loop's schedule.
func offsets(t *testing.T, p Plan) []time.Duration {
	t.Helper()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	var out []time.Duration
	next := p.arrivals()
	for o, ok := next(); ok; o, ok = next() {
		out = append(out, o)
	}
	return out
}
