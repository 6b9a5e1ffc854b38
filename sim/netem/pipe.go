package netem

import (
	"sync"
	"sync/atomic"
	"time"
)

const (
	// window bounds the bytes a direction holds between a write and the
	// peer's read, like a TCP window, so a writer cannot queue unbounded
	// memory ahead of a slow reader.
	window = 4 << 20
	// maxSegment splits large writes so the window applies within them.
	maxSegment = 64 << 10
)

// A path is one direction of a connection: chunks enter at the writer, go
// through the stages, and the scheduler drops them into dst at their arrival.
type path struct {
	sched  *Scheduler
	late   *histogram // the link's
	stages []stage
	dst    *inbox
	stats  *dirStats
	// back is the other direction, which carries the resets this one's
	// chunks provoke.
	back *path
	// resets counts, for the link, the RSTs delivered.
	resets *atomic.Int64

	mu          sync.Mutex
	lastArrival time.Time

	inflight atomic.Int64
	spaceMu  sync.Mutex
	space    chan struct{} // closed when inflight drops below window
}

func newPath(sched *Scheduler, late *histogram, stats *dirStats, stages ...stage) *path {
	p := &path{sched: sched, late: late, stages: stages, stats: stats, space: make(chan struct{})}
	p.dst = &inbox{src: p, ready: make(chan struct{}, 1)}
	return p
}

// send puts a chunk of data, or an end-of-stream or reset marker, on the
// path now.
func (p *path) send(c *chunk) {
	p.sendAt(c, time.Now())
}

// sendAt puts c on the path as if it had been sent at from. A stage that
// drops it ends it there; one that resets it sends a RST back from the
// instant the chunk would have arrived at the far end.
func (p *path) sendAt(c *chunk, from time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := from
	c.at = now
	// A chunk to be reset still travels to where it is stopped, beside the
	// far end, so it crosses the remaining stages for their delay.
	v := deliver
	for _, s := range p.stages {
		if w := s.apply(c); v == deliver {
			v = w
		}
		if v == drop {
			break
		}
	}
	switch v {
	case drop:
		return
	case reset:
		at := c.at
		p.sched.at(at, p.late, func() { p.back.sendAt(&chunk{rst: true, byStage: true}, at) })
		return
	}
	if n := len(c.data); n > 0 {
		// A flight starts when nothing of this direction is still travelling.
		p.stats.add(n, !now.Before(p.lastArrival))
		p.inflight.Add(int64(n))
	}
	p.lastArrival = c.at
	p.sched.at(c.at, p.late, func() { p.dst.deliver(c) })
}

// reset sends a RST on the path from from: the answer of a closed end or a
// middlebox to a chunk that arrived there then. It may run on the scheduler
// goroutine.
func (p *path) reset(from time.Time) {
	p.sendAt(&chunk{rst: true}, from)
}

// control sends an empty flight that leaves at from (now, if zero) and calls
// fn, if not nil, when it arrives, with its exact arrival time so the next
// flight of a handshake can leave then. It returns the arrival time too.
func (p *path) control(from time.Time, fn func(arrival time.Time)) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := &chunk{at: from}
	if from.IsZero() {
		c.at = time.Now()
	}
	for _, s := range p.stages {
		// A connection's first flights cross a middlebox that has just
		// seen it, so they are always delivered.
		s.apply(c)
	}
	p.lastArrival = c.at
	if fn != nil {
		at := c.at
		p.sched.at(at, p.late, func() { fn(at) })
	}
	return c.at
}

// full reports whether the window is used up. Take spaceCh before checking,
// so a release in between is not missed.
func (p *path) full() bool { return p.inflight.Load() >= window }

func (p *path) spaceCh() <-chan struct{} {
	p.spaceMu.Lock()
	defer p.spaceMu.Unlock()
	return p.space
}

