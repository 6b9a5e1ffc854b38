package netem

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// LatenessStats summarises how late the scheduler ran a link's timed events
// against their deadlines: chunk deliveries, handshake flights, DNS waits
// and Link.Sleep. The link adds lateness to every delay it models, so when
// the machine cannot keep up, it shows here first. Quantiles are exact to
// within 2%; Max is exact.
type LatenessStats struct {
	Count         int64
	P50, P99, Max time.Duration
}

// The histogram's buckets are log-linear, as in HDR histograms: values under
// 64 ns each have a bucket, and every power of two above is split into 32
// buckets, so a bucket is at most 1/32 of its lower bound wide and its
// midpoint within 1/64 of any value in it. Values from about 17 s up share
// the last bucket, whose quantiles report the maximum.
const (
	subBits    = 5
	subBuckets = 1 << subBits
	maxShift   = 34 - subBits - 1
	numBuckets = (maxShift + 2) * subBuckets
)

// histogram counts durations in fixed memory. Recording is lock-free and
// allocation-free, so the scheduler goroutine can record every callback.
type histogram struct {
	counts [numBuckets]atomic.Uint64
	max    atomic.Int64
}

func bucketOf(v uint64) int {
	shift := bits.Len64(v) - subBits - 1
	switch {
	case shift <= 0:
		return int(v)
	case shift > maxShift:
		return numBuckets - 1
	}
	return shift*subBuckets + int(v>>shift)
}

// bucketMid returns the midpoint of bucket i, the value it reports.
func bucketMid(i int) uint64 {
	if i < 2*subBuckets {
		return uint64(i)
	}
	shift := i/subBuckets - 1
	low := uint64(i-shift*subBuckets) << shift
	return low + 1<<shift/2
}

// record adds one sample; a nil histogram records nothing, and a negative
// duration counts as zero.
func (h *histogram) record(d time.Duration) {
	if h == nil {
		return
	}
	v := max(int64(d), 0)
	h.counts[bucketOf(uint64(v))].Add(1)
	for {
		m := h.max.Load()
		if v <= m || h.max.CompareAndSwap(m, v) {
			return
		}
	}
}

// stats summarises the samples recorded so far. It may run while samples
// are recorded: it then reflects some of them.
func (h *histogram) stats() LatenessStats {
	var counts [numBuckets]uint64
	var n uint64
	for i := range h.counts {
		counts[i] = h.counts[i].Load()
		n += counts[i]
	}
	if n == 0 {
		return LatenessStats{}
	}
	// Read after the counts: max only grows, so it bounds every sample
	// counted above.
	top := time.Duration(h.max.Load())
	quantile := func(q float64) time.Duration {
		rank := max(uint64(math.Ceil(q*float64(n))), 1)
		var seen uint64
		for i, c := range counts {
			if seen += c; seen >= rank && i < numBuckets-1 {
				return min(time.Duration(bucketMid(i)), top)
			}
		}
		return top
	}
	return LatenessStats{Count: int64(n), P50: quantile(0.5), P99: quantile(0.99), Max: top}
}
