package scenario

import (
	"time"

	"go.yaml.in/yaml/v3"
)

// Middlebox is a NAT gateway or load balancer on the link that forgets a
// connection idle for IdleTimeout; 0 (the default) means none.
type Middlebox struct {
	IdleTimeout time.Duration
	// Action is what it does with the next packet of a forgotten
	// connection: ActionReset (the default) or ActionDrop.
	Action string
}

// Freeze says how a frozen container thaws.
type Freeze struct {
	// ClosesSeen is ClosesAfterInvocation (the default: the handler may
	// pick a socket whose close is pending) or ClosesBeforeInvocation.
	ClosesSeen string
	// Clock is ClockRuns (the default: a freeze counts toward timers) or
	// ClockStops.
	Clock string
}

// Retry is the function's retry policy. Policy is RetryNone (the default),
// RetryReusedSocket, RetryUpstash or RetryCustom, for which Attempts,
// Backoff and On say what to do.
type Retry struct {
	Policy   string
	Attempts int
	// Backoff is the wait between two attempts of a custom policy.
	Backoff time.Duration
	// On lists the error kinds a custom policy retries (default reset and
	// timeout).
	On []string
}

// The values of the failure fields.
const (
	ActionReset            = "rst"
	ActionDrop             = "drop"
	CloseFIN               = "fin"
	CloseRST               = "rst"
	ClosesAfterInvocation  = "after_invocation"
	ClosesBeforeInvocation = "before_invocation"
	ClockRuns              = "runs"
	ClockStops             = "stops"
	RetryNone              = "none"
	RetryReusedSocket      = "reused_socket"
	RetryUpstash           = "upstash"
	RetryCustom            = "custom"
)

// ErrorKinds are the kinds a custom retry policy may name.
var ErrorKinds = []string{"reset", "timeout", "refused", "tls", "http"}

// defaultRetryOn is what a custom policy retries when it names nothing.
var defaultRetryOn = []string{"reset", "timeout"}

var middleboxField = field{key: "middlebox", fields: []field{
	{key: "idle_timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		if setDuration(d, n, &s.Network.Middlebox.IdleTimeout) && s.Network.Middlebox.IdleTimeout == 0 {
			d.errorf(n, "must be positive; leave middlebox out for a link that forgets nothing")
		}
	}},
	{key: "action", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		setEnum(d, n, &s.Network.Middlebox.Action, ActionReset, ActionDrop)
	}},
}}

var idleCloseField = field{key: "idle_close", set: func(d *decoder, n *yaml.Node, s *Scenario) {
	setEnum(d, n, &s.Upstream.IdleClose, CloseFIN, CloseRST)
}}

var freezeField = field{key: "freeze", fields: []field{
	{key: "closes_seen", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		setEnum(d, n, &s.Platform.Freeze.ClosesSeen, ClosesAfterInvocation, ClosesBeforeInvocation)
	}},
	{key: "clock", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		setEnum(d, n, &s.Platform.Freeze.Clock, ClockRuns, ClockStops)
	}},
}}

var timeoutField = field{key: "timeout", set: func(d *decoder, n *yaml.Node, s *Scenario) {
	setDuration(d, n, &s.Function.Timeout)
}}

// retryField is a policy's name or a custom block.
var retryField = field{
	key: "retry",
	set: func(d *decoder, n *yaml.Node, s *Scenario) {
		var p string
		if setEnum(d, n, &p, RetryNone, RetryReusedSocket, RetryUpstash) {
			s.Function.Retry = Retry{Policy: p}
		}
	},
	fields: []field{
		{key: "attempts", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			custom(s)
			setInt(d, n, &s.Function.Retry.Attempts, 1, " (1 never retries)")
		}},
		{key: "backoff", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			custom(s)
			setDuration(d, n, &s.Function.Retry.Backoff)
		}},
		{key: "on", set: func(d *decoder, n *yaml.Node, s *Scenario) {
			custom(s)
			if on, ok := d.kinds(n); ok {
				s.Function.Retry.On = on
			}
		}},
	},
}

// custom turns the retry policy into a custom one, keeping what a custom
// block set before.
func custom(s *Scenario) {
	if s.Function.Retry.Policy != RetryCustom {
		s.Function.Retry = Retry{Policy: RetryCustom, Attempts: 1}
	}
}

// kinds reads a non-empty list of error kinds.
func (d *decoder) kinds(n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, "is %s, want a list of error kinds such as [reset, timeout]", show(n))
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for _, c := range n.Content {
		var k string
		if !setEnum(d, resolve(c), &k, ErrorKinds...) {
			ok = false
			continue
		}
		out = append(out, k)
	}
	return out, ok
}

// finishFailures fills what a custom retry policy left out.
func (s *Scenario) finishFailures() {
	if r := &s.Function.Retry; r.Policy == RetryCustom && len(r.On) == 0 {
		r.On = defaultRetryOn
	}
	switch m := &s.Network.Middlebox; {
	case m.IdleTimeout == 0:
		*m = Middlebox{}
	case m.Action == "":
		m.Action = ActionReset
	}
}
