package selfcheck

import (
	"math"
	"runtime/metrics"
	"time"
)

const schedLatencies = "/sched/latencies:seconds"

// Probe measures the host over a window: start it when a scenario starts and
// stop it when the scenario ends.
type Probe struct {
	start time.Time
	sched *metrics.Float64Histogram
	cpu   time.Duration
	cpuOK bool
}

// Report is what the host did over a probe's window.
type Report struct {
	// Wall is the window's length.
	Wall time.Duration
	// SchedLatencyP99 is the 99th percentile of how long goroutines that
	// were ready to run waited for a CPU, rounded up to the runtime's
	// resolution (its buckets are a quarter of a power of two wide); 0 if
	// the runtime scheduled nothing it sampled.
	SchedLatencyP99 time.Duration
	// CPU is the user and system time the whole process used, when
	// CPUKnown: not every platform reports it.
	CPU      time.Duration
	CPUKnown bool
}

// Start starts a probe.
func Start() *Probe {
	cpu, ok := processCPU()
	return &Probe{start: time.Now(), sched: readSchedLatencies(), cpu: cpu, cpuOK: ok}
}

// Stop reports what the host did since Start. Each call reports the window
// up to that call.
func (p *Probe) Stop() Report {
	cpu, ok := processCPU()
	r := Report{
		Wall:            time.Since(p.start),
		SchedLatencyP99: quantile(p.sched, readSchedLatencies(), 0.99),
	}
	if ok && p.cpuOK {
		r.CPU, r.CPUKnown = cpu-p.cpu, true
	}
	return r
}

func readSchedLatencies() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: schedLatencies}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		// A runtime without the metric: the probe reports no latency.
		return nil
	}
	return s[0].Value.Float64Histogram()
}

// quantile returns the upper bound of the bucket holding quantile q of the
// samples recorded between two readings of one cumulative histogram, or its
// lower bound if the bucket has none; 0 without samples.
func quantile(before, after *metrics.Float64Histogram, q float64) time.Duration {
	if after == nil || (before != nil && len(before.Counts) != len(after.Counts)) {
		return 0
	}
	delta := make([]uint64, len(after.Counts))
	var n uint64
	for i, c := range after.Counts {
		if before != nil {
			c -= before.Counts[i]
		}
		delta[i] = c
		n += c
	}
	if n == 0 {
		return 0
	}
	rank := max(uint64(math.Ceil(q*float64(n))), 1)
	var seen uint64
	for i, c := range delta {
		if seen += c; seen >= rank {
			bound := after.Buckets[i+1]
			if math.IsInf(bound, 1) {
				bound = after.Buckets[i]
			}
			return time.Duration(bound * float64(time.Second))
		}
	}
	return 0
}
