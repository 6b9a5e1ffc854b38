package lifecycle_test

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
)

// TestWork runs a list of commands one after another and as a pipeline
// against the real upstream: one request per command, or one in all.
func TestWork(t *testing.T) {
	cmds := [][]string{{"SET", "k", "1"}, {"INCR", "k"}, {"GET", "k"}}
	for _, tc := range []struct {
		name      string
		work      agent.Work
		wantCalls int
	}{
		{"default", agent.Work{}, 1},
		{"sequential", agent.Work{Commands: cmds}, 3},
		{"pipeline", agent.Work{Commands: cmds, Pipeline: true}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tls.VersionTLS13)
			p := e.platform(t, lifecycle.Function{Name: "fn", Agent: agent.Options{KeepAlive: true}, Work: tc.work, IdleTimeout: time.Minute})
			inv := invokeN(t, p, "fn", 1)[0]
			if len(inv.Calls) != tc.wantCalls || inv.NewConns != 1 {
				t.Fatalf("%d calls, %d new connections; want %d calls on one connection", len(inv.Calls), inv.NewConns, tc.wantCalls)
			}
			if inv.RedisMs < float64(tc.wantCalls)*ms(rtt) {
				t.Fatalf("Redis %.2f ms for %d requests, less than one RTT each", inv.RedisMs, tc.wantCalls)
			}
			if st := e.up.Stats(); st.Requests != int64(tc.wantCalls) {
				t.Fatalf("upstream served %d requests, want %d", st.Requests, tc.wantCalls)
			}
		})
	}
}
