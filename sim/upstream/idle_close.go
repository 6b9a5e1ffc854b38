package upstream

import (
	"net"
	"net/http"
)

// How the server closes a connection, idle or not.
const (
	// IdleCloseFIN ends the stream: TLS close_notify, then a FIN.
	IdleCloseFIN = "fin"
	// IdleCloseRST aborts it with a RST, as a server with SO_LINGER 0 does:
	// the client loses what it had not read and sees ECONNRESET.
	IdleCloseRST = "rst"
)

// connState counts connections and, for IdleCloseRST, makes each one close
// abortively from the start.
func (s *Server) connState(c net.Conn, state http.ConnState) {
	s.stats.connState(c, state)
	if state == http.StateNew && s.cfg.IdleClose == IdleCloseRST {
		abortive(c)
	}
}

// abortive sets SO_LINGER 0 on the socket under c, a *net.TCPConn or a
// sim/netem connection.
func abortive(c net.Conn) {
	if u, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = u.NetConn()
	}
	if l, ok := c.(interface{ SetLinger(int) error }); ok {
		l.SetLinger(0)
	}
}
