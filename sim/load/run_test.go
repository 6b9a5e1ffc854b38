package load

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func bySeq(rs []Result) []Result {
	rs = slices.Clone(rs)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Seq < rs[j].Seq })
	return rs
}

func TestRunDeliversEveryInvocation(t *testing.T) {
	tests := []struct {
		name  string
		plan  Plan
		delay time.Duration
		// inFlight is the most invocations the front door must have seen at
		// once: exactly this many for closed loops.
		inFlight int64
		open     bool
	}{
		{"sequential", Plan{Pattern: Sequential, Count: 30}, 2 * time.Millisecond, 1, false},
		{"concurrent", Plan{Pattern: Concurrent, Count: 40, Concurrency: 4}, 20 * time.Millisecond, 4, false},
		{"bursts", Plan{Pattern: Bursts, Burst: Burst{Size: 3, Gap: 10 * time.Millisecond, Count: 3}}, 30 * time.Millisecond, 3, false},
		{"constant", Plan{Pattern: Constant, Rate: 200, Count: 40}, time.Millisecond, 0, true},
		{"poisson", Plan{Pattern: Poisson, Rate: 200, Count: 40, Seed: 9}, time.Millisecond, 0, true},
		{"trace", Plan{Pattern: FromTrace, Seed: 3, Trace: Trace{PerMinute: []int{10, 0, 25}, Spread: SpreadUniform, Minute: 100 * time.Millisecond}}, time.Millisecond, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := newFrontDoor(t, tt.delay)
			var mu sync.Mutex
			var calls, lastDone, lastTotal int
			ch, err := Run(context.Background(), fd.url(), tt.plan, WithName(tt.name), WithProgress(func(done, total int) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				lastDone, lastTotal = done, total
			}))
			if err != nil {
				t.Fatal(err)
			}
			rs := bySeq(collect(t, ch))
			want := tt.plan.Total()
			if len(rs) != want {
				t.Fatalf("%d results, want %d", len(rs), want)
			}
			if calls != want || lastDone != want || lastTotal != want {
				t.Errorf("progress: %d calls, last (%d, %d), want %d calls, last (%d, %d)", calls, lastDone, lastTotal, want, want, want)
			}
			for i, r := range rs {
				if r.Seq != i {
					t.Fatalf("result %d has seq %d: seqs are not 0..%d", i, r.Seq, want-1)
				}
				v := r.Vegeta
				if v.Code != http.StatusOK || v.Error != "" || r.Canceled {
					t.Fatalf("seq %d: code %d, error %q, canceled %v", i, v.Code, v.Error, r.Canceled)
				}
				if v.Attack != tt.name {
					t.Errorf("seq %d: attack %q, want %q", i, v.Attack, tt.name)
				}
				if got := v.Headers.Get("X-Coldwire-Start"); got != "warm" {
					t.Errorf("seq %d: header X-Coldwire-Start = %q, want the front door's", i, got)
				}
				var body struct{ Function string }
				if err := json.Unmarshal(v.Body, &body); err != nil || body.Function != "fn" {
					t.Errorf("seq %d: body %q (%v), want the front door's JSON", i, v.Body, err)
				}
				if i > 0 && r.Intended.Before(rs[i-1].Intended) {
					t.Errorf("seq %d intended at %v, before seq %d", i, r.Intended.Sub(rs[i-1].Intended), i-1)
				}
				if !tt.open && !r.Intended.Equal(v.Timestamp) {
					t.Errorf("seq %d: closed loop intended %v != sent %v", i, r.Intended, v.Timestamp)
				}
			}
			if got := fd.maxInFlight.Load(); tt.inFlight > 0 && got != tt.inFlight {
				t.Errorf("front door saw at most %d invocations at once, want %d", got, tt.inFlight)
			}
			if got := fd.conns.Load(); tt.inFlight > 0 && got > tt.inFlight {
				t.Errorf("%d connections to the front door for %d virtual users: keep-alive is lost", got, tt.inFlight)
			}
		})
	}
}

