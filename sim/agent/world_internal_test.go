package agent

import (
	"context"
	"net"
	"slices"
	"sync"
	"testing"
	"time"
)

// firings records which timers of a world fired, in order, and when.
type firings struct {
	mu    sync.Mutex
	order []int
	at    []time.Time
	ch    chan struct{}
}

func (f *firings) timer(i int) *timer {
	t := newTimer(func(uint64) {
		f.mu.Lock()
		f.order = append(f.order, i)
		f.at = append(f.at, time.Now())
		f.mu.Unlock()
		f.ch <- struct{}{}
	})
	return &t
}

func (f *firings) fired() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.order)
}

// TestWorldTimers schedules timers at offsets from a start, optionally
// freezes the world at once and thaws it after a while, and checks which
// fired and in what order: frozen timers do not fire, and the overdue ones
// fire during Thaw, earliest first, before Thaw returns.
func TestWorldTimers(t *testing.T) {
	const long = time.Hour
	for _, tc := range []struct {
		name   string
		after  []time.Duration
		freeze bool
		frozen time.Duration // how long the world stays frozen
		thaw   bool
		// want is what has fired when Thaw returns, or after frozen when
		// the world is not thawed; for a running world, what fires at all.
		want []int
	}{
		{"fires when not frozen", []time.Duration{60 * time.Millisecond, 20 * time.Millisecond, long}, false, 0, false, []int{1, 0}},
		{"does not fire while frozen", []time.Duration{20 * time.Millisecond}, true, 150 * time.Millisecond, false, nil},
		{"overdue fire on thaw, earliest first", []time.Duration{60 * time.Millisecond, 20 * time.Millisecond, long}, true, 150 * time.Millisecond, true, []int{1, 0}},
		{"not yet due stays pending after thaw", []time.Duration{long}, true, 50 * time.Millisecond, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := NewWorld()
			defer w.Close()
			f := &firings{ch: make(chan struct{}, len(tc.after))}
			start := time.Now()
			timers := make([]*timer, len(tc.after))
			for i, d := range tc.after {
				timers[i] = f.timer(i)
				w.schedule(timers[i], start.Add(d))
			}
			if !tc.freeze {
				for range tc.want {
					select {
					case <-f.ch:
					case <-time.After(3 * time.Second):
						t.Fatalf("fired %v after 3s, want %v", f.fired(), tc.want)
					}
				}
			} else {
				w.Freeze()
				time.Sleep(tc.frozen)
				if tc.thaw {
					w.Thaw()
				}
			}
			if got := f.fired(); !slices.Equal(got, tc.want) {
				t.Fatalf("fired %v, want %v", got, tc.want)
			}
			for i, at := range f.at {
				if due := start.Add(tc.after[f.order[i]]); at.Before(due) {
					t.Errorf("timer %d fired %v early", f.order[i], due.Sub(at))
				}
			}
			if st := w.Stats(); st.Timers != len(tc.after)-len(tc.want) || st.Frozen != (tc.freeze && !tc.thaw) {
				t.Fatalf("stats %+v, want %d timers pending, frozen %v", st, len(tc.after)-len(tc.want), tc.freeze && !tc.thaw)
			}
		})
	}
}

// TestWorldThawKeepsDeadline: a timer frozen before its deadline keeps the
// deadline it had, so it gets the rest of its time after Thaw, not its whole
// time again, and it still never fires early.
func TestWorldThawKeepsDeadline(t *testing.T) {
	w := NewWorld()
	defer w.Close()
	f := &firings{ch: make(chan struct{}, 1)}
	tm := f.timer(0)
	due := time.Now().Add(300 * time.Millisecond)
	w.schedule(tm, due)
	w.Freeze()
	time.Sleep(100 * time.Millisecond)
	w.Thaw()
	w.mu.Lock()
	pending := len(w.timers) == 1 && w.timers[0] == tm && tm.when.Equal(due)
	w.mu.Unlock()
	if !pending {
		t.Fatal("after thaw the timer is not pending with its first deadline")
	}
	select {
	case <-f.ch:
	case <-time.After(3 * time.Second):
		t.Fatal("the timer never fired after thaw")
	}
	if at := f.at[0]; at.Before(due) {
		t.Fatalf("fired %v early", due.Sub(at))
	}
}

// TestWorldStaleTimers: a stopped timer does not fire, and a rescheduled
// one fires once, at its last deadline.
func TestWorldStaleTimers(t *testing.T) {
	w := NewWorld()
	defer w.Close()
	f := &firings{ch: make(chan struct{}, 2)}
	stopped, moved, probe := f.timer(0), f.timer(1), f.timer(2)
	start := time.Now()
	w.schedule(stopped, start.Add(20*time.Millisecond))
	w.schedule(moved, start.Add(20*time.Millisecond))
	w.schedule(moved, start.Add(80*time.Millisecond))
	w.schedule(probe, start.Add(150*time.Millisecond))
	w.stop(stopped)
	for range 2 {
		select {
		case <-f.ch:
		case <-time.After(3 * time.Second):
			t.Fatalf("fired %v after 3s", f.fired())
		}
	}
	if got := f.fired(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("fired %v, want [1 2]", got)
	}
	if f.at[0].Before(start.Add(80 * time.Millisecond)) {
		t.Fatal("the rescheduled timer fired at its first deadline")
	}
}

// pipeAgents fills w with n agents that each hold one open, idle socket
// (one end of a pipe) with a free-socket timer an hour away.
func pipeAgents(tb testing.TB, w *World, n int) {
	tb.Helper()
	var peers []net.Conn
	tb.Cleanup(func() {
		for _, c := range peers {
			c.Close()
		}
	})
	dial := func(context.Context, string, string) (net.Conn, error) {
		c, peer := net.Pipe()
		peers = append(peers, peer)
		return c, nil
	}
	for range n {
		a, err := w.NewAgent(Options{KeepAlive: true, FreeSocketTimeout: time.Hour}, dial, nil)
		if err != nil {
			tb.Fatal(err)
		}
		c, err := a.dialContext(context.Background(), "tcp", "db:443")
		if err != nil {
			tb.Fatal(err)
		}
		a.markIdle(unwrap(c))
	}
	if st := w.Stats(); st.Agents != n || st.Timers != n {
		tb.Fatalf("world %+v, want %d agents and timers", st, n)
	}
}

// BenchmarkFreezeThaw freezes and thaws, in turns, the world of a container
// whose only agent is its global one, with an idle socket, and the same
// world with 10000 abandoned agents that each hold an idle socket too. It
// reports how many times more a cycle of the second costs: about 1 when the
// cost does not grow with abandoned agents.
func BenchmarkFreezeThaw(b *testing.B) {
	const abandoned, batch = 10000, 100
	empty, full := NewWorld(), NewWorld()
	b.Cleanup(empty.Close)
	b.Cleanup(full.Close)
	pipeAgents(b, empty, 1)
	pipeAgents(b, full, 1+abandoned)
	cycles := func(w *World) time.Duration {
		start := time.Now()
		for range batch {
			w.Freeze()
			w.Thaw()
		}
		return time.Since(start)
	}
	var tEmpty, tFull time.Duration
	for b.Loop() {
		tEmpty += cycles(empty)
		tFull += cycles(full)
	}
	b.ReportMetric(float64(tFull)/float64(tEmpty), "x")
	b.ReportMetric(float64(tFull.Nanoseconds())/float64(b.N*batch), "ns/cycle")
}
