package upstream

import (
	"net/http"
	"strconv"
	"time"
)

// sendChunk is the most of a response written under one deadline. A
// response this small fits in the connection's buffers, so a client that
// does not read cannot hold its writer.
const sendChunk = 64 << 10

// send answers with body. A larger body goes out in pieces, the client
// given ReadHeaderTimeout to take each: one that stops reading a large
// value would otherwise hold the value, its connection and a goroutine for
// ever. The deadline is lifted once all is written, so it cannot cut the
// connection's next response short.
func (s *Server) send(w http.ResponseWriter, status int, body []byte) {
	if len(body) <= sendChunk {
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	rc := http.NewResponseController(w)
	for len(body) > 0 {
		n := min(len(body), sendChunk)
		// Without a connection (Handler in a test) there is no deadline.
		_ = rc.SetWriteDeadline(s.clientDeadline())
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		body = body[n:]
	}
	if rc.Flush() == nil {
		_ = rc.SetWriteDeadline(time.Time{})
	}
}