// TestOpenLoopRate checks that open loops send on their schedule: a noisy
// box may delay single sends, so rates get ± 20% and lags a median bound.
func TestOpenLoopRate(t *testing.T) {
	tests := []struct {
		name string
		plan Plan
		want int
	}{
		{"constant 50/s for 1s", Plan{Pattern: Constant, Rate: 50, Duration: time.Second}, 50},
		{"poisson 50/s, 50 arrivals", Plan{Pattern: Poisson, Rate: 50, Count: 50, Seed: 4}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := newFrontDoor(t, 2*time.Millisecond)
			ch, err := Run(context.Background(), fd.url(), tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			rs := bySeq(collect(t, ch))
			if len(rs) != tt.want {
				t.Fatalf("%d results, want %d", len(rs), tt.want)
			}
			first, last := rs[0], rs[len(rs)-1]
			intendedSpan := last.Intended.Sub(first.Intended)
			sentSpan := last.Vegeta.Timestamp.Sub(first.Vegeta.Timestamp)
			if r := sentSpan.Seconds() / intendedSpan.Seconds(); r < 0.8 || r > 1.2 {
				t.Errorf("sent over %v, scheduled over %v: off by more than 20%%", sentSpan, intendedSpan)
			}
			if tt.plan.Pattern == Constant {
				rate := float64(len(rs)-1) / sentSpan.Seconds()
				if rate < 40 || rate > 60 {
					t.Errorf("sent at %.1f/s, want 50/s ± 20%%", rate)
				}
				for i, r := range rs {
					if got, want := r.Intended.Sub(first.Intended), time.Duration(i)*20*time.Millisecond; got != want {
						t.Fatalf("seq %d intended %v after the first, want %v", i, got, want)
					}
				}
			}
			lags := make([]time.Duration, len(rs))
			for i, r := range rs {
				lags[i] = r.Vegeta.Timestamp.Sub(r.Intended)
				if lags[i] < -time.Millisecond {
					t.Errorf("seq %d sent %v before its intended time", i, -lags[i])
				}
				if r.LatencyFromIntended() < r.Vegeta.Latency-time.Millisecond {
					t.Errorf("seq %d: latency from intended %v below vegeta's %v", i, r.LatencyFromIntended(), r.Vegeta.Latency)
				}
			}
			slices.Sort(lags)
			if med := lags[len(lags)/2]; med > 15*time.Millisecond {
				t.Errorf("median send lag %v behind schedule", med)
			}
		})
	}
}

// TestOpenLoopMeasuresFromIntended: when the platform is slower than the
// schedule, an open loop keeps sending, and latency from the intended time
// grows with the backlog instead of being hidden.
func TestOpenLoopMeasuresFromIntended(t *testing.T) {
	fd := newFrontDoor(t, 50*time.Millisecond)
	ch, err := Run(context.Background(), fd.url(), Plan{Pattern: Constant, Rate: 100, Count: 20})
	if err != nil {
		t.Fatal(err)
	}
	rs := collect(t, ch)
	if len(rs) != 20 {
		t.Fatalf("%d results, want 20", len(rs))
	}
	if got := fd.maxInFlight.Load(); got < 3 {
		t.Errorf("at most %d invocations in flight: the open loop waited for responses", got)
	}
}

func TestBurstsAreSeparatedByTheGap(t *testing.T) {
	const gap = 100 * time.Millisecond
	fd := newFrontDoor(t, 10*time.Millisecond)
	plan := Plan{Pattern: Bursts, Burst: Burst{Size: 3, Gap: gap, Count: 3}}
	ch, err := Run(context.Background(), fd.url(), plan)
	if err != nil {
		t.Fatal(err)
	}
	rs := collect(t, ch)
	if len(rs) != 9 {
		t.Fatalf("%d results, want 9", len(rs))
	}
	type span struct {
		start, end time.Time
		n          int
	}
	phases := make([]span, 3)
	for _, r := range rs {
		p := &phases[r.Phase]
		if p.n == 0 || r.Vegeta.Timestamp.Before(p.start) {
			p.start = r.Vegeta.Timestamp
		}
		if end := r.Vegeta.End(); end.After(p.end) {
			p.end = end
		}
		p.n++
		if want := r.Phase * 3; r.Seq < want || r.Seq >= want+3 {
			t.Errorf("seq %d in burst %d", r.Seq, r.Phase)
		}
	}
	for i, p := range phases {
		if p.n != 3 {
			t.Errorf("burst %d has %d invocations, want 3", i, p.n)
		}
		if i > 0 {
			if idle := p.start.Sub(phases[i-1].end); idle < gap {
				t.Errorf("burst %d starts %v after burst %d ends, want at least %v", i, idle, i-1, gap)
			}
		}
	}
	if got := fd.conns.Load(); got > 3 {
		t.Errorf("%d connections for bursts of 3: phases do not share the client", got)
	}
}

