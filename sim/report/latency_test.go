package report

import (
	"math"
	"testing"
)

func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"one sample p50", []float64{7}, 50, 7},
		{"one sample p99", []float64{7}, 99, 7},
		{"four p50 takes the lower middle", seq(4), 50, 2},
		{"four p75", seq(4), 75, 3},
		{"four p76 rounds rank up", seq(4), 76, 4},
		{"four p100", seq(4), 100, 4},
		{"ten p90", seq(10), 90, 9},
		{"ten p99", seq(10), 99, 10},
		{"hundred p50", seq(100), 50, 50},
		{"hundred p90", seq(100), 90, 90},
		{"hundred p99", seq(100), 99, 99},
		{"thousand p99", seq(1000), 99, 990},
		{"p0 is the minimum", seq(10), 0, 1},
		{"duplicates", []float64{1, 2, 2, 2, 9}, 50, 2},
		{"outlier only in max", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 40}, 90, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
	if got := Percentile(nil, 50); !math.IsNaN(got) {
		t.Errorf("Percentile(nil) = %v, want NaN", got)
	}
}

func TestNewLatency(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		want    *Latency
	}{
		{"empty is unmeasured", nil, nil},
		{"one", []float64{43}, &Latency{First: 43, Mean: 43, P50: 43, P90: 43, P99: 43, Max: 43}},
		{
			// the article's shape: a cold first call, then warm ones
			"first is the first in invocation order, not the smallest",
			[]float64{40, 2, 3, 1, 4},
			&Latency{First: 40, Mean: 10, P50: 3, P90: 40, P99: 40, Max: 40},
		},
		{"hundred", seq(100), &Latency{First: 1, Mean: 50.5, P50: 50, P90: 90, P99: 99, Max: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewLatency(tt.samples)
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("NewLatency(%v) = %+v, want %+v", tt.samples, got, tt.want)
			}
		})
	}
}

func TestNewLatencyLeavesSamplesInOrder(t *testing.T) {
	samples := []float64{3, 1, 2}
	NewLatency(samples)
	if samples[0] != 3 || samples[1] != 1 || samples[2] != 2 {
		t.Errorf("samples reordered: %v", samples)
	}
}
