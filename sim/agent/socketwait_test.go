package agent_test

import (
	"crypto/tls"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// Only a request that starts with every socket the agent may open in use
// waits for one; the transport's own time before a connection is no wait.
func TestSocketWaitOnlyAtMaxSockets(t *testing.T) {
	for _, tc := range []struct {
		name       string
		maxSockets int
		wantWaits  bool
	}{
		{"unlimited sockets", 0, false},
		{"one socket for five requests", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Each answer takes 50 ms, so the five requests overlap
			// however the goroutines are scheduled.
			s := newTestServer(t, tls.VersionTLS13, func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(50 * time.Millisecond)
				_, _ = w.Write([]byte(`{"result":"OK"}`))
			})
			a := s.newAgent(t, agent.Options{KeepAlive: true, MaxSockets: tc.maxSockets})
			var mu sync.Mutex
			waited := 0
			var wg sync.WaitGroup
			for range 5 {
				wg.Go(func() {
					rec := s.get(t, a)
					mu.Lock()
					defer mu.Unlock()
					if rec.SocketWait > 0 {
						waited++
					}
				})
			}
			wg.Wait()
			if got := waited > 0; got != tc.wantWaits {
				t.Errorf("%d of 5 requests recorded a socket wait, want waits: %v", waited, tc.wantWaits)
			}
		})
	}
}
