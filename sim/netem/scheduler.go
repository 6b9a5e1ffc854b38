package netem

import (
	"container/heap"
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var errSchedulerClosed = errors.New("netem: scheduler closed")

// Scheduler runs callbacks at precise instants. One goroutine serves every
// link that shares the scheduler from one heap of deadlines, and it burns no
// CPU while nothing is pending. Callbacks run on that goroutine one after another:
// they must be tiny and must not block.
//
// The goroutine sleeps with the platform's most precise waiter until a short
// margin before the earliest deadline, then spins the rest. The spin yields
// its P on every turn, and so does each batch of callbacks. On a small
// virtual machine, waking an idle P on another CPU to run the readers a
// callback has woken takes 30 to 70 us, most of the error budget; run on the
// scheduler's own P between turns of the spin, they see their data within a
// few microseconds. A spin that kept its P raised the median error from
// about 3 us to 15-30 us. The spin still burns the CPU the readers leave,
// but only while a deadline is that close.
type Scheduler struct {
	mu    sync.Mutex
	queue deliveries
	seq   uint64

	// kicked is set, and the waiter woken, when the earliest deadline
	// changes, to cut a sleep or spin short.
	kicked  atomic.Bool
	waiter  waiter
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// A waiter is how the scheduler goroutine sleeps until shortly before a
// deadline: each platform has its most precise one.
type waiter interface {
	// wait sleeps for about d, or until wake is called; d < 0 means no
	// deadline. It may return early.
	wait(d time.Duration)
	// wake cuts a wait short, or the next one if none is under way. It is
	// called from any goroutine.
	wake()
	// clear forgets the wakes already received.
	clear()
	// margin is how close to a deadline the scheduler stops waiting and
	// spins: more than wait's usual overshoot.
	margin() time.Duration
	close()
}

// NewScheduler starts a scheduler. Close stops it.
func NewScheduler() *Scheduler { return newScheduler(platformWaiter()) }

func newScheduler(w waiter) *Scheduler {
	s := &Scheduler{waiter: w, done: make(chan struct{}), stopped: make(chan struct{})}
	go s.run()
	return s
}

// At runs fn at t, or as soon as possible if t has passed. Callbacks with the
// same t run in the order they were scheduled. After Close, fn never runs.
func (s *Scheduler) At(t time.Time, fn func()) {
	s.mu.Lock()
	s.seq++
	heap.Push(&s.queue, delivery{at: t, seq: s.seq, fn: fn})
	earliest := s.queue[0].seq == s.seq
	s.mu.Unlock()
	if earliest {
		s.kick()
	}
}

// Close stops the scheduler and waits for its goroutine to exit. Pending
// callbacks are dropped.
func (s *Scheduler) Close() {
	s.once.Do(func() {
		close(s.done)
		s.kick()
	})
	<-s.stopped
}

func (s *Scheduler) kick() {
	if s.kicked.CompareAndSwap(false, true) {
		s.waiter.wake()
	}
}

// Sleep waits precisely for d, or until ctx ends, for callers that model
// time spent off the link (a database's processing time) at the same
// sub-millisecond precision as the link's own delays.
func (s *Scheduler) Sleep(ctx context.Context, d time.Duration) error {
	return s.sleepUntil(ctx, time.Now().Add(d))
}

// sleepUntil waits precisely until t, for delays that stand for network time
// outside a byte stream, such as a DNS lookup.
func (s *Scheduler) sleepUntil(ctx context.Context, t time.Time) error {
	ch := make(chan struct{})
	s.At(t, func() { close(ch) })
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return errSchedulerClosed
	}
}

func (s *Scheduler) run() {
	defer close(s.stopped)
	defer s.waiter.close()

	margin := s.waiter.margin()
	var due []func()
	for {
		if s.kicked.Swap(false) {
			s.waiter.clear()
		}
		if isClosed(s.done) {
			return
		}
		s.mu.Lock()
		now := time.Now()
		for len(s.queue) > 0 && !s.queue[0].at.After(now) {
			due = append(due, heap.Pop(&s.queue).(delivery).fn)
		}
		pending := len(s.queue) > 0
		var next time.Time
		if pending {
			next = s.queue[0].at
		}
		s.mu.Unlock()

		if len(due) > 0 {
			for i, fn := range due {
				fn()
				due[i] = nil
			}
			due = due[:0]
			runtime.Gosched() // let the woken readers have this P
			continue
		}
		if !pending {
			s.waiter.wait(-1)
			continue
		}
		if wait := next.Sub(now); wait > margin {
			s.waiter.wait(wait - margin)
			continue
		}
		for !s.kicked.Load() && time.Now().Before(next) {
			runtime.Gosched()
		}
	}
}

type delivery struct {
	at  time.Time
	seq uint64
	fn  func()
}

// deliveries is a min-heap ordered by deadline, then by scheduling order.
type deliveries []delivery

func (d deliveries) Len() int { return len(d) }
func (d deliveries) Less(i, j int) bool {
	if d[i].at.Equal(d[j].at) {
		return d[i].seq < d[j].seq
	}
	return d[i].at.Before(d[j].at)
}
func (d deliveries) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d *deliveries) Push(x any)   { *d = append(*d, x.(delivery)) }
func (d *deliveries) Pop() any {
	old := *d
	x := old[len(old)-1]
	old[len(old)-1] = delivery{}
	*d = old[:len(old)-1]
	return x
}
