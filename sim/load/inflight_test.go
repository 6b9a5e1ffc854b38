package load

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// next reads one result, failing rather than hanging if none comes.
func next(t *testing.T, ch <-chan Result) Result {
	t.Helper()
	select {
	case r, ok := <-ch:
		if !ok {
			t.Fatal("the run ended early")
		}
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("no result for 30s")
	}
	panic("unreachable")
}

// TestMaxInFlightDropsTheExcess: a front door that answers nothing keeps
// the first arrivals in flight, so every later one finds the bound reached
// and is dropped at its time, and reported.
func TestMaxInFlightDropsTheExcess(t *testing.T) {
	const bound, n = 5, 20
	tests := []struct {
		name string
		plan Plan
	}{
		{"constant", Plan{Pattern: Constant, Rate: 200, Count: n, MaxInFlight: bound}},
		{"poisson", Plan{Pattern: Poisson, Rate: 200, Count: n, Seed: 5, MaxInFlight: bound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd, release := newHeldFrontDoor(t)
			ch, err := Run(context.Background(), fd.url(), tt.plan, WithName("bounded"))
			if err != nil {
				t.Fatal(err)
			}
			var rs []Result
			for len(rs) < n-bound {
				r := next(t, ch)
				if !r.Dropped {
					t.Fatalf("seq %d came back (error %q) while the front door holds every invocation", r.Seq, r.Vegeta.Error)
				}
				rs = append(rs, r)
			}
			for deadline := time.Now().Add(30 * time.Second); fd.inFlight.Load() < bound; {
				if time.Now().After(deadline) {
					t.Fatalf("%d invocations reached the front door, want %d", fd.inFlight.Load(), bound)
				}
				time.Sleep(time.Millisecond)
			}
			release()
			rs = bySeq(append(rs, collect(t, ch)...))

			if len(rs) != n {
				t.Fatalf("%d results, want %d: sent and dropped must add up to the plan", len(rs), n)
			}
			for i, r := range rs {
				if r.Seq != i {
					t.Fatalf("result %d has seq %d: seqs are not 0..%d", i, r.Seq, n-1)
				}
				if i > 0 && !r.Intended.After(rs[i-1].Intended) {
					t.Errorf("seq %d intended at %v, not after seq %d", i, r.Intended.Sub(rs[i-1].Intended), i-1)
				}
				v := r.Vegeta
				if r.Canceled {
					t.Errorf("seq %d canceled", i)
				}
				if i < bound {
					if r.Dropped || v.Code != http.StatusOK || v.Error != "" {
						t.Errorf("seq %d: dropped %v, code %d, error %q; the first %d fit in the bound", i, r.Dropped, v.Code, v.Error, bound)
					}
					continue
				}
				if !r.Dropped || !strings.HasPrefix(v.Error, ErrDropped.Error()) {
					t.Errorf("seq %d: dropped %v, error %q, want dropped with ErrDropped", i, r.Dropped, v.Error)
				}
				if v.Code != 0 || v.Latency != 0 || !v.Timestamp.Equal(r.Intended) || v.Attack != "bounded" || v.URL != fd.url() {
					t.Errorf("seq %d: dropped result %+v, want no code or latency and the arrival's time, attack and URL", i, v)
				}
			}
			if got := fd.maxInFlight.Load(); got != bound {
				t.Errorf("front door saw at most %d invocations at once, want %d", got, bound)
			}
			if got := fd.conns.Load(); got > bound {
				t.Errorf("%d connections for at most %d invocations in flight", got, bound)
			}
		})
	}
}

