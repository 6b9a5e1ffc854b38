package experiment

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/scenario"
)

// exactColdStarts runs the platform's policy as a plain event simulation
// and counts the cold starts: an arrival takes the most recently freed idle
// container, else starts a new one whose init comes first; a call's server
// time is drawn when the call starts, as the database draws it when the
// command arrives; a container idle for the timeout is gone.
func exactColdStarts(arrivals []time.Duration, serverTime, init func() time.Duration, idle time.Duration) int {
	type container struct{ free time.Duration } // when its invocation ends
	type start struct {
		at time.Duration
		c  *container
	}
	var live []*container
	var starts []start // calls not started yet (cold ones in init), by time
	cold := 0
	run := func(until time.Duration) {
		for len(starts) > 0 && starts[0].at <= until {
			s := starts[0]
			starts = starts[1:]
			s.c.free = s.at + serverTime()
		}
	}
	for _, t := range arrivals {
		run(t)
		var best *container
		kept := live[:0]
		for _, c := range live {
			if c.free >= 0 && c.free <= t && t-c.free >= idle {
				continue
			}
			kept = append(kept, c)
			if c.free >= 0 && c.free <= t && (best == nil || c.free > best.free) {
				best = c
			}
		}
		live = kept
		at := t
		if best == nil {
			cold++
			best = &container{}
			live = append(live, best)
			at += init()
		}
		best.free = -1 // busy until its call is drawn
		i := len(starts)
		for i > 0 && starts[i-1].at > at {
			i--
		}
		starts = slices.Insert(starts, i, start{at, best})
	}
	return cold
}

// poissonArrivals draws a Poisson schedule as the load package does: gaps
// of mean 1/rate until the duration ends.
func poissonArrivals(gap func() time.Duration, duration time.Duration) []time.Duration {
	var out []time.Duration
	for t := gap(); t < duration; t += gap() {
		out = append(out, t)
	}
	return out
}

// TestStreamsGiveTheModelsColdStarts checks the random streams a run of
// examples/poisson-cold-starts.yaml draws from against independent ones, in
// the exact model of the platform: over many seeds, the cold-start
// fractions must agree. When arrivals and server times shared one stream (a
// long gap always brought a long call), the model gave 4.1% where
// independent draws give 6.5%.
func TestStreamsGiveTheModelsColdStarts(t *testing.T) {
	const seeds = 300
	data, err := os.ReadFile("../../examples/poisson-cold-starts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Parse("poisson-cold-starts.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenarios[0]
	rate, duration, idle := s.Load.Rate, s.Load.Duration, s.Platform.IdleTimeout
	gapDist := dist.Duration{Kind: dist.Exponential, Mean: time.Duration(math.Round(float64(time.Second) / rate))}
	serverDist, initDist := s.Upstream.ServerTime, s.Platform.Init

	var ours, theirs []float64
	for seed := uint64(1); seed <= seeds; seed++ {
		s.Seed = seed
		gaps := gapDist.Sampler(s.Plan().Seed)
		server := serverDist.Sampler(upstreamConfigSeed(t, s))
		init := initDist.Sampler(dist.Derive(function(s).Seed, "init"))
		arr := poissonArrivals(gaps.Next, duration)
		ours = append(ours, fraction(exactColdStarts(arr, server.Next, init.Next, idle), len(arr)))

		r := rand.New(rand.NewPCG(seed, 0x5eed))
		exp := func(mean time.Duration) func() time.Duration {
			return func() time.Duration { return time.Duration(r.ExpFloat64() * float64(mean)) }
		}
		arr = poissonArrivals(exp(gapDist.Mean), duration)
		theirs = append(theirs, fraction(exactColdStarts(arr, exp(serverDist.Mean), exp(initDist.Mean), idle), len(arr)))
	}
	m1, sd1 := meanSD(ours)
	m2, sd2 := meanSD(theirs)
	t.Logf("cold starts over %d seeds: %.2f%% ± %.2f from a run's streams, %.2f%% ± %.2f from independent draws", seeds, 100*m1, 100*sd1, 100*m2, 100*sd2)
	// Four standard errors of the difference of two means.
	if tol := 4 * math.Sqrt((sd1*sd1+sd2*sd2)/seeds); math.Abs(m1-m2) > tol {
		t.Errorf("the model's cold-start fraction: %.2f%% from a run's streams, %.2f%% from independent draws; want within %.2f points", 100*m1, 100*m2, 100*tol)
	}
}

func upstreamConfigSeed(t *testing.T, s scenario.Scenario) uint64 {
	t.Helper()
	c, err := upstreamConfig(s, "token")
	if err != nil {
		t.Fatal(err)
	}
	return c.Seed
}

func fraction(n, of int) float64 { return float64(n) / float64(of) }

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}
