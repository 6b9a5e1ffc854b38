package lifecycle

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
)

// fakeBody stands in for the Redis function: it takes a set time per
// invocation and counts what the platform did to it.
type fakeBody struct {
	delay func(seq int64) time.Duration
	fail  error

	mu                     sync.Mutex
	freezes, thaws, closes int
}

func (f *fakeBody) handle(ctx context.Context, inv *Invocation) error {
	d := 5 * time.Millisecond
	if f.delay != nil {
		d = f.delay(inv.Seq)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	inv.RedisMs = ms(d)
	inv.addCalls([]agent.Record{{Reused: inv.Seq > 1, NewConn: inv.Seq == 1}})
	return f.fail
}

func (f *fakeBody) count(p *int) {
	f.mu.Lock()
	*p++
	f.mu.Unlock()
}
func (f *fakeBody) freeze() { f.count(&f.freezes) }
func (f *fakeBody) thaw()   { f.count(&f.thaws) }
func (f *fakeBody) close()  { f.count(&f.closes) }

// fakePlatform deploys one function whose containers all share body.
func fakePlatform(t *testing.T, fn Function, body *fakeBody, opts ...Option) *Platform {
	t.Helper()
	if fn.Name == "" {
		fn.Name = "fn"
	}
	opts = append(opts, withInstances(func(*Function, int) (instance, error) { return body, nil }))
	p, err := New(Backend{}, []Function{fn}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p
}

func invoke(t *testing.T, p *Platform) Invocation {
	t.Helper()
	inv, err := p.Invoke(context.Background(), "fn")
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// burst runs n invocations at once.
func burst(t *testing.T, p *Platform, n int) []Invocation {
	t.Helper()
	out := make([]Invocation, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			inv, err := p.Invoke(context.Background(), "fn")
			if err != nil {
				t.Error(err)
			}
			out[i] = inv
		})
	}
	wg.Wait()
	return out
}

// recorder keeps the events a platform streams.
type recorder struct {
	mu  sync.Mutex
	evs []Event
}

func (r *recorder) add(e Event) {
	r.mu.Lock()
	r.evs = append(r.evs, e)
	r.mu.Unlock()
}

func (r *recorder) events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.evs)
}

func (r *recorder) kinds(container int) []EventKind {
	var ks []EventKind
	for _, e := range r.events() {
		if e.Container == container {
			ks = append(ks, e.Kind)
		}
	}
	return ks
}

func TestColdThenWarmThenIdleTimeout(t *testing.T) {
	body := &fakeBody{}
	rec := &recorder{}
	p := fakePlatform(t, Function{IdleTimeout: 100 * time.Millisecond, Init: dist.Constant(30 * time.Millisecond)}, body, WithEvents(rec.add))
	first, second := invoke(t, p), invoke(t, p)
	if !first.Cold || second.Cold || first.Container != second.Container {
		t.Fatalf("first %+v second %+v: want cold then warm on the same container", first, second)
	}
	if first.InitMs < 30 || second.InitMs != 0 {
		t.Fatalf("init %.1f ms then %.1f ms, want >= 30 then 0", first.InitMs, second.InitMs)
	}
	time.Sleep(250 * time.Millisecond)
	third := invoke(t, p)
	if !third.Cold || third.Container == first.Container {
		t.Fatalf("after the idle timeout: %+v, want a cold start on a new container", third)
	}
	want := []EventKind{Created, InitDone, Invoked, Returned, Frozen, Thawed, Invoked, Returned, Frozen, Reclaimed}
	if got := rec.kinds(first.Container); !slices.Equal(got, want) {
		t.Fatalf("events of container %d: %v, want %v", first.Container, got, want)
	}
	for _, e := range rec.events() {
		if e.Kind == Reclaimed && e.Reason != ReasonIdle {
			t.Fatalf("reclaimed for %q, want %q", e.Reason, ReasonIdle)
		}
	}
	if body.freezes != 3 || body.thaws != 1 || body.closes != 1 {
		t.Fatalf("freezes %d thaws %d closes %d, want 3 1 1", body.freezes, body.thaws, body.closes)
	}
}

