package upstream

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
// The stream lasts until the client goes away, the server closes, or the
// client falls behind by more than MaxBacklogBytes or takes longer than
// ReadHeaderTimeout over one write: a slow subscriber is disconnected
// rather than let the server's memory grow.
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
	rc := http.NewResponseController(w)
	q := newBacklog(s.cfg.MaxBacklogBytes, cut(rc))
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
	var pending []byte
	s.events(ctx, w, rc, q, path, func(b []byte) {
		pending = append(pending, b...)
		for {
			rep, n, err := parseReply(pending)
			if err != nil {
				return
			}
			pending = pending[n:]
			if ev, ok := event(rep); ok {
				writeEvent(w, ev)
			}
		}
	})
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
	rc := http.NewResponseController(w)
	q := newBacklog(s.cfg.MaxBacklogBytes, cut(rc))
	stop := s.db.watch(q)
	defer stop()
	startEvents(w)
	writeEvent(w, "OK")
	s.events(ctx, w, rc, q, "/monitor", func(b []byte) {
		for _, l := range strings.SplitAfter(string(b), "\n") {
			if l != "" {
				writeEvent(w, strings.TrimSuffix(l, "\n"))
			}
		}
	})
}

// events sends what reaches q, turned into events by emit, until the
// client goes away or falls behind. Each round gives the client
// ReadHeaderTimeout to take what is written; the deadline is set before q
// is read, so an overrun that comes later cuts it short and a write stuck
// on a client that stopped reading ends at once.
func (s *Server) events(ctx context.Context, w http.ResponseWriter, rc *http.ResponseController, q *backlog, path string, emit func([]byte)) {
	for {
		// Without a connection (Handler in a test) there is no deadline.
		_ = rc.SetWriteDeadline(s.clientDeadline())
		b, overrun := q.take()
		if overrun {
			s.log.Warn("upstream: event stream dropped: the client fell too far behind", "path", path, "max_backlog_bytes", s.cfg.MaxBacklogBytes)
			return
		}
		emit(b)
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

// cut ends the write in progress on rc's connection.
func cut(rc *http.ResponseController) func() {
	return func() { _ = rc.SetWriteDeadline(time.Now()) }
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
