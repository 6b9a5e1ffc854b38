package lifecycle

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// container is one instance of a function and its platform-side state.
type container struct {
	id      int
	created time.Time
	inst    *restarting
	occ     occupancy

	// ready is closed when the cold start ends; startErr is then set if it
	// failed. Invocations that joined a starting container wait on it.
	ready    chan struct{}
	startErr error

	// Guarded by pool.mu. used counts the invocations holding one of its
	// concurrency slots, waiting for its start included; a retiring
	// container takes no more. idleAt is when the idle container is due to be
	// reclaimed, for idleReason; zero while it is not idle. The timer is
	// made once and reset at every hand-off.
	idleAt     time.Time
	idleReason string
	idleTimer  *time.Timer
	used       int
	retiring   string
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
	idle    []*container // no invocation in it, most recently used last
	open    []*container // some invocations in it, room for more
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

// acquire gives the invocation a slot in a container: in one already
// serving with room to spare, else the most recently used idle one, else a
// new one, else it queues until a slot frees up. A container is only
// started once every live one is full.
func (pl *pool) acquire(ctx context.Context) (acquired, error) {
	arrived := time.Now()
	for {
		got, err := pl.try(ctx, arrived)
		if !errors.Is(err, errStartFailed) {
			return got, err
		}
		if ctx.Err() != nil {
			return acquired{}, ctx.Err()
		}
	}
}

// errStartFailed sends an invocation that joined a container whose cold
// start then failed back to look for another.
var errStartFailed = errors.New("lifecycle: joined container failed to start")

func (pl *pool) try(ctx context.Context, arrived time.Time) (acquired, error) {
	pl.mu.Lock()
	for c, reason, at := pl.overdueLocked(arrived); c != nil; c, reason, at = pl.overdueLocked(arrived) {
		// The platform reclaimed it when it was due, before this
		// invocation arrived: its event comes at once, ahead of any
		// container the invocation starts, so no figure counts both alive
		// together. Closing its process takes the host a while; that
		// happens off the invocation's path.
		pl.mu.Unlock()
		pl.emitReclaimed(c, reason, at)
		pl.p.bg.Go(c.inst.close)
		pl.mu.Lock()
	}
	if pl.closed {
		pl.mu.Unlock()
		return acquired{}, ErrClosed
	}
	if n := len(pl.open); n > 0 {
		c := pl.open[n-1]
		pl.takeLocked(c)
		pl.mu.Unlock()
		return pl.join(ctx, c, arrived)
	}
	if n := len(pl.idle); n > 0 {
		c := pl.idle[n-1]
		pl.idle = pl.idle[:n-1]
		pl.stopIdleLocked(c)
		pl.takeLocked(c)
		pl.mu.Unlock()
		return acquired{c: c}, nil
	}
	if pl.fn.MaxContainers == 0 || pl.count < pl.fn.MaxContainers {
		pl.count++
		c := pl.newContainerLocked()
		pl.mu.Unlock()
		return pl.start(ctx, c, 0)
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
			pl.mu.Lock()
			c = pl.newContainerLocked()
			pl.mu.Unlock()
			return pl.start(ctx, c, queued)
		}
		return pl.join(ctx, c, arrived)
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
				if c == nil {
					pl.handOff(nil)
				} else {
					pl.release(c)
				}
			}
		}
		return acquired{}, ctx.Err()
	}
}

// overdueLocked takes the most recently used idle container off the idle
// list if it was due to be reclaimed, at the time it returns, before the
// invocation arrived: its idle timer, a Go timer, can fire a millisecond
// late, and the platform it models would not have had the container to
// give. Only the top of the list can be handed out, so looking there keeps
// acquire's cost flat in the containers.
func (pl *pool) overdueLocked(arrived time.Time) (*container, string, time.Time) {
	n := len(pl.idle)
	if pl.closed || n == 0 {
		return nil, "", time.Time{}
	}
	c := pl.idle[n-1]
	due := c.idleAt
	if due.IsZero() || arrived.Before(due) {
		return nil, "", time.Time{}
	}
	reason := c.idleReason
	pl.idle = pl.idle[:n-1]
	pl.stopIdleLocked(c)
	pl.count--
	return c, reason, due
}

// newContainerLocked makes the container a granted start slot will hold,
// with the starting invocation's slot taken, so that others can join it
// while it starts.
func (pl *pool) newContainerLocked() *container {
	c := &container{ready: make(chan struct{})}
	pl.takeLocked(c)
	return c
}

// takeLocked takes one of c's slots; c leaves the open list when full.
func (pl *pool) takeLocked(c *container) {
	c.used++
	full := c.used >= pl.fn.concurrency()
	i := slices.Index(pl.open, c)
	switch {
	case full && i >= 0:
		pl.open = slices.Delete(pl.open, i, i+1)
	case !full && i < 0:
		pl.open = append(pl.open, c)
	}
}

