package netem

import (
	"sync/atomic"
	"time"
)

// handshakeStage charges an outside client the TCP handshake its kernel
// completed at once. Whatever the client sends before it has heard from the
// server, it would have sent that much later had the handshake taken its
// round trip, so those chunks leave shifted by the handshake's duration. Once
// the server has answered, the client's bytes react to delayed data and need
// no shift.
type handshakeStage struct {
	shift    time.Duration
	answered atomic.Bool
}

func (s *handshakeStage) apply(c *chunk) verdict {
	if !s.answered.Load() {
		c.at = c.at.Add(s.shift)
	}
	return deliver
}
