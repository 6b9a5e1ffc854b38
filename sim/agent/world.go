package agent

import (
	"container/heap"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coldwire/coldwire/sim/clock"
)

// World is the event loop of one process, shared by every agent the process
// creates: their free-socket timers run on its clock, and freezing the
// process freezes it once for all of them. A container that abandons an
// agent per invocation thus freezes and thaws in constant time, however many
// abandoned agents still hold sockets: a frozen world only stops its one real
// timer, and an agent leaves the world as soon as its last socket closes.
//
// Everything a frozen process must not do goes through its World: its
// timers, and the reads of its sockets (see world_io.go), so that no data,
// FIN or RST reaches its agents while it is frozen.
type World struct {
	// fire serializes running timers with Freeze and Thaw: once Freeze
	// returns no timer callback runs, and once Thaw returns every overdue
	// one has run.
	fire sync.Mutex
	due  []firing // guarded by fire, reused by every run

	mu     sync.Mutex
	frozen bool
	timers timerHeap
	real   *time.Timer // fires no later than the earliest timer, while not frozen
	agents map[*Agent]struct{}
	ended  atomic.Bool // written under mu, read without it by agents

	cpu        cpu
	closesSeen ClosesSeen
	// idleCloses counts the free sockets its agents found closed by their
	// peer, until TakeIdleCloses.
	idleCloses atomic.Int64
	clockStops bool
	frozenAt   time.Time
	// offset is the frozen time a stopped clock did not count.
	offset time.Duration
	io     ioGate
}

// WorldStats is what a World holds now.
type WorldStats struct {
	// Agents counts the agents with at least one open socket; the others
	// are forgotten.
	Agents int
	// Timers counts the free-socket timers pending.
	Timers int
	// Frozen is true between Freeze and Thaw.
	Frozen bool
}

// NewWorld returns a running world with no agents.
func NewWorld(opts ...WorldOption) *World {
	w := &World{agents: make(map[*Agent]struct{}), cpu: cpu{share: 1, sleep: clock.Sleep}, closesSeen: AfterInvocation}
	w.io.init(&w.mu)
	for _, o := range opts {
		o(w)
	}
	return w
}

// Freeze stops the world: no timer fires and no socket event reaches its
// agents until Thaw. Events that a thaw deferred past the invocation
// (AfterInvocation) are seen first. It costs the same whatever the world
// holds.
func (w *World) Freeze() {
	w.settleDeferred()
	w.fire.Lock()
	defer w.fire.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.frozen || w.ended.Load() {
		return
	}
	w.frozen = true
	w.frozenAt = time.Now()
	w.io.freezeLocked()
	if w.real != nil {
		w.real.Stop()
	}
}

// Thaw restarts the world as an event loop resumes: the timers that came
// due while it was frozen fire first, earliest deadline first, then its
// sockets see what arrived meanwhile: before Thaw returns with
// BeforeInvocation, after the invocation with AfterInvocation. The other
// timers keep the rest of their time.
func (w *World) Thaw() {
	w.fire.Lock()
	w.mu.Lock()
	if !w.frozen || w.ended.Load() {
		w.mu.Unlock()
		w.fire.Unlock()
		return
	}
	w.frozen = false
	if w.clockStops {
		w.offset += time.Since(w.frozenAt)
	}
	w.popDueLocked(w.nowLocked())
	w.armLocked()
	w.mu.Unlock()
	w.runDue()
	w.fire.Unlock()

	w.mu.Lock()
	w.io.thawLocked(w.closesSeen == AfterInvocation)
	w.mu.Unlock()
	if w.closesSeen == BeforeInvocation {
		w.settle()
	}
}

// TakeIdleCloses returns how many free sockets of the world's agents the
// process saw closed by their peer (it read their FIN or RST while they
// sat in a pool) since the last call, and counts afresh. With
// BeforeInvocation a thaw sees the closes that came during the freeze, so
// the handler dials anew instead of reusing a dead socket.
func (w *World) TakeIdleCloses() int { return int(w.idleCloses.Swap(0)) }

// Now is the world's clock: the time, less the frozen time when the clock
// stops during freezes (WithClockStopped).
func (w *World) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.nowLocked()
}

func (w *World) nowLocked() time.Time {
	if !w.clockStops {
		return time.Now()
	}
	if w.frozen {
		return w.frozenAt.Add(-w.offset)
	}
	return time.Now().Add(-w.offset)
}

