package netem

import (
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The scheduler's waiting strategy. Go's timers overshoot short sleeps by
// hundreds of microseconds on a loaded Linux box, so the scheduler sleeps in
// ppoll instead: the kernel's high-resolution timer, with the thread's timer
// slack lowered, woken early through an eventfd when an earlier deadline is
// scheduled. A short spin lands it on time.
//
// The goroutine is not locked to its thread. Measured here, locking made
// things worse: every wake-up from a blocking syscall then waits for a
// hand-off to that one thread, and the readers its callbacks wake queue on
// its P behind it. Instead it lowers the slack of whichever thread it is on
// before each sleep.
//
// The spin yields its P on every turn, and so does each batch of callbacks.
// On a small virtual machine, waking an idle P on another CPU to run the
// readers a callback has woken takes 30 to 70 us, most of the error budget;
// run on the scheduler's own P between turns of the spin, they see their
// data within a few microseconds. A spin that kept its P raised the median
// error from about 3 us to 15-30 us. The spin still burns the CPU the
// readers leave, but only while a deadline is that close.
const (
	// spinWithin: closer than this to a deadline the scheduler spins rather
	// than sleep. Measured here with the slack lowered, ppoll returns 30-55
	// us late at the median and 70-160 us late at the 99th percentile, the
	// longer sleeps the later: a 60 us margin was overrun by about half of
	// the 5 ms sleeps.
	spinWithin = 150 * time.Microsecond
	// sleepMax bounds one ppoll: the kernel adds slack of 0.1% of the
	// timeout, which must stay well under spinWithin.
	sleepMax = 10 * time.Millisecond
)

var errSchedulerClosed = errors.New("netem: scheduler closed")

// Scheduler runs callbacks at precise instants. One goroutine serves every
// link that shares the scheduler from one heap of deadlines, and it burns no
// CPU while nothing is pending. Callbacks run on that goroutine one after another:
// they must be tiny and must not block.
type Scheduler struct {
	mu    sync.Mutex
	queue deliveries
	seq   uint64

	// kicked is set, and the eventfd written, when the earliest deadline
	// changes, to cut a sleep or spin short.
	kicked  atomic.Bool
	efd     int
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// NewScheduler starts a scheduler. Close stops it.
func NewScheduler() *Scheduler {
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		// Without an eventfd nothing could wake the scheduler; eventfd
		// exists on every Linux this runs on.
		panic(fmt.Sprintf("netem: eventfd: %v", err))
	}
	s := &Scheduler{efd: efd, done: make(chan struct{}), stopped: make(chan struct{})}
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
		var one [8]byte
		binary.NativeEndian.PutUint64(one[:], 1)
		_, _ = unix.Write(s.efd, one[:])
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
	defer unix.Close(s.efd)

	var due []func()
	var buf [8]byte
	fds := []unix.PollFd{{Fd: int32(s.efd), Events: unix.POLLIN}}
	for {
		if s.kicked.Swap(false) {
			_, _ = unix.Read(s.efd, buf[:])
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
			_, _ = unix.Ppoll(fds, nil, nil)
			continue
		}
		if wait := next.Sub(now); wait > spinWithin {
			sleep := min(wait-spinWithin, sleepMax)
			ts := unix.NsecToTimespec(int64(sleep))
			// Best effort: the default slack of 50 us would eat the spin margin.
			_ = unix.Prctl(unix.PR_SET_TIMERSLACK, 1, 0, 0, 0)
			_, _ = unix.Ppoll(fds, &ts, nil)
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
