package agent_test

import (
	"crypto/tls"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// TestWorldForgetsAgentsWithoutSockets abandons agents in one world, as a
// handler that creates one per invocation does: the world keeps only those
// that still hold a socket, and closing it closes those sockets and ends
// every agent, remembered or not.
func TestWorldForgetsAgentsWithoutSockets(t *testing.T) {
	for _, tc := range []struct {
		name         string
		opts         agent.Options
		closeAtEnd   bool
		wantAgents   int
		wantTimers   int
		closedBefore int // connections closed before the world ends
	}{
		{"keep-alive", agent.Options{KeepAlive: true}, false, 20, 0, 0},
		{"keep-alive with a free-socket timeout", agent.Options{KeepAlive: true, FreeSocketTimeout: time.Hour}, false, 20, 20, 0},
		{"keep-alive closed at end", agent.Options{KeepAlive: true}, true, 0, 0, 20},
		{"no keep-alive", agent.Options{}, false, 0, 0, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 20
			s := newTestServer(t, tls.VersionTLS13, nil)
			w := agent.NewWorld()
			agents := make([]*agent.Agent, n)
			for i := range agents {
				agents[i] = s.newAgentIn(t, w, tc.opts)
				s.get(t, agents[i])
				if tc.closeAtEnd {
					agents[i].Close()
				}
			}
			s.waitCounts(t, serverCounts{opened: n, closed: tc.closedBefore, full: n})
			waitWorld(t, w, agent.WorldStats{Agents: tc.wantAgents, Timers: tc.wantTimers})

			w.Close()
			s.waitCounts(t, serverCounts{opened: n, closed: n, full: n})
			if st := w.Stats(); st.Agents != 0 || st.Timers != 0 {
				t.Fatalf("closed world %+v, want nothing left", st)
			}
			for i, a := range agents {
				req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
				if _, err := a.Do(req); !errors.Is(err, agent.ErrClosed) {
					t.Fatalf("agent %d after the world closed: %v, want ErrClosed", i, err)
				}
			}
		})
	}
}

// waitWorld polls until the world holds want: the transport closes a
// connection it does not keep alive after the response is read.
func waitWorld(t *testing.T, w *agent.World, want agent.WorldStats) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := w.Stats()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("world %+v, want %+v", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
