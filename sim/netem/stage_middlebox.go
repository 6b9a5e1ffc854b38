package netem

import (
	"fmt"
	"sync"
	"time"
)

// Middlebox is a stateful box on the link, such as a NAT gateway or a load
// balancer, that forgets a connection after it has carried nothing for
// IdleTimeout. Neither end hears of it: the next packet of that connection,
// from either side, is answered with a RST (ActionReset, as a load balancer
// does) or black-holed (ActionDrop, as an AWS NAT gateway does after 350 s),
// and so is every later one. The box sits beside the server, so a RST it
// sends to the client arrives when the client's packet would have arrived
// at the server plus the way back: one round trip after the write.
type Middlebox struct {
	// IdleTimeout is how long a connection may carry nothing before the
	// box forgets it; 0 means no middlebox.
	IdleTimeout time.Duration
	// Action is what the box does with a packet of a forgotten connection.
	Action string
}

// The actions of a Middlebox.
const (
	ActionReset = "rst"
	ActionDrop  = "drop"
)

func (m Middlebox) validate() error {
	if m.IdleTimeout < 0 {
		return fmt.Errorf("middlebox idle timeout %v is negative", m.IdleTimeout)
	}
	if m.IdleTimeout == 0 {
		return nil
	}
	switch m.Action {
	case ActionReset, ActionDrop:
		return nil
	}
	return fmt.Errorf("middlebox action %q unknown (want %s or %s)", m.Action, ActionReset, ActionDrop)
}

// flow is the box's memory of one connection, shared by both directions.
type flow struct {
	mu        sync.Mutex
	last      time.Time
	forgotten bool
}

// middleboxStage is the box seen from one direction of a connection. It is
// the first stage of a path, so it sees each chunk at the instant it was
// sent.
type middleboxStage struct {
	flow   *flow
	idle   time.Duration
	action verdict
}

func newMiddleboxStages(m Middlebox) (up, down *middleboxStage) {
	f := &flow{}
	action := drop
	if m.Action == ActionReset {
		action = reset
	}
	return &middleboxStage{flow: f, idle: m.IdleTimeout, action: action},
		&middleboxStage{flow: f, idle: m.IdleTimeout, action: action}
}

func (s *middleboxStage) apply(c *chunk) verdict {
	if c.byStage {
		return deliver
	}
	f := s.flow
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.forgotten && !f.last.IsZero() && c.at.Sub(f.last) >= s.idle {
		f.forgotten = true
	}
	if f.forgotten {
		// A RST is never answered with another.
		if c.rst {
			return drop
		}
		return s.action
	}
	if c.at.After(f.last) {
		f.last = c.at
	}
	return deliver
}
