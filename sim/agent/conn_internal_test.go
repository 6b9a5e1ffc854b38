package agent

import (
	"net"
	"testing"
)

// A free connection closed by the transport, which does so when its reader
// met the peer's FIN, RST or TLS close, is a close the process saw before
// it could reuse the socket. The agent's own closes are not: its
// free-socket timer's, and destroying the agent.
func TestIdleCloses(t *testing.T) {
	for _, tt := range []struct {
		name string
		// idle: the connection sits in the pool; expiring: the free-socket
		// timer closes it; destroyed: the agent is closed.
		idle, expiring, destroyed bool
		want                      int
	}{
		{"free, closed by the transport", true, false, false, 1},
		{"busy, closed by the transport", false, false, false, 0},
		{"free, closed by the free-socket timer", true, true, false, 0},
		{"free, closed with the agent", true, false, true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWorld()
			defer w.Close()
			a := &Agent{world: w, conns: make(map[*trackedConn]struct{}), closed: tt.destroyed}
			c, peer := net.Pipe()
			defer peer.Close()
			tc := newTrackedConn(a, c)
			a.conns[tc] = struct{}{}
			tc.idle, tc.expiring = tt.idle, tt.expiring
			tc.Close()
			tc.Close()
			if got := w.TakeIdleCloses(); got != tt.want {
				t.Errorf("%d closes seen, want %d", got, tt.want)
			}
			if got := w.TakeIdleCloses(); got != 0 {
				t.Errorf("%d closes seen after they were taken, want 0", got)
			}
		})
	}
}
