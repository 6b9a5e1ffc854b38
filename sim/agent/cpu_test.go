package agent_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// A process pays its client initialisation once, on the request that opens
// its first connection, stretched by its CPU share; later connections of
// the same process, from any agent, do not pay it again.
func TestClientInitOncePerProcess(t *testing.T) {
	for _, tc := range []struct {
		name  string
		share float64
		init  time.Duration
		want  time.Duration
	}{
		{"a full core", 1, 30 * time.Millisecond, 30 * time.Millisecond},
		{"half a core", 0.5, 30 * time.Millisecond, 60 * time.Millisecond},
		{"none", 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tls.VersionTLS13, nil)
			w := agent.NewWorld(agent.WithCPUShare(tc.share), agent.WithClientInit(tc.init))
			first := s.get(t, s.newAgentIn(t, w, agent.Options{}))
			second := s.get(t, s.newAgentIn(t, w, agent.Options{}))
			if first.ClientInit < tc.want || tc.want == 0 && first.ClientInit != 0 {
				t.Errorf("first connection's ClientInit %v, want at least %v", first.ClientInit, tc.want)
			}
			if second.ClientInit != 0 {
				t.Errorf("second connection's ClientInit %v, want 0: the process initialised already", second.ClientInit)
			}
			// The phase is its own, not part of connect or TLS.
			if first.Total < first.ClientInit+first.Connect+first.TLS {
				t.Errorf("phases overlap: total %v < client init %v + connect %v + TLS %v", first.Total, first.ClientInit, first.Connect, first.TLS)
			}
		})
	}
}

// A handshake's CPU takes 1/share times as long: before each flight the
// client writes, the agent waits 1/share - 1 times the time it spent since
// the last read, inside the TLS phase; at a full core it never waits.
func TestHandshakeCPUStretched(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	for _, tc := range []struct {
		share     float64
		wantWaits bool
	}{
		{1, false},
		{0.1, true},
	} {
		t.Run(fmt.Sprint(tc.share), func(t *testing.T) {
			var mu sync.Mutex
			var waits []time.Duration
			sleep := func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				time.Sleep(d)
				return nil
			}
			w := agent.NewWorld(agent.WithCPUShare(tc.share), agent.WithSleep(sleep))
			rec := s.get(t, s.newAgentIn(t, w, agent.Options{}))
			mu.Lock()
			defer mu.Unlock()
			var total time.Duration
			for _, d := range waits {
				total += d
			}
			switch {
			case !tc.wantWaits && len(waits) > 0:
				t.Errorf("at a full core the handshake waited %v", waits)
			case tc.wantWaits && len(waits) < 2:
				// TLS 1.3: the ClientHello and the client's Finished.
				t.Errorf("at a tenth of a core the handshake waited before %d flights, want at least 2", len(waits))
			case rec.TLS < total:
				t.Errorf("TLS phase %v is shorter than the %v of stretch it contains", rec.TLS, total)
			}
		})
	}
}

// Without a share below 1 the handshake goes straight over the dialed conn.
func TestNoStretchAtFullCore(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	var d net.Dialer
	a, err := agent.NewWorld().NewAgent(agent.Options{}, d.DialContext, s.clientTLS())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if rec := s.get(t, a); !rec.Handshake || rec.ClientInit != 0 {
		t.Errorf("record %+v: want a handshake and no client init", rec)
	}
}