// join waits for a container another invocation holds to be ready.
func (pl *pool) join(ctx context.Context, c *container, arrived time.Time) (acquired, error) {
	select {
	case <-c.ready:
	case <-ctx.Done():
		// The slot is given back once the start is over, whichever way.
		pl.p.bg.Add(1)
		go func() {
			defer pl.p.bg.Done()
			<-c.ready
			if c.startErr == nil {
				pl.release(c)
			}
		}()
		return acquired{}, ctx.Err()
	}
	if c.startErr != nil {
		return acquired{}, errStartFailed
	}
	return acquired{c: c, queued: time.Since(arrived)}, nil
}

// start runs a cold start of c in a slot the caller holds.
func (pl *pool) start(ctx context.Context, c *container, queued time.Duration) (acquired, error) {
	life := pl.p.create(pl.fn.Name)
	id, created := life.Container, life.Created
	c.id, c.created = id, created
	pl.p.emit(Event{Time: created, Function: pl.fn.Name, Container: id, Kind: Created})
	if d := pl.init.Next(); d > 0 {
		if err := pl.p.backend.sleep(ctx, d); err != nil {
			pl.failStart(c, err)
			return acquired{}, err
		}
	}
	inst, err := newRestarting(func() (instance, error) { return pl.p.load(&pl.fn, id) })
	if err != nil {
		pl.failStart(c, err)
		return acquired{}, err
	}
	c.inst = inst
	done := time.Now()
	pl.p.emit(Event{Time: done, Function: pl.fn.Name, Container: id, Kind: InitDone})
	close(c.ready)
	return acquired{c: c, cold: true, queued: queued, init: done.Sub(created)}, nil
}

// failStart gives up c: the invocations that joined it look for another
// container, and its start slot is passed on.
func (pl *pool) failStart(c *container, err error) {
	pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Reclaimed, Reason: ReasonInitFail})
	pl.mu.Lock()
	if i := slices.Index(pl.open, c); i >= 0 {
		pl.open = slices.Delete(pl.open, i, i+1)
	}
	c.used = 0
	pl.mu.Unlock()
	c.startErr = err
	close(c.ready)
	pl.handOff(nil)
}

// release gives back an invocation's slot in c, frozen or not. A queued
// invocation gets the slot first; a container left with no invocation goes
// idle, unless it is past its lifetime or the platform is closing, and
// then its start slot is passed on.
func (pl *pool) release(c *container) {
	pl.mu.Lock()
	switch {
	case pl.closed:
		c.retiring = ReasonShutdown
	case pl.fn.MaxLifetime > 0 && time.Since(c.created) >= pl.fn.MaxLifetime:
		c.retiring = ReasonLifetime
	}
	if c.retiring != "" {
		if i := slices.Index(pl.open, c); i >= 0 {
			pl.open = slices.Delete(pl.open, i, i+1)
		}
	}
	if c.retiring == "" && len(pl.waiters) > 0 {
		w := pl.waiters[0]
		pl.waiters[0] = nil
		pl.waiters = pl.waiters[1:]
		pl.mu.Unlock()
		w.ch <- c
		return
	}
	c.used--
	if c.retiring == "" && c.used > 0 {
		if !slices.Contains(pl.open, c) {
			pl.open = append(pl.open, c)
		}
		pl.mu.Unlock()
		return
	}
	if c.used > 0 {
		pl.mu.Unlock()
		return
	}
	if i := slices.Index(pl.open, c); i >= 0 {
		pl.open = slices.Delete(pl.open, i, i+1)
	}
	pl.mu.Unlock()
	pl.handOff(c)
}

// handOff returns a container with no invocation in it, or a slot (nil)
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
	case c.retiring != "":
		retire = c.retiring
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
		} else {
			pl.takeLocked(c)
		}
		w.ch <- c
	case c != nil:
		pl.idle = append(pl.idle, c)
		pl.armIdleLocked(c)
	}
	pl.mu.Unlock()
	if retire != "" {
		pl.reclaim(old, retire, time.Now())
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
	reason, due := c.idleReason, c.idleAt
	pl.idle = slices.Delete(pl.idle, i, i+1)
	pl.count--
	pl.p.bg.Add(1)
	pl.mu.Unlock()
	defer pl.p.bg.Done()
	pl.reclaim(c, reason, due)
}

// reclaim ends the container's process, reclaimed at: every socket it holds
// is closed. A container reclaimed when it was due says so at its due time,
// not when the host's late timer got round to it, so the platform figures
// (time alive, idle GB-seconds) are the model's.
func (pl *pool) reclaim(c *container, reason string, at time.Time) {
	c.inst.close()
	pl.emitReclaimed(c, reason, at)
}

func (pl *pool) emitReclaimed(c *container, reason string, at time.Time) {
	pl.p.emit(Event{Time: at, Function: pl.fn.Name, Container: c.id, Kind: Reclaimed, Reason: reason})
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
		pl.reclaim(c, ReasonShutdown, time.Now())
	}
}