// TestIdleTimeoutRestartsAtEachInvocation invokes a container more often
// than its idle timeout, for longer than the timeout in all: it stays warm,
// whichever earlier timer was on its way.
func TestIdleTimeoutRestartsAtEachInvocation(t *testing.T) {
	const idle = 300 * time.Millisecond
	p := fakePlatform(t, Function{IdleTimeout: idle}, &fakeBody{delay: func(int64) time.Duration { return time.Millisecond }})
	first := invoke(t, p)
	for start := time.Now(); time.Since(start) < 2*idle; time.Sleep(idle / 10) {
		if inv := invoke(t, p); inv.Cold || inv.Container != first.Container {
			t.Fatalf("after %v: %+v, want the warm container %d", time.Since(start), inv, first.Container)
		}
	}
	if lives := p.Lifetimes(); len(lives) != 1 || !lives[0].Reclaimed.IsZero() {
		t.Fatalf("lifetimes %+v, want one living container", lives)
	}
}

// TestOverdueContainerIsNotReused stands for an idle timer that has not
// fired yet when an invocation arrives after its container was due: Go's
// timers can be a millisecond late. The invocation starts cold, as on the
// platform modelled, and the overdue container is reclaimed for idleness.
func TestOverdueContainerIsNotReused(t *testing.T) {
	body := &fakeBody{}
	p := fakePlatform(t, Function{IdleTimeout: time.Hour}, body)
	first := invoke(t, p)
	pl := p.pools["fn"]
	pl.mu.Lock()
	due := time.Now()
	pl.idle[0].idleAt = due
	pl.mu.Unlock()
	next := invoke(t, p)
	if !next.Cold || next.Container == first.Container {
		t.Fatalf("invocation after the container was due: %+v, want a cold start on a new container", next)
	}
	// The overdue container is reclaimed in the background; Close waits.
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	lives := p.Lifetimes()
	if len(lives) != 2 || lives[0].Container != first.Container || lives[0].Reason != ReasonIdle || !lives[0].Reclaimed.Equal(due) {
		t.Fatalf("lifetimes %+v, want the first container reclaimed for idleness at %v", lives, due)
	}
	if body.closes != 2 {
		t.Fatalf("%d containers closed, want 2: the overdue one, and the other at shutdown", body.closes)
	}
}

