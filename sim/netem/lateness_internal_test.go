package netem

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketsCoverEveryValueInOrder(t *testing.T) {
	prev := -1
	for _, v := range []uint64{0, 1, 63, 64, 65, 127, 128, 1000, 1 << 20, 1<<34 - 1, 1 << 34, 1 << 40, 1<<63 - 1} {
		i := bucketOf(v)
		if i < prev || i >= numBuckets {
			t.Errorf("bucketOf(%d) = %d after %d, want in order within [0, %d)", v, i, prev, numBuckets)
		}
		prev = i
	}
	// Consecutive values land in the same or the next bucket, so no
	// bucket is skipped and none overlaps another.
	for v := uint64(0); v < 1<<16; v++ {
		if d := bucketOf(v+1) - bucketOf(v); d != 0 && d != 1 {
			t.Fatalf("bucketOf(%d) = %d, bucketOf(%d) = %d", v, bucketOf(v), v+1, bucketOf(v+1))
		}
	}
}

func TestBucketMidIsWithinTwoPercent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		v := uint64(rng.Int64N(int64(10 * time.Second)))
		mid := bucketMid(bucketOf(v))
		if diff := float64(mid) - float64(v); diff > 0.02*float64(v)+0.5 || -diff > 0.02*float64(v)+0.5 {
			t.Fatalf("%d reported as %d", v, mid)
		}
	}
}

func TestHistogramStats(t *testing.T) {
	tests := []struct {
		name    string
		samples []time.Duration
		want    LatenessStats
	}{
		{"empty", nil, LatenessStats{}},
		// 3000 ns falls in the bucket [2944, 3008).
		{"one, at its bucket's midpoint", []time.Duration{3000}, LatenessStats{Count: 1, P50: 2976, P99: 2976, Max: 3000}},
		{"quantiles never above max", []time.Duration{2950}, LatenessStats{Count: 1, P50: 2950, P99: 2950, Max: 2950}},
		{"negative counts as zero", []time.Duration{-time.Second}, LatenessStats{Count: 1}},
		{"small values are exact", []time.Duration{10, 20, 30, 40}, LatenessStats{Count: 4, P50: 20, P99: 40, Max: 40}},
		{"beyond the top bucket", []time.Duration{time.Minute}, LatenessStats{Count: 1, P50: time.Minute, P99: time.Minute, Max: time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			for _, s := range tt.samples {
				h.record(s)
			}
			if got := h.stats(); got != tt.want {
				t.Errorf("stats = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Against a sorted copy of the samples, the quantiles are off by at most the
// histogram's resolution.
func TestHistogramQuantilesMatchSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var h histogram
	samples := make([]time.Duration, 10000)
	for i := range samples {
		// Log-uniform from 100 ns to 10 s.
		samples[i] = time.Duration(100 * math.Pow(1e8, rng.Float64()))
		h.record(samples[i])
	}
	slices.Sort(samples)
	got := h.stats()
	exact := func(q float64) time.Duration { return samples[int(q*float64(len(samples)))-1] }
	for _, c := range []struct {
		name      string
		got, want time.Duration
	}{
		{"p50", got.P50, exact(0.5)},
		{"p99", got.P99, exact(0.99)},
		{"max", got.Max, samples[len(samples)-1]},
	} {
		if diff := float64(c.got - c.want); diff > 0.02*float64(c.want) || -diff > 0.02*float64(c.want) {
			t.Errorf("%s = %v, want %v within 2%%", c.name, c.got, c.want)
		}
	}
	if got.Count != int64(len(samples)) {
		t.Errorf("count = %d, want %d", got.Count, len(samples))
	}
}

func TestHistogramRecordDoesNotAllocate(t *testing.T) {
	var h histogram
	if n := testing.AllocsPerRun(1000, func() { h.record(1234) }); n != 0 {
		t.Errorf("record allocates %v times", n)
	}
}

func BenchmarkHistogramRecord(b *testing.B) {
	var h histogram
	for i := range b.N {
		h.record(time.Duration(i & 0xffff))
	}
}
