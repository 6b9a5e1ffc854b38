package lifecycle_test

import (
	"crypto/tls"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/upstream"
)

// TestArticleScenarios runs the article's four functions over the real
// upstream at RTT 20 ms (TLS 1.2, so a resumed handshake is one round trip
// shorter than a full one) and checks what each invocation paid, from the
// agent's records and from the server's counters.
func TestArticleScenarios(t *testing.T) {
	const n = 6
	r := ms(rtt)
	for _, tc := range []struct {
		name      string
		keepAlive bool
		placement agent.Placement
		// per invocation after the first
		newConn, resumed bool
		// connections the server still holds after the run
		openAfter int
	}{
		{"keep-alive global", true, agent.Global, false, false, 1},
		{"keep-alive handler", true, agent.Handler, true, false, n},
		{"no keep-alive global", false, agent.Global, true, true, 0},
		{"no keep-alive handler", false, agent.Handler, true, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tls.VersionTLS12)
			opts := agent.DefaultOptions()
			opts.KeepAlive = tc.keepAlive
			p := e.platform(t, lifecycle.Function{Name: "fn", Agent: opts, Placement: tc.placement, IdleTimeout: time.Minute})
			invs := invokeN(t, p, "fn", n)

			first := invs[0]
			if !first.Cold || first.NewConns != 1 || first.TLSFull != 1 || first.DNSMs <= 0 {
				t.Fatalf("first invocation %+v: want cold, one new connection, a full handshake and a DNS lookup", first)
			}
			var redis, tlsMs, connect []float64
			conns, full, resumed := 0, 0, 0
			for i, inv := range invs {
				conns += inv.NewConns
				full += inv.TLSFull
				resumed += inv.TLSResumes
				if len(inv.Calls) != 1 || inv.Error != "" {
					t.Fatalf("invocation %d: %+v", i, inv)
				}
				if i == 0 {
					continue
				}
				if inv.Cold || inv.Container != first.Container {
					t.Fatalf("invocation %d ran cold or elsewhere: %+v", i, inv)
				}
				if (inv.NewConns == 1) != tc.newConn || inv.Reused == tc.newConn {
					t.Fatalf("invocation %d: new conns %d reused %v, want new connection %v", i, inv.NewConns, inv.Reused, tc.newConn)
				}
				if tc.newConn && (inv.TLSResumed != tc.resumed || inv.TLSFull+inv.TLSResumes != 1) {
					t.Fatalf("invocation %d: full %d resumed %d, want resumed=%v", i, inv.TLSFull, inv.TLSResumes, tc.resumed)
				}
				redis = append(redis, inv.RedisMs)
				tlsMs = append(tlsMs, inv.TLSMs)
				connect = append(connect, inv.ConnectMs)
			}
			// Round trips of a warm invocation: a reused connection costs the
			// request only; a new one adds TCP's, then TLS 1.2's two (full) or
			// one (resumed). A handshake also costs real crypto, so it is
			// checked in whole round trips: at least k, less than k+1. A busy
			// machine only ever adds time, so the fastest of the warm calls is
			// compared with the network's figures, and each call only with
			// the physical lower bound.
			k := 2.0
			if tc.resumed {
				k = 1
			}
			wantRedis := r + ms(serverTime)
			if tc.newConn {
				wantRedis += (1 + k) * r
				if got := slices.Min(connect); !near(got, r) {
					t.Errorf("fastest connect %.2f ms, want about %.0f", got, r)
				}
				if got := slices.Min(tlsMs); got < k*r || got >= (k+1)*r {
					t.Errorf("fastest TLS handshake %.2f ms, want %.0f round trips", got, k)
				}
			}
			for i, got := range redis {
				if got < wantRedis-1 {
					t.Errorf("warm invocation %d: Redis call %.2f ms, below the %.1f ms the network allows", i+1, got, wantRedis)
				}
			}
			switch got := slices.Min(redis); {
			case !tc.newConn && !near(got, wantRedis):
				t.Errorf("fastest Redis call %.2f ms, want about %.1f", got, wantRedis)
			case tc.newConn && got >= wantRedis+r:
				t.Errorf("fastest Redis call %.2f ms, want %.0f round trips plus server time", got, 2+k)
			}
			if t.Failed() {
				for i, inv := range invs {
					b, _ := json.Marshal(inv.Calls)
					t.Logf("invocation %d: redis %.2f ms, handler %.2f ms, calls %s", i, inv.RedisMs, inv.HandlerMs, b)
				}
			}
			t.Logf("first %.2f ms (dns %.2f connect %.2f tls %.2f); warm Redis min %.2f median %.2f ms, TLS median %.2f ms",
				first.RedisMs, first.DNSMs, first.ConnectMs, first.TLSMs, slices.Min(redis), median(redis), median(tlsMs))

			// Acceptance 3: the server counted what the agents recorded.
			st := e.waitStats(t, "the connections settle", func(s upstream.Stats) bool {
				return s.ConnsOpen == int64(tc.openAfter) && s.ConnsAccepted == int64(conns)
			})
			if st.TLSFull != int64(full) || st.TLSResumed != int64(resumed) {
				t.Fatalf("server handshakes full %d resumed %d, agent records %d and %d", st.TLSFull, st.TLSResumed, full, resumed)
			}
		})
	}
}
