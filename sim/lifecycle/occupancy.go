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

// enter starts an invocation in c, thawing it if it was frozen.
func (pl *pool) enter(c *container) {
	c.occ.mu.Lock()
	defer c.occ.mu.Unlock()
	c.occ.running++
	if c.occ.frozen {
		c.inst.thaw()
		c.occ.frozen = false
		pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Thawed})
	}
}

// leave ends an invocation in c, freezing it if it was the last one.
func (pl *pool) leave(c *container) {
	c.occ.mu.Lock()
	defer c.occ.mu.Unlock()
	c.occ.running--
	if c.occ.running == 0 {
		c.inst.freeze()
		c.occ.frozen = true
		pl.p.emit(Event{Time: time.Now(), Function: pl.fn.Name, Container: c.id, Kind: Frozen})
	}
}
