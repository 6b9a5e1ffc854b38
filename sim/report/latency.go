package report

import (
	"math"
	"slices"
)

// Latency describes a set of latency samples in milliseconds. First is the
// earliest invocation's sample (the cold call in the article's test); the
// rest are exact statistics of all samples, percentiles by nearest rank.
type Latency struct {
	First float64 `json:"first"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

// NewLatency computes the statistics of samples, given in invocation order.
// It returns nil for no samples: a latency that was never measured is not
// zero.
func NewLatency(samples []float64) *Latency {
	if len(samples) == 0 {
		return nil
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	return &Latency{
		First: samples[0],
		Mean:  sum / float64(len(sorted)),
		P50:   Percentile(sorted, 50),
		P90:   Percentile(sorted, 90),
		P99:   Percentile(sorted, 99),
		Max:   sorted[len(sorted)-1],
	}
}

// Percentile returns the p-th percentile (0 < p <= 100) of sorted samples by
// nearest rank: the smallest sample such that at least p percent of the
// samples are less than or equal to it. p <= 0 gives the minimum. It returns
// NaN for no samples.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	return sorted[min(max(rank, 1), n)-1]
}
