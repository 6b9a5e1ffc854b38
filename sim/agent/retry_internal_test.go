package agent

import (
	"context"
	"math"
	"testing"
	"time"
)

// A policy retries only the kinds it names, up to its attempts, and a
// reused-socket policy only failures of reused sockets.
func TestRetryAgain(t *testing.T) {
	reset := Record{Kind: KindReset, Reused: true}
	fresh := Record{Kind: KindReset}
	timeout := Record{Kind: KindTimeout, Reused: true}
	for _, tt := range []struct {
		name  string
		r     Retry
		n     int
		rec   Record
		again bool
	}{
		{"none", Retry{}, 1, reset, false},
		{"reused socket, reset", RetryReusedSocket(), 1, reset, true},
		{"reused socket, only once", RetryReusedSocket(), 2, reset, false},
		{"reused socket, fresh socket", RetryReusedSocket(), 1, fresh, false},
		{"reused socket, timeout", RetryReusedSocket(), 1, timeout, false},
		{"upstash, timeout", RetryUpstash(), 4, timeout, true},
		{"upstash, fifth attempt", RetryUpstash(), 5, timeout, false},
		{"upstash, success", RetryUpstash(), 1, Record{Reused: true}, false},
		{"upstash, http", RetryUpstash(), 1, Record{Kind: KindHTTP}, false},
	} {
		if got := tt.r.again(tt.n, tt.rec); got != tt.again {
			t.Errorf("%s: again = %v, want %v", tt.name, got, tt.again)
		}
	}
}

// @upstash/redis waits e^n x 50 ms before retry n+1.
func TestRetryUpstashBackoff(t *testing.T) {
	r := RetryUpstash()
	var waited time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waited = d; return nil }
	if err := r.wait(t.Context(), 2, sleep); err != nil {
		t.Fatal(err)
	}
	if want := time.Duration(math.Round(math.E * 50e6)); waited < want-time.Microsecond || waited > want+time.Microsecond {
		t.Fatalf("second backoff %v, want e x 50 ms = %v", waited, want)
	}
}

func TestRetryValidate(t *testing.T) {
	for _, r := range []Retry{{Attempts: -1}, {Backoff: -time.Second}, {On: []ErrorKind{"teapot"}}} {
		if r.Validate() == nil {
			t.Errorf("%+v accepted", r)
		}
	}
}
