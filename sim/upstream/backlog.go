package upstream

import "sync"

// backlog holds what the database wrote for an event stream until the
// stream's client takes it. It never blocks the writer: PUBLISH delivers
// while holding the database lock, so a slow client must not stall it.
// Nor does it grow past max bytes: a client that far behind has lost
// events, so it is marked overrun and its stream ends, as Redis
// disconnects a subscriber past its output buffer limit.
type backlog struct {
	mu      sync.Mutex
	buf     []byte
	max     int
	overrun bool
	ready   chan struct{}
	cut     func() // ends the stream's write in progress, called on overrun
}

func newBacklog(max int64, cut func()) *backlog {
	return &backlog{max: int(max), ready: make(chan struct{}, 1), cut: cut}
}

func (q *backlog) Write(b []byte) (int, error) {
	q.mu.Lock()
	first := false
	if len(q.buf)+len(b) > q.max {
		first = !q.overrun
		q.overrun, q.buf = true, nil
	} else if !q.overrun {
		q.buf = append(q.buf, b...)
	}
	q.mu.Unlock()
	if first {
		q.cut()
	}
	select {
	case q.ready <- struct{}{}:
	default:
	}
	return len(b), nil
}

// take returns what is waiting and whether the client fell too far behind.
func (q *backlog) take() ([]byte, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.buf
	q.buf = nil
	return b, q.overrun
}
