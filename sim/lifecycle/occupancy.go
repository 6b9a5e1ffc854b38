package lifecycle

import (
	"sync"
	"time"
)

// occupancy is what runs in one container: the invocations inside its
// handler. The container is thawed when the first enters and frozen when
// the last leaves, so its world never freezes under a running invocation.
type occupancy struct {
	mu      sync.Mutex
	running int
	frozen  bool
}

// enter starts invocation seq in c, thawing c if it was frozen, and
// returns when the invocation began.
func (pl *pool) enter(c *container, seq int64) time.Time {
	c.occ.mu.Lock()
	defer c.occ.mu.Unlock()
	c.occ.running++
	if c.occ.frozen {
		c.inst.thaw()
		c.occ.frozen = false
		pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Thawed})
	}
	// Under the lock, so that a container's events arrive in the order of
	// their times, and its invocations in flight can be counted from them.
	now := time.Now()
	pl.p.emit(Event{Time: now, Function: pl.fn.Name, Container: c.id, Kind: Invoked, Seq: seq})
	return now
}

// leave ends invocation seq in c, freezing c if it was the last one.
func (pl *pool) leave(c *container, seq int64) {
	c.occ.mu.Lock()
	defer c.occ.mu.Unlock()
	c.occ.running--
	pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Returned, Seq: seq})
	if c.occ.running == 0 {
		c.inst.freeze()
		c.occ.frozen = true
		pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Frozen})
	}
}
