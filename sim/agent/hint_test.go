package agent_test

import (
	"crypto/tls"
	"net/http"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// undici keeps an idle connection for the server's Keep-Alive hint less its
// threshold; an agent that does not honour hints keeps its own timeout.
func TestKeepAliveHint(t *testing.T) {
	hinted := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Keep-Alive", "timeout=1, max=100")
		_, _ = w.Write([]byte(`{"result":"OK"}`))
	}
	for _, tc := range []struct {
		name       string
		opts       agent.Options
		wantClosed bool
	}{
		{"honoured, less the threshold", agent.Options{KeepAlive: true, FreeSocketTimeout: time.Hour, HonorKeepAliveHint: true, HintThreshold: 700 * time.Millisecond}, true},
		{"ignored", agent.Options{KeepAlive: true, FreeSocketTimeout: time.Hour}, false},
		{"capped", agent.Options{KeepAlive: true, HonorKeepAliveHint: true, MaxHintTimeout: 200 * time.Millisecond}, true},
		{"no longer than the threshold", agent.Options{KeepAlive: true, FreeSocketTimeout: time.Hour, HonorKeepAliveHint: true, HintThreshold: 2 * time.Second}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tls.VersionTLS13, hinted)
			a := s.newAgent(t, tc.opts)
			s.get(t, a)
			// The hint is 1 s: every closing case is due well before 0.9 s.
			time.Sleep(900 * time.Millisecond)
			if closed := a.Stats().Open == 0; closed != tc.wantClosed {
				t.Errorf("after 0.9 s idle: closed %v, want %v (stats %+v)", closed, tc.wantClosed, a.Stats())
			}
		})
	}
}
