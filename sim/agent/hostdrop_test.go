package agent_test

import (
	"context"
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// lateWriter stands for a machine that starves the transport's writer
// goroutine: each write returns only after a pause.
type lateWriter struct {
	net.Conn
	pause time.Duration
}

func (c lateWriter) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	time.Sleep(c.pause)
	return n, err
}

// net/http pools a kept-alive connection only once its writer goroutine has
// reported the request written, and waits 50 ms for that. A writer starved
// longer makes it drop a connection Node's agent would keep; the record says
// so, so the run can say the machine, not the model, cost a reconnection.
func TestHostDroppedConnection(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pause   time.Duration
		starved bool
	}{
		{"writer on time", 0, false},
		{"writer starved past 50ms", 120 * time.Millisecond, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tls.VersionTLS13, nil)
			var d net.Dialer
			dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
				c, err := d.DialContext(ctx, network, addr)
				if err != nil {
					return nil, err
				}
				return lateWriter{c, tc.pause}, nil
			}
			a, err := agent.New(agent.Options{KeepAlive: true}, dial, s.clientTLS())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(a.Close)
			first := s.get(t, a)
			s.get(t, a)
			if tc.starved && !first.HostDropped {
				t.Error("first request: HostDropped = false behind a writer starved past 50ms")
			}
			// Even on time, a busy machine may starve the writer: whatever
			// happened, the record must agree with the reconnection.
			want := int64(1)
			if first.HostDropped {
				want = 2
			}
			if st := a.Stats(); st.Dialed != want {
				t.Errorf("HostDropped = %v, and 2 requests dialed %d connections; want %d", first.HostDropped, st.Dialed, want)
			}
		})
	}
}

func TestNoHostDropWithoutKeepAlive(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	a := s.newAgent(t, agent.Options{KeepAlive: false})
	if rec := s.get(t, a); rec.HostDropped {
		t.Error("a request without keep-alive closes its connection by design; HostDropped = true")
	}
}
