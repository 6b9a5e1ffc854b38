package agent_test

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// Classify names a failure as a Node developer meets it: a RST from the
// peer is a reset, whatever layer reports it.
func ExampleClassify() {
	err := fmt.Errorf("agent: POST https://db/: %w", &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET})
	fmt.Println(agent.Classify(err))
	// Output: reset
}

// RetryUpstash is @upstash/redis's default policy; a client takes it with
// WithRetry, beside WithTimeout.
func ExampleRetryUpstash() {
	r := agent.RetryUpstash()
	fmt.Println(r.Attempts, r.Backoff, r.On)
	// Output: 5 50ms [reset timeout refused tls]
}

// StaleReuse tells a request that met a dead kept-alive socket from one
// that failed on a connection of its own: only a reused socket can have
// gone stale, and only a reset, or a timeout with no byte of answer, says
// it had.
func ExampleRecord_StaleReuse() {
	for _, r := range []agent.Record{
		{Reused: true, Kind: agent.KindReset},
		{Reused: true, Kind: agent.KindTimeout, TTFB: 0},
		{Reused: true, Kind: agent.KindTimeout, TTFB: 2 * time.Millisecond},
		{Reused: false, Kind: agent.KindReset},
	} {
		fmt.Println(r.StaleReuse())
	}
	// Output:
	// true
	// true
	// false
	// false
}
