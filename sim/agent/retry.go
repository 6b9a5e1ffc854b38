package agent

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// Retry is how a client retries a failed request. The zero value never
// does, as Node's http module.
type Retry struct {
	// Attempts bounds the tries of one request, the first included; 0 and
	// 1 never retry.
	Attempts int
	// Backoff is the wait before the first retry; Exponential multiplies
	// it by e^n before retry n+1, as @upstash/redis does.
	Backoff     time.Duration
	Exponential bool
	// On lists the kinds of failure worth a retry.
	On []ErrorKind
	// ReusedOnly retries only requests that failed on a reused socket.
	ReusedOnly bool
}

// RetryReusedSocket is the idiom of Node's request.reusedSocket
// documentation: retry once, at once, a request that a reused socket failed
// with a reset.
func RetryReusedSocket() Retry {
	return Retry{Attempts: 2, On: []ErrorKind{KindReset}, ReusedOnly: true}
}

// RetryUpstash is @upstash/redis's default: 5 attempts, e^n x 50 ms apart,
// on any network error.
func RetryUpstash() Retry {
	return Retry{Attempts: 5, Backoff: 50 * time.Millisecond, Exponential: true,
		On: []ErrorKind{KindReset, KindTimeout, KindRefused, KindTLS}}
}

// Validate reports a policy that cannot run.
func (r Retry) Validate() error {
	switch {
	case r.Attempts < 0:
		return fmt.Errorf("agent: retry attempts %d is negative", r.Attempts)
	case r.Backoff < 0:
		return fmt.Errorf("agent: retry backoff %v is negative", r.Backoff)
	}
	for _, k := range r.On {
		if _, ok := ParseErrorKind(string(k)); !ok {
			return fmt.Errorf("agent: retry on %q: unknown kind", k)
		}
	}
	return nil
}

// again reports whether a request whose try n (from 1) ended in rec
// should be tried again.
func (r Retry) again(n int, rec Record) bool {
	if n >= r.Attempts || rec.Kind == "" || !slices.Contains(r.On, rec.Kind) {
		return false
	}
	return !r.ReusedOnly || rec.Reused
}

// wait sleeps before retry n (from 1) on the given clock, the world's, or
// until ctx ends.
func (r Retry) wait(ctx context.Context, n int, sleep func(context.Context, time.Duration) error) error {
	d := r.Backoff
	if r.Exponential {
		d = time.Duration(float64(d) * math.Exp(float64(n-1)))
	}
	if d <= 0 {
		return ctx.Err()
	}
	return sleep(ctx, d)
}
