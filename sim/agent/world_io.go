package agent

import "sync"

// ioGate holds back socket events from a frozen world's agents. Its state
// lives under the world's lock; freezing and thawing it swaps a channel, so
// both cost the same however many sockets the world holds, and only the
// readers that have something to read wait on it.
type ioGate struct {
	gen      uint64        // freezes so far
	thawed   chan struct{} // closed by the thaw that ends freeze gen
	deferred chan struct{} // closed when the events a thaw deferred are seen
	// deferring is true from a thaw with AfterInvocation until the events
	// held during the freeze have been let through.
	deferring bool
	// pending counts the sockets whose held event has not been consumed.
	pending int
	settled *sync.Cond
}

// heldRead is what the gate knows of one socket, under the world's lock.
type heldRead struct {
	gen     uint64 // the freeze that held it
	reset   bool   // the held event was a RST
	counted bool   // in pending
	passed  bool   // the reader has been let through to it
}

func (g *ioGate) init(mu *sync.Mutex) {
	g.thawed = make(chan struct{})
	g.deferred = make(chan struct{})
	g.settled = sync.NewCond(mu)
}

func (g *ioGate) freezeLocked() {
	g.gen++
	g.thawed = make(chan struct{})
}

func (g *ioGate) thawLocked(deferring bool) {
	close(g.thawed)
	if deferring {
		g.deferring = true
		g.deferred = make(chan struct{})
	}
}

func (g *ioGate) endLocked() {
	if !isDone(g.thawed) {
		close(g.thawed)
	}
	if !isDone(g.deferred) {
		close(g.deferred)
	}
	g.settled.Broadcast()
}

func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// gate is the read gate of tc's socket, asked when something arrives and
// when the reader is about to take it: what arrived waits while the world
// is frozen, and, after a thaw that defers them, until the invocation is
// over, except a RST that arrived after the thaw, an answer to what the
// invocation sent. Counting arrivals, not waiting readers, lets a thaw
// know every socket with something pending, however busy its reader was.
func (w *World) gate(tc *trackedConn, reset bool) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	g := &w.io
	h := &tc.held
	switch {
	case w.ended.Load():
		return nil
	case w.frozen:
		h.gen, h.reset, h.passed = g.gen, reset, false
		if !h.counted {
			h.counted = true
			g.pending++
		}
		return g.thawed
	case g.deferring && h.counted && h.gen == g.gen && (!reset || h.reset):
		return g.deferred
	}
	h.passed = true
	return nil
}

// consumed records that tc's owner has dealt with its held event: it read
// again after being let through, or it closed the socket.
func (w *World) consumed(tc *trackedConn, closed bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if tc.held.counted && (closed || tc.held.passed) {
		tc.held.counted = false
		w.io.pending--
		if w.io.pending == 0 {
			w.io.settled.Broadcast()
		}
	}
}

// settle waits until every held event has been consumed.
func (w *World) settle() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.io.pending > 0 && !w.ended.Load() {
		w.io.settled.Wait()
	}
}

// settleDeferred lets the events a thaw deferred through and waits until
// they are consumed: the process sees them once the invocation is over.
func (w *World) settleDeferred() {
	w.mu.Lock()
	if !w.io.deferring {
		w.mu.Unlock()
		return
	}
	w.io.deferring = false
	close(w.io.deferred)
	w.mu.Unlock()
	w.settle()
}
