package agent

import "fmt"

// ClosesSeen says whether a thawed process sees the socket events that
// arrived while it was frozen before or after the invocation that thawed
// it. Both happen in real runtimes: the invocation and the pending closes
// reach the event loop in the same poll, in either order.
type ClosesSeen string

const (
	// AfterInvocation lets the handler pick a socket whose close is still
	// pending, the stale reuse that ends in ECONNRESET ("socket hang up").
	AfterInvocation ClosesSeen = "after_invocation"
	// BeforeInvocation drops closed sockets before the handler runs.
	BeforeInvocation ClosesSeen = "before_invocation"
)

// ParseClosesSeen accepts "after_invocation" or "before_invocation".
func ParseClosesSeen(s string) (ClosesSeen, error) {
	switch c := ClosesSeen(s); c {
	case AfterInvocation, BeforeInvocation:
		return c, nil
	}
	return "", fmt.Errorf("agent: closes seen %q unknown (want %s or %s)", s, AfterInvocation, BeforeInvocation)
}

// WithClosesSeen sets when a thawed world sees what arrived while it was
// frozen (default AfterInvocation).
func WithClosesSeen(c ClosesSeen) WorldOption { return func(w *World) { w.closesSeen = c } }

// WithClockStopped makes the world's clock stop while it is frozen, so a
// freeze does not count toward its timers: a 1 s free-socket timeout
// survives a 5 s freeze. By default the clock runs, as CLOCK_MONOTONIC does
// on most hosts; reports disagree on what a frozen sandbox sees.
func WithClockStopped() WorldOption { return func(w *World) { w.clockStops = true } }
