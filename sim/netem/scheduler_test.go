package netem

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// waiters lists the schedulers to test: the platform's, and the timer waiter
// other platforms use, so that it is tested on Linux too.
var waiters = []struct {
	name string
	new  func() *Scheduler
}{
	{"platform", NewScheduler},
	{"timer", func() *Scheduler { return newScheduler(newTimerWaiter()) }},
}

// lateness schedules n callbacks delay ahead, one after another, and returns
// how late each ran, sorted.
func lateness(s *Scheduler, delay time.Duration, n int) []time.Duration {
	late := make([]time.Duration, 0, n)
	for range n {
		want := time.Now().Add(delay)
		got := make(chan time.Time, 1)
		s.At(want, func() { got <- time.Now() })
		late = append(late, (<-got).Sub(want))
	}
	slices.Sort(late)
	return late
}

func TestSchedulerKeepsDeadlines(t *testing.T) {
	for _, w := range waiters {
		s := w.new()
		for _, delay := range []time.Duration{50 * time.Microsecond, 300 * time.Microsecond, time.Millisecond, 5 * time.Millisecond} {
			t.Run(w.name+"/"+delay.String(), func(t *testing.T) {
				late := lateness(s, delay, 200)
				p50, p90 := late[len(late)/2], late[len(late)*9/10]
				t.Logf("lateness p50 %v p90 %v max %v", p50, p90, late[len(late)-1])
				if late[0] < 0 {
					t.Errorf("callback ran %v early", -late[0])
				}
				// A scheduler relying on Go timers alone is late by ~1 ms here.
				if p50 > 200*time.Microsecond {
					t.Errorf("median lateness %v, want under 200us", p50)
				}
			})
		}
		s.Close()
	}
}

func TestSchedulerOrder(t *testing.T) {
	for _, w := range waiters {
		t.Run(w.name, func(t *testing.T) {
			s := w.new()
			defer s.Close()
			base := time.Now().Add(3 * time.Millisecond)
			var mu sync.Mutex
			var got []int
			var wg sync.WaitGroup
			// Scheduled out of order, with ties that must keep scheduling order.
			offsets := []time.Duration{2, 0, 1, 1, 0, 3}
			want := []int{1, 4, 2, 3, 0, 5}
			wg.Add(len(offsets))
			for i, off := range offsets {
				s.At(base.Add(off*time.Millisecond), func() {
					mu.Lock()
					got = append(got, i)
					mu.Unlock()
					wg.Done()
				})
			}
			wg.Wait()
			if !slices.Equal(got, want) {
				t.Errorf("ran in order %v, want %v", got, want)
			}
		})
	}
}

func TestSchedulerEarlierDeadlineInterrupts(t *testing.T) {
	for _, w := range waiters {
		t.Run(w.name, func(t *testing.T) {
			s := w.new()
			defer s.Close()
			s.At(time.Now().Add(time.Hour), func() {})
			time.Sleep(5 * time.Millisecond) // let it settle into a long wait
			late := lateness(s, time.Millisecond, 20)
			if p50 := late[len(late)/2]; p50 > 300*time.Microsecond {
				t.Errorf("median lateness %v behind an hour-long wait", p50)
			}
		})
	}
}

func TestSchedulerSleepUntil(t *testing.T) {
	s := NewScheduler()
	defer s.Close()
	start := time.Now()
	if err := s.sleepUntil(context.Background(), start.Add(2*time.Millisecond), nil, nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 2*time.Millisecond {
		t.Errorf("slept %v, want at least 2ms", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.sleepUntil(ctx, time.Now().Add(time.Hour), nil, nil); err != context.Canceled {
		t.Errorf("cancelled sleep returned %v", err)
	}
	s.Close()
	if err := s.sleepUntil(context.Background(), time.Now().Add(time.Hour), nil, nil); err != errSchedulerClosed {
		t.Errorf("sleep on a closed scheduler returned %v", err)
	}
}

// While the scheduler spins out the last stretch before a deadline, other
// goroutines must still get its P: with one P, a goroutine that yields comes
// back within a few microseconds, not when the deadline has passed.
func TestSchedulerSpinLeavesThePToOthers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, w := range waiters {
		t.Run(w.name, func(t *testing.T) {
			s := w.new()
			defer s.Close()
			margin := s.waiter.margin()
			const trials = 21
			worst := make([]time.Duration, 0, trials)
			for range trials {
				fired := make(chan struct{})
				s.At(time.Now().Add(margin-10*time.Microsecond), func() { close(fired) })
				var longest time.Duration
				for !isClosed(fired) {
					t0 := time.Now()
					runtime.Gosched()
					longest = max(longest, time.Since(t0))
				}
				worst = append(worst, longest)
			}
			slices.Sort(worst)
			t.Logf("longest wait for the P while the scheduler spins: median %v, max %v", worst[trials/2], worst[trials-1])
			// A spin that kept the P would hold it until the deadline, about
			// the margin minus the waiter's wake-up.
			if med := worst[trials/2]; med > margin/3 {
				t.Errorf("median longest wait for the P %v, want under %v", med, margin/3)
			}
		})
	}
}

func TestDeliveriesPopInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := time.Now()
	var q deliveries
	var want []delivery
	for seq := range uint64(1000) {
		// Few distinct deadlines, so ties are common.
		d := delivery{at: base.Add(time.Duration(rng.IntN(50)) * time.Microsecond), seq: seq}
		q.push(d)
		want = append(want, d)
	}
	slices.SortFunc(want, func(a, b delivery) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for i, w := range want {
		if got := q.pop(); got.seq != w.seq {
			t.Fatalf("pop %d: seq %d, want %d", i, got.seq, w.seq)
		}
	}
	if len(q) != 0 {
		t.Errorf("%d deliveries left", len(q))
	}
}

// BenchmarkSchedulerCallbacks measures the scheduler's own cost per callback
// due at once, with and without recording its lateness for a link.
func BenchmarkSchedulerCallbacks(b *testing.B) {
	for _, tt := range []struct {
		name string
		late *histogram
	}{
		{"unrecorded", nil},
		{"recorded", new(histogram)},
	} {
		b.Run(tt.name, func(b *testing.B) {
			s := NewScheduler()
			defer s.Close()
			var wg sync.WaitGroup
			done := wg.Done
			b.ReportAllocs()
			for range b.N {
				wg.Add(1)
				s.at(time.Now(), tt.late, done)
			}
			wg.Wait()
		})
	}
}
