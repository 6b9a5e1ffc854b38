package lifecycle

import (
	"reflect"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// TestAddCalls folds records in one or more batches: each record counts
// once, however many batches came before it.
func TestAddCalls(t *testing.T) {
	fresh := agent.Record{DNS: time.Millisecond, Connect: 2 * time.Millisecond, TLS: 3 * time.Millisecond, TTFB: 4 * time.Millisecond, NewConn: true, Handshake: true}
	resumed := fresh
	resumed.TLSResumed = true
	reused := agent.Record{TTFB: 4 * time.Millisecond, Reused: true}
	stale := agent.Record{Reused: true, Stale: true, Kind: agent.KindReset, Attempt: 1}
	retried := fresh
	retried.Attempt = 2
	for _, tc := range []struct {
		name    string
		batches [][]agent.Record
		want    Invocation
	}{
		{"none", nil, Invocation{}},
		{"one reused", [][]agent.Record{{reused}}, Invocation{TTFBMs: 4, Reused: true, Attempts: 1}},
		{"new then reused", [][]agent.Record{{fresh}, {reused}}, Invocation{DNSMs: 1, ConnectMs: 2, TLSMs: 3, TTFBMs: 8, NewConns: 1, TLSFull: 1, Attempts: 2}},
		{"reused twice", [][]agent.Record{{reused}, {reused}}, Invocation{TTFBMs: 8, Reused: true, Attempts: 2}},
		{"resumed in two batches", [][]agent.Record{{resumed}, {resumed, reused}}, Invocation{DNSMs: 2, ConnectMs: 4, TLSMs: 6, TTFBMs: 12, NewConns: 2, TLSResumes: 2, TLSResumed: true, Attempts: 3}},
		{"stale then retried", [][]agent.Record{{stale, retried}}, Invocation{DNSMs: 1, ConnectMs: 2, TLSMs: 3, TTFBMs: 4, NewConns: 1, TLSFull: 1, Attempts: 2, Retries: 1, StaleReuses: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var inv Invocation
			n := 0
			for _, b := range tc.batches {
				inv.addCalls(b)
				n += len(b)
			}
			if len(inv.Calls) != n {
				t.Fatalf("%d calls kept, want %d", len(inv.Calls), n)
			}
			inv.Calls = nil
			if !reflect.DeepEqual(inv, tc.want) {
				t.Fatalf("got %+v\nwant %+v", inv, tc.want)
			}
		})
	}
}
