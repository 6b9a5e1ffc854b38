package netem

import (
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
func (s *Scheduler) At(t time.Time, fn func()) { s.at(t, nil, fn) }

// at is At that records in late, if not nil, how late fn ran.
func (s *Scheduler) at(t time.Time, late *histogram, fn func()) {
	s.mu.Lock()
	s.seq++
	s.queue.push(delivery{at: t, seq: s.seq, fn: fn, late: late})
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
// sub-millisecond precision as the link's own delays. Its lateness counts
// for no link: Link.Sleep is the same wait, counted in Link.Lateness.
func (s *Scheduler) Sleep(ctx context.Context, d time.Duration) error {
	return s.sleepUntil(ctx, time.Now().Add(d), nil, nil)
}

// sleepUntil waits precisely until t, or until ctx ends, the scheduler
// closes or linkDone is closed, recording in late how late the wake-up ran.
func (s *Scheduler) sleepUntil(ctx context.Context, t time.Time, late *histogram, linkDone <-chan struct{}) error {
	ch := make(chan struct{})
	s.at(t, late, func() { close(ch) })
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		if isClosed(linkDone) {
			return ErrLinkClosed // a link closing its own scheduler
		}
		return errSchedulerClosed
	case <-linkDone:
		return ErrLinkClosed
	}
}

func (s *Scheduler) run() {
	defer close(s.stopped)
	defer s.waiter.close()

	margin := s.waiter.margin()
	var due []delivery
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
			due = append(due, s.queue.pop())
		}
		pending := len(s.queue) > 0
		var next time.Time
		if pending {
			next = s.queue[0].at
		}
		s.mu.Unlock()

		if len(due) > 0 {
			for i, d := range due {
				if d.late != nil {
					d.late.record(time.Since(d.at))
				}
				d.fn()
				due[i] = delivery{}
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
	at   time.Time
	seq  uint64
	fn   func()
	late *histogram // where to record how late fn ran; nil: nowhere
}

// deliveries is a min-heap ordered by deadline, then by scheduling order.
// It is typed rather than a container/heap, whose interface would box every
// delivery pushed and popped: two allocations per callback on the
// scheduler's hot path.
type deliveries []delivery

func (d deliveries) less(i, j int) bool {
	if d[i].at.Equal(d[j].at) {
		return d[i].seq < d[j].seq
	}
	return d[i].at.Before(d[j].at)
}

func (d *deliveries) push(x delivery) {
	*d = append(*d, x)
	h := *d
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

// pop removes and returns the earliest delivery; the heap must not be empty.
func (d *deliveries) pop() delivery {
	h := *d
	top, last := h[0], len(h)-1
	h[0] = h[last]
	h[last] = delivery{} // let the callback be collected
	h = h[:last]
	for i := 0; ; {
		child := 2*i + 1
		if child >= len(h) {
			break
		}
		if r := child + 1; r < len(h) && h.less(r, child) {
			child = r
		}
		if !h.less(child, i) {
			break
		}
		h[i], h[child] = h[child], h[i]
		i = child
	}
	*d = h
	return top
}
