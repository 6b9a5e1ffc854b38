package upstream

import (
	"crypto/tls"
	"net"
	"net/http"
	"sync"
)

// Stats counts what the server saw since it started.
type Stats struct {
	ConnsAccepted, ConnsClosed, ConnsOpen int64
	// TLSFull and TLSResumed count completed handshakes by kind.
	TLSFull, TLSResumed int64
	Requests            int64
	// RequestsPerConn is the mean number of requests per accepted
	// connection (0 before the first connection).
	RequestsPerConn float64
	// ErrorsByStatus counts responses with a status of 400 or more.
	ErrorsByStatus map[int]int64
}

type counters struct {
	mu sync.Mutex
	s  Stats
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.ErrorsByStatus = make(map[int]int64, len(c.s.ErrorsByStatus))
	for k, v := range c.s.ErrorsByStatus {
		s.ErrorsByStatus[k] = v
	}
	if s.ConnsAccepted > 0 {
		s.RequestsPerConn = float64(s.Requests) / float64(s.ConnsAccepted)
	}
	return s
}

func (c *counters) connState(_ net.Conn, st http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch st {
	case http.StateNew:
		c.s.ConnsAccepted++
		c.s.ConnsOpen++
	case http.StateClosed, http.StateHijacked:
		c.s.ConnsClosed++
		c.s.ConnsOpen--
	}
}

// handshake runs for full and resumed handshakes alike, which is what makes
// it the place to tell them apart.
func (c *counters) handshake(cs tls.ConnectionState) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs.DidResume {
		c.s.TLSResumed++
	} else {
		c.s.TLSFull++
	}
	return nil
}

func (c *counters) request(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Requests++
	if status >= 400 {
		if c.s.ErrorsByStatus == nil {
			c.s.ErrorsByStatus = map[int]int64{}
		}
		c.s.ErrorsByStatus[status]++
	}
}
