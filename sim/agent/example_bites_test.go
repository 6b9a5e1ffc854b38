package agent_test

import (
	"fmt"
	"os"
	"syscall"

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
