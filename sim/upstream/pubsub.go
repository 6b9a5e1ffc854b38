package upstream

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// stream serves server-sent events: /subscribe/<channel>,
// /psubscribe/<pattern> and /monitor. Each event is one line,
// "data: <fields joined by commas>", as the SDK parses them:
//
//	data: subscribe,news,1
//	data: message,news,hello
//	data: pmessage,n*,news,hello
//
// The stream lasts until the client goes away or the server closes.
func (s *Server) stream(ctx context.Context, w http.ResponseWriter, path string) {
	if path == "/monitor" {
		s.monitorStream(ctx, w)
		return
	}
	kind, escaped, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	target, err := url.PathUnescape(escaped)
	if err != nil || target == "" {
		writeError(w, http.StatusBadRequest, "ERR "+kind+" needs a channel or pattern, as in /"+kind+"/news")
		return
	}
	q := &queueWriter{ready: make(chan struct{}, 1)}
	peer := s.db.peer(bufio.NewWriter(q))
	s.db.srv.Dispatch(peer, []string{strings.ToUpper(kind), target})
	peer.Flush()
	defer func() {
		// Dropping every subscription makes miniredis forget the peer and
		// stop the goroutines that deliver its messages.
		s.db.srv.Dispatch(peer, []string{"UNSUBSCRIBE"})
		s.db.srv.Dispatch(peer, []string{"PUNSUBSCRIBE"})
		s.db.release(peer)
	}()

	startEvents(w)
	rc := http.NewResponseController(w)
	var pending []byte
	for {
		pending = append(pending, q.take()...)
		for {
			rep, n, err := parseReply(pending)
			if err != nil {
				break
			}
			pending = pending[n:]
			if ev, ok := event(rep); ok {
				writeEvent(w, ev)
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-q.ready:
		}
	}
}

// event turns a pub/sub push (an array of bulk strings and integers) into
// the comma-joined form the SDK splits.
func event(r Reply) (string, bool) {
	if r.Kind != '*' || len(r.Elems) == 0 {
		return "", false
	}
	fields := make([]string, len(r.Elems))
	for i, e := range r.Elems {
		switch {
		case e.Null:
		case e.Kind == ':':
			fields[i] = fmt.Sprint(e.Int)
		default:
			fields[i] = e.Str
		}
	}
	return strings.Join(fields, ","), true
}

func (s *Server) monitorStream(ctx context.Context, w http.ResponseWriter) {
	lines, stop := s.db.watch()
	defer stop()
	startEvents(w)
	writeEvent(w, "OK")
	rc := http.NewResponseController(w)
	for {
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case l := <-lines:
			now := time.Now()
			writeEvent(w, fmt.Sprintf("%d.%06d %s", now.Unix(), now.Nanosecond()/1000, l))
		}
	}
}

func startEvents(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
}

// writeEvent splits a payload holding newlines over several data lines, as
// the event-stream format requires.
func writeEvent(w http.ResponseWriter, payload string) {
	var b strings.Builder
	for _, line := range strings.Split(payload, "\n") {
		b.WriteString("data: ")
		b.WriteString(strings.TrimSuffix(line, "\r"))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	w.Write([]byte(b.String()))
}

// queueWriter collects what miniredis writes for a subscribed peer without
// ever blocking it: PUBLISH delivers while holding the database lock, so a
// slow stream must not stall it.
type queueWriter struct {
	mu    sync.Mutex
	buf   []byte
	ready chan struct{}
}

func (q *queueWriter) Write(b []byte) (int, error) {
	q.mu.Lock()
	q.buf = append(q.buf, b...)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
	return len(b), nil
}

func (q *queueWriter) take() []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.buf
	q.buf = nil
	return b
}
