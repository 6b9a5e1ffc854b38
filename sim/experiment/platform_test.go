package experiment

import (
	"cmp"
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

// TestPlatformFiguresPoisson checks the platform figures against the
// closed-form case of one container at a time, with Poisson arrivals at
// rate λ and an idle timeout T:
//
//   - an arrival is cold exactly when the gap since the previous invocation
//     ended exceeds T;
//   - that gap, once the previous invocation has ended, is exponential with
//     rate λ whatever the invocations' length (arrivals are memoryless), so
//     such an arrival is cold with probability exp(-λT);
//   - the container then waits min(gap, T) frozen: the idle time is the sum
//     of those waits, and the containers alive on average are the busy and
//     idle time over the load's time.
//
// An arrival while the previous invocation still runs scales out to a
// second container, which a loaded machine makes more frequent: such
// arrivals are left out of the closed form, and their containers' idle
// time bounds it from above.
func TestPlatformFiguresPoisson(t *testing.T) {
	const (
		rate = 20.0 // per second
		idle = 50 * time.Millisecond
	)
	s := parse(t, `
scenarios:
  - name: poisson
    platform: {idle_timeout: 50ms}
    function: {agent: {keep_alive: true}, memory: 512}
    load: {pattern: poisson, rate: 20, count: 150}
`)
	var rows []report.Row
	o, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) }))
	if err != nil {
		t.Fatal(err)
	}
	p := o.Platform
	if p == nil {
		t.Fatal("no platform figures")
	}
	// The gap is the caller's view, a little longer than the container's:
	// arrivals within a few milliseconds of T may go either way.
	slices.SortFunc(rows, func(a, b report.Row) int { return cmp.Compare(a.Seq, b.Seq) })
	const margin = 5 * time.Millisecond
	var (
		cold, wrong, ended, endedCold, overlaps int
		waits                                   time.Duration
	)
	for i, r := range rows {
		if r.Cold {
			cold++
		}
		if i == 0 {
			continue
		}
		prev := rows[i-1]
		gap := r.Start.Sub(prev.Start.Add(time.Duration(prev.TotalMs * float64(time.Millisecond))))
		if gap < 0 {
			overlaps++
			continue
		}
		ended++
		waits += min(gap, idle)
		if r.Cold {
			endedCold++
		}
		if (gap > idle+margin && !r.Cold) || (gap < idle-margin && r.Cold) {
			wrong++
			t.Logf("seq %d: gap %v since the previous ended, cold %v", r.Seq, gap, r.Cold)
		}
	}
	if wrong > 3 {
		t.Errorf("%d arrivals broke the rule (cold exactly when the gap exceeds the idle timeout), want at most 3 near the edge", wrong)
	}
	if want := float64(cold) / float64(len(rows)); p.ColdStartProbability != want {
		t.Errorf("cold-start probability %v, want the rows' %v", p.ColdStartProbability, want)
	}
	// Three standard deviations of a proportion near 0.4 over 100 or more
	// arrivals are under 0.15.
	closed := math.Exp(-rate * idle.Seconds())
	if got := float64(endedCold) / float64(ended); ended < 100 || math.Abs(got-closed) > 0.15 {
		t.Errorf("%d of %d arrivals after the previous invocation ended were cold (%.3f), want exp(-λT) = %.3f within 0.15 over at least 100",
			endedCold, ended, got, closed)
	}
	// The container idles a little longer than the caller's gap: from its
	// freeze, before the answer reaches the caller, to its thaw, after the
	// next call leaves it; the caller's latencies less the containers' busy
	// time bound that. The last container also waits until the load ends,
	// up to T more, and each scaled-out one up to T too.
	var callerSeconds float64
	for _, r := range rows {
		callerSeconds += r.TotalMs / 1000
	}
	overhead := max(callerSeconds-p.BusyContainerSeconds, 0)
	lo := waits.Seconds()
	hi := lo + overhead + (time.Duration(overlaps+1)*idle + margin).Seconds()
	if p.IdleContainerSeconds < lo-0.05 || p.IdleContainerSeconds > hi {
		t.Errorf("idle %.3f container-s, want the waits min(gap, T): from %.3f to %.3f", p.IdleContainerSeconds, lo, hi)
	}
	window := (p.BusyContainerSeconds + p.IdleContainerSeconds) / p.MeanLiveContainers
	if last := rows[len(rows)-1]; window < last.Start.Sub(rows[0].Start).Seconds() {
		t.Errorf("mean live %.3f over a window of %.3f s, shorter than the load", p.MeanLiveContainers, window)
	}
	if p.PeakLiveContainers < 1 || p.PeakLiveContainers > cold {
		t.Errorf("peak live containers %d, want at least 1 and no more than the %d cold starts", p.PeakLiveContainers, cold)
	}
	if p.IdleGBSeconds != p.IdleContainerSeconds/2 || p.Cost != nil {
		t.Errorf("idle %v GB-s for %v s at 512 MB, cost %v; want half, unpriced", p.IdleGBSeconds, p.IdleContainerSeconds, p.Cost)
	}
	t.Logf("cold %.3f after an ended invocation (exp(-λT) %.3f), %d overlaps; idle %.3f s (waits %.3f to %.3f); mean live %.3f, peak %d, busy %.3f s",
		float64(endedCold)/float64(ended), closed, overlaps, p.IdleContainerSeconds, lo, hi, p.MeanLiveContainers, p.PeakLiveContainers, p.BusyContainerSeconds)
}

