package lifecycle

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// container is one instance of a function and its platform-side state.
type container struct {
	id      int
	created time.Time
	inst    instance

	// Guarded by pool.mu. idleAt is when the idle container is due to be
	// reclaimed, for idleReason; zero while it is not idle. The timer is
	// made once and reset at every hand-off.
	idleAt     time.Time
	idleReason string
	idleTimer  *time.Timer
}

// waiter is a queued invocation. It receives a thawable container, or nil:
// a slot to start a new one. A closed channel means the platform closed.
type waiter struct{ ch chan *container }

// pool runs the containers of one function.
type pool struct {
	p    *Platform
	fn   Function
	init *dist.Sampler

	mu      sync.Mutex
	seq     int64
	idle    []*container // most recently used last
	count   int          // containers alive or starting, slots granted
	waiters []*waiter
	closed  bool
}

// acquired is a container ready to serve, and what it cost to get it.
type acquired struct {
	c      *container
	cold   bool
	queued time.Duration
	init   time.Duration
}

// acquire takes the most recently used idle container, or starts one, or
// queues until a container or a slot frees up.
func (pl *pool) acquire(ctx context.Context) (acquired, error) {
	arrived := time.Now()
	pl.mu.Lock()
	if pl.closed {
		pl.mu.Unlock()
		return acquired{}, ErrClosed
	}
	if n := len(pl.idle); n > 0 {
		c := pl.idle[n-1]
		pl.idle = pl.idle[:n-1]
		pl.stopIdleLocked(c)
		pl.mu.Unlock()
		return acquired{c: c}, nil
	}
	if pl.fn.MaxContainers == 0 || pl.count < pl.fn.MaxContainers {
		pl.count++
		pl.mu.Unlock()
		return pl.start(ctx, 0)
	}
	w := &waiter{ch: make(chan *container, 1)}
	pl.waiters = append(pl.waiters, w)
	pl.mu.Unlock()

	select {
	case c, ok := <-w.ch:
		if !ok {
			return acquired{}, ErrClosed
		}
		queued := time.Since(arrived)
		if c == nil {
			return pl.start(ctx, queued)
		}
		return acquired{c: c, queued: queued}, nil
	case <-ctx.Done():
		pl.mu.Lock()
		i := slices.Index(pl.waiters, w)
		if i >= 0 {
			pl.waiters = slices.Delete(pl.waiters, i, i+1)
		}
		pl.mu.Unlock()
		if i < 0 {
			// Granted while giving up: pass the grant on.
			if c, ok := <-w.ch; ok {
				pl.handOff(c)
			}
		}
		return acquired{}, ctx.Err()
	}
}

// start runs a cold start in a slot the caller holds.
func (pl *pool) start(ctx context.Context, queued time.Duration) (acquired, error) {
	life := pl.p.create(pl.fn.Name)
	id, created := life.Container, life.Created
	pl.p.emit(Event{Time: created, Function: pl.fn.Name, Container: id, Kind: Created})
	if d := pl.init.Next(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			pl.failStart(id)
			return acquired{}, ctx.Err()
		}
	}
	inst, err := pl.p.load(&pl.fn, id)
	if err != nil {
		pl.failStart(id)
		return acquired{}, err
	}
	done := time.Now()
	pl.p.emit(Event{Time: done, Function: pl.fn.Name, Container: id, Kind: InitDone})
	return acquired{c: &container{id: id, created: created, inst: inst}, cold: true, queued: queued, init: done.Sub(created)}, nil
}

func (pl *pool) failStart(id int) {
	pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: id, Kind: Reclaimed, Reason: ReasonInitFail})
	pl.handOff(nil)
}

// handOff returns a frozen container after an invocation, or a slot (nil)
// nobody used. A queued invocation gets it first; otherwise the container
// goes idle, unless it is past its lifetime or the platform is closing.
func (pl *pool) handOff(c *container) {
	var retire string
	pl.mu.Lock()
	switch {
	case c == nil:
		pl.count--
	case pl.closed:
		retire = ReasonShutdown
	case pl.fn.MaxLifetime > 0 && time.Since(c.created) >= pl.fn.MaxLifetime:
		retire = ReasonLifetime
	}
	old := c
	if retire != "" {
		pl.count--
		c = nil
	}
	switch {
	case len(pl.waiters) > 0:
		w := pl.waiters[0]
		pl.waiters[0] = nil
		pl.waiters = pl.waiters[1:]
		if c == nil {
			pl.count++
		}
		w.ch <- c
	case c != nil:
		pl.idle = append(pl.idle, c)
		pl.armIdleLocked(c)
	}
	pl.mu.Unlock()
	if retire != "" {
		pl.reclaim(old, retire)
	}
}

func (pl *pool) armIdleLocked(c *container) {
	wait, reason := pl.fn.IdleTimeout, ReasonIdle
	if pl.fn.MaxLifetime > 0 {
		left := pl.fn.MaxLifetime - time.Since(c.created)
		if wait == 0 || left < wait {
			wait, reason = left, ReasonLifetime
		}
	}
	if wait == 0 && reason == ReasonIdle {
		return
	}
	wait = max(wait, 0)
	c.idleAt, c.idleReason = time.Now().Add(wait), reason
	if c.idleTimer == nil {
		c.idleTimer = time.AfterFunc(wait, func() { pl.expire(c) })
		return
	}
	c.idleTimer.Reset(wait)
}

func (pl *pool) stopIdleLocked(c *container) {
	c.idleAt = time.Time{}
	if c.idleTimer != nil {
		c.idleTimer.Stop()
	}
}

// expire reclaims a container whose idle timer fired, unless it was taken
// in the meantime. A callback already on its way when the timer was reset
// finds the container not yet due and leaves it to the next one.
func (pl *pool) expire(c *container) {
	pl.mu.Lock()
	if pl.closed || c.idleAt.IsZero() || time.Now().Before(c.idleAt) {
		pl.mu.Unlock()
		return
	}
	i := slices.Index(pl.idle, c)
	if i < 0 {
		pl.mu.Unlock()
		return
	}
	reason := c.idleReason
	pl.idle = slices.Delete(pl.idle, i, i+1)
	pl.count--
	pl.p.bg.Add(1)
	pl.mu.Unlock()
	defer pl.p.bg.Done()
	pl.reclaim(c, reason)
}

// reclaim ends the container's process: every socket it holds is closed.
func (pl *pool) reclaim(c *container, reason string) {
	c.inst.close()
	pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Reclaimed, Reason: reason})
}

// shutdown stops the pool: queued invocations fail, idle containers are
// reclaimed, busy ones are reclaimed when their invocation ends.
func (pl *pool) shutdown() {
	pl.mu.Lock()
	pl.closed = true
	for _, w := range pl.waiters {
		close(w.ch)
	}
	pl.waiters = nil
	idle := pl.idle
	pl.idle = nil
	for _, c := range idle {
		pl.stopIdleLocked(c)
	}
	pl.count -= len(idle)
	pl.mu.Unlock()
	for _, c := range idle {
		pl.reclaim(c, ReasonShutdown)
	}
}