// Close ends the world as the end of its process does: every socket of
// every agent is closed, no timer fires again and the agents refuse new
// requests with ErrClosed.
func (w *World) Close() {
	w.mu.Lock()
	if w.ended.Load() {
		w.mu.Unlock()
		return
	}
	w.ended.Store(true)
	w.io.endLocked()
	if w.real != nil {
		w.real.Stop()
	}
	for _, t := range w.timers {
		t.i = -1
	}
	clear(w.timers)
	w.timers = nil
	agents := make([]*Agent, 0, len(w.agents))
	for a := range w.agents {
		agents = append(agents, a)
	}
	clear(w.agents)
	w.mu.Unlock()
	for _, a := range agents {
		a.Close()
	}
}

// Stats returns what the world holds now.
func (w *World) Stats() WorldStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return WorldStats{Agents: len(w.agents), Timers: len(w.timers), Frozen: w.frozen}
}

// join records a new socket of a, whose only one it is when first. It fails
// once the world has ended, so that no socket outlives its process.
func (w *World) join(a *Agent, first bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended.Load() {
		return false
	}
	if first {
		w.agents[a] = struct{}{}
	}
	return true
}

// leave forgets a socket of a and its timer; when it was a's last, a
// itself: nothing of it can run again unless its owner sends through it.
func (w *World) leave(a *Agent, t *timer, last bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopLocked(t)
	if last {
		delete(w.agents, a)
	}
}

// timer is a deadline on a world's clock. Its owner schedules and stops it
// with its own lock held; gen, bumped by both, lets a callback that was
// already on its way tell that it is stale.
type timer struct {
	when time.Time
	i    int // index in the heap, -1 when not pending
	gen  uint64
	fire func(gen uint64)
}

func newTimer(fire func(gen uint64)) timer { return timer{i: -1, fire: fire} }

type firing struct {
	t   *timer
	gen uint64
}

// schedule (re)sets t to fire at when.
func (w *World) schedule(t *timer, when time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t.gen++
	if w.ended.Load() {
		return
	}
	t.when = when
	if t.i >= 0 {
		heap.Fix(&w.timers, t.i)
	} else {
		heap.Push(&w.timers, t)
	}
	if t.i == 0 {
		w.armLocked()
	}
}

// stop cancels t.
func (w *World) stop(t *timer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopLocked(t)
}

// stopLocked leaves the real timer armed when t was the earliest: it then
// fires early, finds nothing due and re-arms, which costs less than
// re-arming on every stop.
func (w *World) stopLocked(t *timer) {
	t.gen++
	if t.i >= 0 {
		heap.Remove(&w.timers, t.i)
	}
	if len(w.timers) == 0 && w.real != nil {
		w.real.Stop()
	}
}

// armLocked points the real timer at the earliest deadline.
func (w *World) armLocked() {
	if w.frozen || w.ended.Load() || len(w.timers) == 0 {
		return
	}
	d := w.timers[0].when.Sub(w.nowLocked())
	if w.real == nil {
		w.real = time.AfterFunc(d, w.run)
		return
	}
	w.real.Reset(d)
}

// run is the real timer's callback.
func (w *World) run() {
	w.fire.Lock()
	defer w.fire.Unlock()
	w.mu.Lock()
	if w.frozen || w.ended.Load() {
		w.mu.Unlock()
		return
	}
	w.popDueLocked(w.nowLocked())
	w.armLocked()
	w.mu.Unlock()
	w.runDue()
}

// popDueLocked moves the timers due at now to w.due, earliest first. The
// caller holds w.fire.
func (w *World) popDueLocked(now time.Time) {
	for len(w.timers) > 0 && !w.timers[0].when.After(now) {
		t := heap.Pop(&w.timers).(*timer)
		w.due = append(w.due, firing{t: t, gen: t.gen})
	}
}

// runDue fires w.due outside w.mu, since the callbacks take their owners'
// locks, which are held around schedule and stop. The caller holds w.fire.
func (w *World) runDue() {
	for i, f := range w.due {
		f.t.fire(f.gen)
		w.due[i] = firing{}
	}
	w.due = w.due[:0]
}

// timerHeap orders timers by deadline.
type timerHeap []*timer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].when.Before(h[j].when) }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].i = i
	h[j].i = j
}

func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.i = len(*h)
	*h = append(*h, t)
}

func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	t.i = -1
	*h = old[:n-1]
	return t
}