// TestPlatformFiguresDilated checks that the figures are the modelled
// system's: a sequential run of a container that never idles out has one
// container, alive the whole load, the same with and without dilation,
// and its time in modelled seconds.
func TestPlatformFiguresDilated(t *testing.T) {
	for _, k := range []string{"1", "4"} {
		s := parse(t, `
time_dilation: `+k+`
scenarios:
  - name: s
    network: {rtt: 20ms}
    platform: {pricing: {per_gb_second: 1, per_million_requests: 1000000}}
    function: {agent: {keep_alive: true}}
    load: {pattern: sequential, count: 5}
`)
		start := time.Now()
		o, err := Run(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		host := time.Since(start).Seconds()
		p := o.Platform
		// The window opens before the load's first call, and a busy host
		// may take tens of milliseconds to send it, of a run of about
		// 300: 0.75 keeps the test honest there and still catches a
		// dilation applied twice or not at all (a factor of 4).
		if p.PeakLiveContainers != 1 || p.MeanLiveContainers < 0.75 || p.MeanLiveContainers > 1 {
			t.Errorf("dilation %s: peak %d, mean live %.3f; want one container alive nearly all the load", k, p.PeakLiveContainers, p.MeanLiveContainers)
		}
		// Five calls of one round trip or more, the first of three: at
		// least 7 modelled round trips of 20 ms, most of it busy.
		modelled := p.BusyContainerSeconds + p.IdleContainerSeconds
		if p.BusyContainerSeconds < 0.14 || modelled > host/s.TimeDilation {
			t.Errorf("dilation %s: busy %.3f s, alive %.3f s over a host run of %.3f s; want at least 0.14 s busy and no more than the host's time divided by %s",
				k, p.BusyContainerSeconds, modelled, host, k)
		}
		if want := p.BusyGBSeconds + 5; p.Cost == nil || math.Abs(*p.Cost-want) > 1e-9 {
			t.Errorf("dilation %s: cost %v, want busy GB-s + 5 requests at a million each = %v", k, p.Cost, want)
		}
	}
}

// One invocation at a time keeps a busy container running one invocation;
// with platform.concurrency a burst keeps several running in each.
func TestMeanInFlight(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		low, high  float64
	}{
		{"sequential", `load: {pattern: sequential, count: 10}`, 0.5, 1.05},
		{"ten at once in one container", `
    platform: {concurrency: 10}
    load: {pattern: bursts, burst: {size: 10, count: 2, gap: 50ms}}`, 2, 10.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parse(t, `
scenarios:
  - name: s
    network: {rtt: 20ms}
    function: {agent: {keep_alive: true}}
    `+tc.yaml+"\n")
			o, err := Run(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			if m := o.Platform.MeanInFlight; m < tc.low || m > tc.high {
				t.Errorf("mean in flight %.2f, want between %v and %v", m, tc.low, tc.high)
			}
		})
	}
}