// TestInitWaitsOnTheBackendsClock: a cold start's init is modelled time,
// so it is waited out on the backend's clock (the link's precise scheduler
// TestReclaimedAtItsDueTime: a container whose idle timer fires is
// reclaimed, in the platform's figures, at the end of its idle timeout, not
// when the host's timer got round to it a millisecond later.
func TestReclaimedAtItsDueTime(t *testing.T) {
	p := fakePlatform(t, Function{IdleTimeout: 30 * time.Millisecond}, &fakeBody{})
	invoke(t, p)
	pl := p.pools["fn"]
	pl.mu.Lock()
	due := pl.idle[0].idleAt
	pl.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for {
		lives := p.Lifetimes()
		if len(lives) == 1 && !lives[0].Reclaimed.IsZero() {
			if !lives[0].Reclaimed.Equal(due) {
				t.Fatalf("reclaimed at %v, want its due time %v", lives[0].Reclaimed, due)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("lifetimes %+v: not reclaimed 5 s after a 30 ms idle timeout", lives)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// in a run), not on a Go timer that can wake a millisecond late.
func TestInitWaitsOnTheBackendsClock(t *testing.T) {
	var mu sync.Mutex
	var waited []time.Duration
	sleep := func(_ context.Context, d time.Duration) error {
		mu.Lock()
		waited = append(waited, d)
		mu.Unlock()
		return nil
	}
	p, err := New(Backend{Sleep: sleep}, []Function{{Name: "fn", Init: dist.Constant(time.Hour)}},
		withInstances(func(*Function, int) (instance, error) { return &fakeBody{}, nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := p.Invoke(ctx, "fn"); err != nil {
		t.Fatalf("an hour's init on a clock that returns at once: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(waited, []time.Duration{time.Hour}) {
		t.Fatalf("backend clock waited %v, want the init's [1h0m0s]", waited)
	}
}

func TestBurstScalesOut(t *testing.T) {
	for _, tc := range []struct {
		name           string
		max            int
		wantContainers int
	}{
		{"unbounded", 0, 10},
		{"max 3", 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fakePlatform(t, Function{MaxContainers: tc.max}, &fakeBody{delay: func(int64) time.Duration { return 60 * time.Millisecond }})
			invs := burst(t, p, 10)
			containers := map[int]bool{}
			queued := 0
			for _, inv := range invs {
				containers[inv.Container] = true
				if inv.QueuedMs > 0 {
					queued++
					if inv.QueuedMs < 40 {
						t.Errorf("queued %.1f ms behind a 60 ms invocation", inv.QueuedMs)
					}
				}
			}
			if len(containers) != tc.wantContainers {
				t.Fatalf("%d containers, want %d", len(containers), tc.wantContainers)
			}
			if want := 10 - tc.wantContainers; queued != want {
				t.Fatalf("%d invocations queued, want %d", queued, want)
			}
		})
	}
}

func TestMostRecentlyUsedFirst(t *testing.T) {
	p := fakePlatform(t, Function{}, &fakeBody{delay: func(seq int64) time.Duration { return time.Duration(seq) * 40 * time.Millisecond }})
	invs := burst(t, p, 2)
	last := invs[0]
	if invs[1].Seq > last.Seq {
		last = invs[1]
	}
	if next := invoke(t, p); next.Container != last.Container || next.Cold {
		t.Fatalf("next invocation on container %d (cold %v), want the most recently used %d", next.Container, next.Cold, last.Container)
	}
}

func TestMaxLifetime(t *testing.T) {
	p := fakePlatform(t, Function{MaxLifetime: 100 * time.Millisecond, IdleTimeout: time.Hour}, &fakeBody{})
	first := invoke(t, p)
	time.Sleep(200 * time.Millisecond)
	if next := invoke(t, p); !next.Cold || next.Container == first.Container {
		t.Fatalf("after max lifetime: %+v, want a new cold container", next)
	}
	lives := p.Lifetimes()
	if len(lives) != 2 || lives[0].Container != first.Container || lives[0].Reason != ReasonLifetime {
		t.Fatalf("lifetimes %+v, want the first container reclaimed for its max lifetime", lives)
	}
}

func TestQueuedInvocationGivesUp(t *testing.T) {
	p := fakePlatform(t, Function{MaxContainers: 1}, &fakeBody{delay: func(seq int64) time.Duration {
		if seq == 1 {
			return 100 * time.Millisecond
		}
		return time.Millisecond
	}})
	done := make(chan Invocation)
	go func() { done <- invoke(t, p) }()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Invoke(ctx, "fn"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("queued invocation: %v, want deadline exceeded", err)
	}
	first := <-done
	if next := invoke(t, p); next.Cold || next.Container != first.Container {
		t.Fatalf("after a queued invocation gave up: %+v, want the warm container %d", next, first.Container)
	}
}

func TestCloseReclaimsAndFailsQueued(t *testing.T) {
	body := &fakeBody{delay: func(seq int64) time.Duration { return 80 * time.Millisecond }}
	p, err := New(Backend{}, []Function{{Name: "fn", MaxContainers: 1}}, withInstances(func(*Function, int) (instance, error) { return body, nil }))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := p.Invoke(context.Background(), "fn")
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	var ok, closed int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case errors.Is(err, ErrClosed):
			closed++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || closed != 1 {
		t.Fatalf("%d finished and %d failed with ErrClosed, want 1 and 1", ok, closed)
	}
	if body.closes != 1 {
		t.Fatalf("%d containers closed, want 1", body.closes)
	}
	if _, err := p.Invoke(context.Background(), "fn"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Invoke after Close: %v", err)
	}
}

func TestFunctionValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   Function
	}{
		{"empty name", Function{}},
		{"slash", Function{Name: "a/b"}},
		{"negative idle", Function{Name: "f", IdleTimeout: -1}},
		{"negative lifetime", Function{Name: "f", MaxLifetime: -1}},
		{"negative max", Function{Name: "f", MaxContainers: -1}},
		{"bad init", Function{Name: "f", Init: dist.Duration{Kind: "weird"}}},
		{"bad placement", Function{Name: "f", Placement: "edge"}},
		{"fifo", Function{Name: "f", Agent: agent.Options{Scheduling: "fifo"}}},
		{"empty command", Function{Name: "f", Work: agent.Work{Commands: [][]string{{}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.fn.Validate(); err == nil {
				t.Fatal("no error")
			}
			if _, err := New(Backend{}, []Function{tc.fn}, withInstances(func(*Function, int) (instance, error) { return &fakeBody{}, nil })); err == nil {
				t.Fatal("New accepted it")
			}
		})
	}
	ok := func(*Function, int) (instance, error) { return &fakeBody{}, nil }
	if _, err := New(Backend{}, []Function{{Name: "f"}, {Name: "f"}}, withInstances(ok)); err == nil {
		t.Fatal("duplicate names accepted")
	}
	if _, err := New(Backend{}, nil, withInstances(ok)); err == nil {
		t.Fatal("no functions accepted")
	}
	for _, b := range []Backend{{}, {URL: "http://x:1"}, {URL: "https://x:1"}} {
		if _, err := New(b, []Function{{Name: "f"}}); err == nil {
			t.Errorf("backend %+v accepted", b)
		}
	}
}

// TestLifetimes checks the one summary kept per container, for a container
// that lived and one whose init failed.
func TestLifetimes(t *testing.T) {
	errInit := errors.New("init failed")
	for _, tc := range []struct {
		name      string
		load      newInstance
		wantReady bool
		reason    string
	}{
		{"served", func(*Function, int) (instance, error) { return &fakeBody{}, nil }, true, ReasonShutdown},
		{"init failed", func(*Function, int) (instance, error) { return nil, errInit }, false, ReasonInitFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Backend{}, []Function{{Name: "fn", Init: dist.Constant(20 * time.Millisecond)}}, withInstances(tc.load))
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := p.Invoke(context.Background(), "fn"); err != nil && !errors.Is(err, errInit) {
					t.Fatal(err)
				}
			}
			if lives := p.Lifetimes(); tc.wantReady && (len(lives) != 1 || !lives[0].Reclaimed.IsZero()) {
				t.Fatalf("before close: %+v, want one living container", lives)
			}
			if err := p.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			lives := p.Lifetimes()
			wantN := 1
			if !tc.wantReady {
				wantN = 3
			}
			if len(lives) != wantN {
				t.Fatalf("%d lifetimes, want %d: %+v", len(lives), wantN, lives)
			}
			for i, l := range lives {
				if l.Container != i+1 || l.Function != "fn" || l.Reason != tc.reason || l.Reclaimed.Before(l.Created) {
					t.Fatalf("lifetime %d: %+v, want container %d reclaimed for %s", i, l, i+1, tc.reason)
				}
				if ready := !l.Ready.IsZero(); ready != tc.wantReady || ready && l.Ready.Sub(l.Created) < 20*time.Millisecond {
					t.Fatalf("lifetime %d: ready %v after %v, want ready=%v after its 20 ms init", i, l.Ready, l.Ready.Sub(l.Created), tc.wantReady)
				}
			}
		})
	}
}