// TestWaitsOnTheGivenClock: an open loop's gaps and the gaps between
// bursts are modelled time, waited on the clock WithSleep gives (the link's
// precise scheduler in a simulation). Gaps of an hour end at once on a
// clock that returns at once.
func TestWaitsOnTheGivenClock(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan Plan
		want int // results
	}{
		{"poisson", Plan{Pattern: Poisson, Rate: 1.0 / 3600, Count: 3}, 3},
		{"constant", Plan{Pattern: Constant, Rate: 1.0 / 3600, Count: 3}, 3},
		{"bursts", Plan{Pattern: Bursts, Burst: Burst{Size: 2, Gap: time.Hour, Count: 2}}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd := newFrontDoor(t, 0)
			var mu sync.Mutex
			var waited time.Duration
			sleep := func(_ context.Context, d time.Duration) error {
				mu.Lock()
				waited += d
				mu.Unlock()
				return nil
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ch, err := Run(ctx, fd.url(), tc.plan, WithSleep(sleep))
			if err != nil {
				t.Fatal(err)
			}
			if rs := collect(t, ch); len(rs) != tc.want {
				t.Fatalf("%d results, want %d", len(rs), tc.want)
			}
			mu.Lock()
			defer mu.Unlock()
			if waited < time.Hour {
				t.Fatalf("the clock waited %v in all, want the plan's gaps of an hour and more", waited)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	tests := []struct {
		name  string
		plan  Plan
		delay time.Duration
		// after is how many results to read before cancelling.
		after int
		// canceled is how many in-flight invocations must come back cut short.
		canceled int
	}{
		{"sequential", Plan{Pattern: Sequential, Count: 100000}, time.Millisecond, 20, -1},
		{"concurrent", Plan{Pattern: Concurrent, Count: 100000, Concurrency: 3}, time.Millisecond, 20, -1},
		{"slow constant", Plan{Pattern: Constant, Rate: 1, Count: 100}, 0, 1, 0},
		{"long burst gap", Plan{Pattern: Bursts, Burst: Burst{Size: 2, Gap: time.Hour, Count: 2}}, 0, 2, 0},
		{"stuck platform", Plan{Pattern: Sequential, Count: 5}, time.Hour, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := newFrontDoor(t, tt.delay)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch, err := Run(ctx, fd.url(), tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			var rs []Result
			for len(rs) < tt.after {
				r, ok := <-ch
				if !ok {
					t.Fatalf("run ended after %d results", len(rs))
				}
				rs = append(rs, r)
			}
			if tt.after == 0 {
				time.Sleep(100 * time.Millisecond)
			}
			cancel()
			cancelled := time.Now()
			rs = append(rs, collect(t, ch)...)
			if took := time.Since(cancelled); took > time.Second {
				t.Errorf("the run took %v to end after cancellation", took)
			}
			if len(rs) >= tt.plan.Total() {
				t.Fatalf("%d results: the run did not stop early", len(rs))
			}
			if len(rs) < tt.after {
				t.Fatalf("%d results, fewer than the %d read before cancelling", len(rs), tt.after)
			}
			canceled := 0
			for i, r := range bySeq(rs) {
				if r.Seq != i {
					t.Fatalf("results are not seqs 0..%d: %d at %d", len(rs)-1, r.Seq, i)
				}
				if r.Canceled {
					canceled++
					if !strings.Contains(r.Vegeta.Error, "context canceled") {
						t.Errorf("seq %d canceled with error %q", r.Seq, r.Vegeta.Error)
					}
				} else if r.Vegeta.Code != http.StatusOK {
					t.Errorf("seq %d: code %d, error %q", r.Seq, r.Vegeta.Code, r.Vegeta.Error)
				}
			}
			if tt.canceled >= 0 && canceled != tt.canceled {
				t.Errorf("%d results canceled, want %d", canceled, tt.canceled)
			}
		})
	}
}

// TestSequentialWastesNoTime: the article's run is sequential, so its wall
// time must be the sum of its invocations, with no sleep or poll between.
func TestSequentialWastesNoTime(t *testing.T) {
	fd := newFrontDoor(t, 2*time.Millisecond)
	const n = 200
	start := time.Now()
	ch, err := Run(context.Background(), fd.url(), Plan{Pattern: Sequential, Count: n})
	if err != nil {
		t.Fatal(err)
	}
	rs := collect(t, ch)
	wall := time.Since(start)
	if len(rs) != n {
		t.Fatalf("%d results, want %d", len(rs), n)
	}
	var sum time.Duration
	for _, r := range rs {
		sum += r.Vegeta.Latency
	}
	t.Logf("wall %v, sum of latencies %v, overhead %.1f%%", wall, sum, 100*(wall.Seconds()/sum.Seconds()-1))
	if wall < sum {
		t.Errorf("wall %v shorter than the sum of latencies %v: invocations overlapped", wall, sum)
	}
	if wall > sum+sum/10 {
		t.Errorf("wall %v exceeds the sum of latencies %v by more than 10%%", wall, sum)
	}
}

func TestRunSharesAClient(t *testing.T) {
	fd := newFrontDoor(t, 0)
	client := &http.Client{Transport: newTransport()}
	defer client.CloseIdleConnections()
	for range 3 {
		ch, err := Run(context.Background(), fd.url(), Plan{Pattern: Sequential, Count: 5}, WithClient(client))
		if err != nil {
			t.Fatal(err)
		}
		if rs := collect(t, ch); len(rs) != 5 {
			t.Fatalf("%d results, want 5", len(rs))
		}
	}
	if got := fd.conns.Load(); got != 1 {
		t.Errorf("%d connections for three runs on one client, want 1", got)
	}
}

func TestRunOptions(t *testing.T) {
	var method string
	var mu sync.Mutex
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		method = r.Method
		mu.Unlock()
		w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer big.Close()
	ch, err := Run(context.Background(), big.URL+"/fn", Plan{Pattern: Sequential, Count: 1}, WithMethod(http.MethodPost), WithMaxBody(10))
	if err != nil {
		t.Fatal(err)
	}
	rs := collect(t, ch)
	if len(rs) != 1 || len(rs[0].Vegeta.Body) != 10 {
		t.Fatalf("results %+v, want one with a body cut to 10 bytes", rs)
	}
	mu.Lock()
	if method != http.MethodPost {
		t.Errorf("method %q, want POST", method)
	}
	mu.Unlock()

	slow := newFrontDoor(t, 200*time.Millisecond)
	ch, err = Run(context.Background(), slow.url(), Plan{Pattern: Sequential, Count: 1}, WithTimeout(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	rs = collect(t, ch)
	if len(rs) != 1 || !timedOut(rs[0].Vegeta.Error) || rs[0].Canceled {
		t.Fatalf("results %+v, want one that timed out", rs)
	}
	if l := rs[0].Vegeta.Latency; l > 150*time.Millisecond {
		t.Errorf("timed out after %v, want about 20ms", l)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	ok := Plan{Pattern: Sequential, Count: 1}
	tests := []struct {
		name   string
		target string
		plan   Plan
		opts   []Option
		err    string
	}{
		{"bad plan", "http://127.0.0.1:1/fn", Plan{Pattern: Sequential}, nil, "count"},
		{"no scheme", "127.0.0.1:80/fn", ok, nil, "target"},
		{"wrong scheme", "ftp://127.0.0.1/fn", ok, nil, "not an http(s) URL"},
		{"no host", "http:///fn", ok, nil, "not an http(s) URL"},
		{"unparsable", "http://[::1/fn", ok, nil, "target"},
		{"empty method", "http://127.0.0.1:1/fn", ok, []Option{WithMethod("")}, "method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := Run(context.Background(), tt.target, tt.plan, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.err) || ch != nil {
				t.Fatalf("Run() = %v, %v, want an error containing %q", ch, err, tt.err)
			}
		})
	}
}

// BenchmarkSequential reports the time the load layer adds per invocation
// beyond the invocation itself.
func BenchmarkSequential(b *testing.B) {
	fd := newFrontDoor(b, 0)
	b.ResetTimer()
	start := time.Now()
	ch, err := Run(context.Background(), fd.url(), Plan{Pattern: Sequential, Count: b.N})
	if err != nil {
		b.Fatal(err)
	}
	var sum time.Duration
	for r := range ch {
		sum += r.Vegeta.Latency
	}
	wall := time.Since(start)
	b.ReportMetric(float64(wall-sum)/float64(b.N), "ns-between/op")
}

// timedOut recognises net/http's two wordings of a client timeout, which
// depend on the phase of the request it cut.
func timedOut(err string) bool {
	return strings.Contains(err, "Client.Timeout exceeded") || strings.Contains(err, "context deadline exceeded")
}
