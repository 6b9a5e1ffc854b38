package selfcheck

import (
	"math"
	"runtime/metrics"
	"testing"
	"time"
)

func TestQuantileOfTheWindow(t *testing.T) {
	// Buckets in seconds: [-Inf,0) [0,1) [1,2) [2,4) [4,+Inf).
	buckets := []float64{math.Inf(-1), 0, 1, 2, 4, math.Inf(1)}
	hist := func(counts ...uint64) *metrics.Float64Histogram {
		return &metrics.Float64Histogram{Counts: counts, Buckets: buckets}
	}
	tests := []struct {
		name          string
		before, after *metrics.Float64Histogram
		q             float64
		want          time.Duration
	}{
		{"no samples", hist(0, 0, 0, 0, 0), hist(0, 0, 0, 0, 0), 0.99, 0},
		{"nothing new", hist(0, 5, 5, 0, 0), hist(0, 5, 5, 0, 0), 0.99, 0},
		{"upper bound of the bucket", hist(0, 0, 0, 0, 0), hist(0, 0, 1, 0, 0), 0.99, 2 * time.Second},
		{"only the window counts", hist(0, 0, 0, 100, 0), hist(0, 99, 1, 100, 0), 0.99, time.Second},
		{"p99 in the tail", hist(0, 0, 0, 0, 0), hist(0, 98, 0, 2, 0), 0.99, 4 * time.Second},
		{"p50 below it", hist(0, 0, 0, 0, 0), hist(0, 98, 0, 2, 0), 0.5, time.Second},
		{"unbounded bucket reports its lower bound", hist(0, 0, 0, 0, 0), hist(0, 0, 0, 0, 3), 0.99, 4 * time.Second},
		{"no first reading", nil, hist(0, 0, 1, 0, 0), 0.99, 2 * time.Second},
		{"no metric", nil, nil, 0.99, 0},
		{"layouts differ", hist(0, 0), hist(0, 0, 1, 0, 0), 0.99, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quantile(tt.before, tt.after, tt.q); got != tt.want {
				t.Errorf("quantile = %v, want %v", got, tt.want)
			}
		})
	}
}
