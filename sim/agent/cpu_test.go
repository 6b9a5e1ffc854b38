package agent_test

import (
	"crypto/tls"
	"net"
	"slices"
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

// A handshake's CPU takes 1/share times as long: at a tenth of a core the
// TLS phase grows by nine times the CPU the handshake took at full speed.
func TestHandshakeCPUStretched(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	median := func(share float64) time.Duration {
		var d []time.Duration
		for range 7 {
			w := agent.NewWorld(agent.WithCPUShare(share))
			d = append(d, s.get(t, s.newAgentIn(t, w, agent.Options{})).TLS)
		}
		slices.Sort(d)
		return d[len(d)/2]
	}
	full, tenth := median(1), median(0.1)
	if tenth < 3*full {
		t.Errorf("TLS phase at a tenth of a core %v, at a full core %v: want at least 3 times as long", tenth, full)
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
