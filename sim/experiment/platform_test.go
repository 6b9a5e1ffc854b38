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
// closed-form case of one container at a time: Poisson arrivals at rate λ,
// invocations much shorter than the gaps between them, and an idle timeout
// T. An arrival is cold exactly when the gap since the previous invocation
// ended exceeds T, which for exponential gaps happens with probability
// exp(-λT); and the container is alive for the invocation and then for
// min(gap, T), a fraction 1 - exp(-λT) of the time once invocations are
// negligible. The test corrects both for the invocations' own length.
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
	// Each arrival, by the rule: the gap is the caller's view, so arrivals
	// within a few milliseconds of T may go either way.
	slices.SortFunc(rows, func(a, b report.Row) int { return cmp.Compare(a.Seq, b.Seq) })
	const margin = 5 * time.Millisecond
	cold, wrong := 0, 0
	for i, r := range rows {
		if r.Cold {
			cold++
		}
		if i == 0 {
			continue
		}
		prev := rows[i-1]
		gap := r.Start.Sub(prev.Start.Add(time.Duration(prev.TotalMs * float64(time.Millisecond))))
		if (gap > idle+margin && !r.Cold) || (gap >= 0 && gap < idle-margin && r.Cold) {
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
	// The closed forms, for invocations lasting d (measured: the busy time
	// per invocation, larger under the race detector): the gap since the
	// previous end is the exponential gap less d, and an arrival within d
	// of the previous one scales out to a second container, cold, which
	// then lives about d + T.
	lambda, T := rate, idle.Seconds()
	d := p.BusyContainerSeconds / float64(len(rows))
	overlap := 1 - math.Exp(-lambda*d)
	wantCold := math.Exp(-lambda*(T+d)) + overlap
	wantLive := (d+(1-math.Exp(-lambda*T))/lambda)/(d+1/lambda) + lambda*overlap*(T+d)
	// 150 arrivals: three standard deviations of a proportion near 0.4
	// are 0.12.
	if math.Abs(p.ColdStartProbability-wantCold) > 0.12 {
		t.Errorf("cold-start probability %.3f, want exp(-λ(T+d)) + 1 - exp(-λd) = %.3f within 0.12", p.ColdStartProbability, wantCold)
	}
	if math.Abs(p.MeanLiveContainers-wantLive) > 0.12 {
		t.Errorf("mean live containers %.3f, want %.3f within 0.12", p.MeanLiveContainers, wantLive)
	}
	if p.PeakLiveContainers < 1 || p.PeakLiveContainers > cold {
		t.Errorf("peak live containers %d, want at least 1 and no more than the %d cold starts", p.PeakLiveContainers, cold)
	}
	if p.BusyContainerSeconds <= 0 || p.IdleContainerSeconds <= p.BusyContainerSeconds {
		t.Errorf("busy %.3f s, idle %.3f s: want invocations far shorter than the idle time around them", p.BusyContainerSeconds, p.IdleContainerSeconds)
	}
	if p.IdleGBSeconds != p.IdleContainerSeconds/2 || p.Cost != nil {
		t.Errorf("idle %v GB-s for %v s at 512 MB, cost %v; want half, unpriced", p.IdleGBSeconds, p.IdleContainerSeconds, p.Cost)
	}
	t.Logf("d %.2f ms: cold %.3f (closed form %.3f), mean live %.3f (%.3f), peak %d, busy %.3f s, idle %.3f s",
		d*1000, p.ColdStartProbability, wantCold, p.MeanLiveContainers, wantLive, p.PeakLiveContainers, p.BusyContainerSeconds, p.IdleContainerSeconds)
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
		if p.PeakLiveContainers != 1 || p.MeanLiveContainers < 0.9 || p.MeanLiveContainers > 1 {
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