func (p *path) release(n int) {
	if n == 0 {
		return
	}
	after := p.inflight.Add(-int64(n))
	if before := after + int64(n); before >= window && after < window {
		p.spaceMu.Lock()
		close(p.space)
		p.space = make(chan struct{})
		p.spaceMu.Unlock()
	}
}

// An inbox holds what has arrived at one end and not been read yet.
type inbox struct {
	src   *path
	ready chan struct{} // signalled on every arrival; one reader at a time

	mu     sync.Mutex
	queue  [][]byte
	eof    bool
	reset  bool // a RST arrived: what was queued is gone, reads and writes fail
	closed bool

	gate atomic.Pointer[func(reset bool) <-chan struct{}] // see Conn.SetReadGate
}

// deliver runs on the scheduler goroutine, so it only appends and signals.
// Bytes reaching an end that has closed are answered with a RST, as TCP
// answers data for a socket that no longer exists; a RST flushes what the
// end had not read yet, as RFC 793 has it.
func (in *inbox) deliver(c *chunk) {
	in.mu.Lock()
	if in.closed {
		in.mu.Unlock()
		in.src.release(len(c.data))
		if len(c.data) > 0 {
			in.src.back.reset(c.at)
		}
		return
	}
	n := 0
	switch {
	case c.rst:
		for _, b := range in.queue {
			n += len(b)
		}
		in.queue = nil
		in.eof = false
		in.reset = true
		in.src.resets.Add(1)
	case in.reset:
		n = len(c.data)
	case c.eof:
		in.eof = true
	default:
		in.queue = append(in.queue, c.data)
	}
	rst := in.reset
	in.mu.Unlock()
	in.src.release(n)
	if g := in.gate.Load(); g != nil {
		(*g)(rst)
	}
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// pending reports whether a read would return at once, and whether with a
// reset.
func (in *inbox) pending() (ready, reset bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.reset || in.eof || len(in.queue) > 0, in.reset
}

// wasReset reports whether a RST has reached this end.
func (in *inbox) wasReset() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.reset
}

// take copies arrived bytes into b without blocking. eof reports that the
// stream has ended and everything before the end has been read; reset, that
// a RST ended it.
func (in *inbox) take(b []byte) (n int, eof, reset bool) {
	in.mu.Lock()
	if in.reset {
		in.mu.Unlock()
		return 0, false, true
	}
	for len(in.queue) > 0 && n < len(b) {
		m := copy(b[n:], in.queue[0])
		n += m
		if m == len(in.queue[0]) {
			in.queue[0] = nil
			in.queue = in.queue[1:]
		} else {
			in.queue[0] = in.queue[0][m:]
		}
	}
	eof = n == 0 && in.eof && len(in.queue) == 0
	in.mu.Unlock()
	in.src.release(n)
	return n, eof, false
}

// close discards unread bytes and everything that arrives later, freeing the
// sender's window so it never blocks on a reader that is gone.
func (in *inbox) close() {
	in.mu.Lock()
	n := 0
	for _, b := range in.queue {
		n += len(b)
	}
	in.queue = nil
	in.closed = true
	in.mu.Unlock()
	in.src.release(n)
}

// deadline is a settable instant that closes a channel when it passes, so a
// blocked Read or Write can select on it and see later changes.
type deadline struct {
	mu    sync.Mutex
	gen   uint64
	timer *time.Timer
	ch    chan struct{}
}

func newDeadline() *deadline { return &deadline{ch: make(chan struct{})} }

func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if isClosed(d.ch) {
		d.ch = make(chan struct{})
	}
	if t.IsZero() {
		return
	}
	wait := time.Until(t)
	if wait <= 0 {
		close(d.ch)
		return
	}
	gen := d.gen
	d.timer = time.AfterFunc(wait, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		// A timer that fired while set was replacing it must not expire
		// the new deadline.
		if d.gen == gen && !isClosed(d.ch) {
			close(d.ch)
		}
	})
}

// done returns a channel closed once the deadline has passed.
func (d *deadline) done() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ch
}

func (d *deadline) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