// TestMaxInFlightBoundsABurst: a burst larger than the bound sends as many
// as the bound allows and drops the rest at the burst's start, every burst.
func TestMaxInFlightBoundsABurst(t *testing.T) {
	fd := newFrontDoor(t, 20*time.Millisecond)
	plan := Plan{Pattern: Bursts, MaxInFlight: 2, Burst: Burst{Size: 5, Gap: 10 * time.Millisecond, Count: 2}}
	ch, err := Run(context.Background(), fd.url(), plan)
	if err != nil {
		t.Fatal(err)
	}
	rs := bySeq(collect(t, ch))
	if len(rs) != plan.Total() {
		t.Fatalf("%d results, want %d", len(rs), plan.Total())
	}
	for i, r := range rs {
		wantDropped := i%5 >= 2
		if r.Seq != i || r.Phase != i/5 || r.Dropped != wantDropped {
			t.Fatalf("result %d: seq %d, burst %d, dropped %v; want seq %d, burst %d, dropped %v", i, r.Seq, r.Phase, r.Dropped, i, i/5, wantDropped)
		}
		if r.Dropped {
			if !strings.HasPrefix(r.Vegeta.Error, ErrDropped.Error()) {
				t.Errorf("seq %d: error %q", i, r.Vegeta.Error)
			}
			if first := rs[i-i%5]; r.Intended.After(first.Intended) {
				t.Errorf("seq %d dropped at %v, after its burst started at %v", i, r.Intended, first.Intended)
			}
		} else if r.Vegeta.Code != http.StatusOK {
			t.Errorf("seq %d: code %d, error %q", i, r.Vegeta.Code, r.Vegeta.Error)
		}
	}
	if got := fd.maxInFlight.Load(); got != 2 {
		t.Errorf("front door saw at most %d invocations at once, want 2", got)
	}
}

// TestMaxInFlightCancel: cancelling a run whose invocations are stuck ends
// it, with the stuck ones canceled and the dropped ones reported.
func TestMaxInFlightCancel(t *testing.T) {
	fd, _ := newHeldFrontDoor(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := Run(ctx, fd.url(), Plan{Pattern: Constant, Rate: 200, Count: 1000, MaxInFlight: 3})
	if err != nil {
		t.Fatal(err)
	}
	rs := []Result{next(t, ch)}
	cancel()
	rs = append(rs, collect(t, ch)...)
	var canceled, dropped int
	for _, r := range rs {
		switch {
		case r.Canceled:
			canceled++
		case r.Dropped:
			dropped++
		default:
			t.Errorf("seq %d neither canceled nor dropped: code %d, error %q", r.Seq, r.Vegeta.Code, r.Vegeta.Error)
		}
	}
	if canceled > 3 || dropped == 0 || len(rs) >= 1000 {
		t.Errorf("%d results: %d canceled, %d dropped; want at most 3 canceled, some dropped, and an early end", len(rs), canceled, dropped)
	}
}

// TestMaxInFlightKeepsGoroutinesFlat: however many arrivals a stuck
// platform falls behind by, the run holds goroutines (and connections) for
// the bound only: about seven each (a vegeta worker, net/http's client and
// server goroutines, the front door's handler). Without it, each arrival
// would hold as many.
func TestMaxInFlightKeepsGoroutinesFlat(t *testing.T) {
	const bound, n = 5, 500
	fd, release := newHeldFrontDoor(t)
	before := runtime.NumGoroutine()
	ch, err := Run(context.Background(), fd.url(), Plan{Pattern: Constant, Rate: 2000, Count: n, MaxInFlight: bound})
	if err != nil {
		t.Fatal(err)
	}
	for range n - bound {
		if r := next(t, ch); !r.Dropped {
			t.Fatalf("seq %d came back while the front door holds every invocation", r.Seq)
		}
	}
	during := runtime.NumGoroutine()
	release()
	if rs := collect(t, ch); len(rs) != bound {
		t.Fatalf("%d results after the release, want %d", len(rs), bound)
	}
	t.Logf("%d goroutines before the run, %d with %d arrivals dropped behind %d stuck invocations", before, during, n-bound, bound)
	if during-before > 10*bound {
		t.Errorf("%d goroutines more during the run than before it, for %d invocations in flight", during-before, bound)
	}
}
