package upstream

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// format is how a response body is written.
type format struct {
	enc  encoding
	resp bool // Upstash-Response-Format: resp2, raw RESP2 bytes
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() { s.stats.request(sw.status) }()
	// HTTP/2 has no Keep-Alive header (RFC 9113, 8.2.2).
	if s.keepAliveHint != "" && r.ProtoMajor == 1 {
		w.Header().Set("Keep-Alive", s.keepAliveHint)
	}
	if !s.enter() {
		writeError(sw, http.StatusServiceUnavailable, "ERR server is shutting down")
		return
	}
	defer s.handlers.Done()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.ctx, cancel)()
	s.route(ctx, sw, r)
}

func (s *Server) route(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeError(w, http.StatusMethodNotAllowed, "ERR method "+r.Method+" not allowed: use GET or POST")
		return
	}
	acc, why := s.authorize(r)
	if acc == noAccess {
		writeError(w, http.StatusUnauthorized, why)
		return
	}
	f, err := responseFormat(r.Header)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	path := r.URL.EscapedPath()
	switch {
	case path == "/pipeline" || path == "/multi-exec":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeError(w, http.StatusMethodNotAllowed, "ERR "+path+" takes a POST with a JSON array of commands")
			return
		}
		body, ok := s.readBody(w, r)
		if !ok {
			return
		}
		if path == "/pipeline" {
			s.pipeline(ctx, w, f, acc, body)
		} else {
			s.multiExec(ctx, w, f, acc, body)
		}
	case strings.HasPrefix(path, "/subscribe/") || strings.HasPrefix(path, "/psubscribe/") || path == "/monitor":
		s.stream(ctx, w, path)
	default:
		body, ok := s.readBody(w, r)
		if !ok {
			return
		}
		s.command(ctx, w, r, f, acc, body)
	}
}

func responseFormat(h http.Header) (format, error) {
	var f format
	switch enc := strings.ToLower(h.Get("Upstash-Encoding")); enc {
	case "":
	case "base64":
		f.enc = base64JSON
	default:
		return f, badRequest("Upstash-Encoding %q not supported (want base64)", enc)
	}
	switch rf := strings.ToLower(h.Get("Upstash-Response-Format")); rf {
	case "", "json":
	case "resp2":
		f.resp = true
	default:
		return f, badRequest("Upstash-Response-Format %q not supported (want json or resp2)", rf)
	}
	if f.resp && f.enc == base64JSON {
		return f, badRequest("Upstash-Response-Format: resp2 cannot be combined with Upstash-Encoding: base64")
	}
	return f, nil
}

// readBody reads at most MaxBodyBytes; a larger body is refused with 413.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > s.cfg.MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, tooLarge(s.cfg.MaxBodyBytes))
		return nil, false
	}
	// A client trickling its body would hold a connection for ever; the
	// deadline is lifted once the body is in, so a blocking command's wait
	// is not cut short by the server's own read of the next request.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(s.clientDeadline())
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		// Closing spares net/http reading the rest of a body that may
		// never come.
		w.Header().Set("Connection", "close")
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, tooLarge(s.cfg.MaxBodyBytes))
		} else {
			writeError(w, http.StatusBadRequest, "ERR reading body: "+err.Error())
		}
		return nil, false
	}
	_ = rc.SetReadDeadline(time.Time{})
	return body, true
}

func tooLarge(limit int64) string {
	return "ERR request body larger than the limit of " + strconv.FormatInt(limit, 10) + " bytes"
}

// reply writes a successful exchange: JSON or raw RESP2, with the sync token
// the SDK echoes on its next request.
func (s *Server) reply(w http.ResponseWriter, f format, status int, jsonBody any, raw []byte) {
	w.Header().Set("upstash-sync-token", s.syncToken())
	if f.resp {
		w.Header().Set("Content-Type", "application/octet-stream")
		s.send(w, status, raw)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	s.send(w, status, marshal(jsonBody))
}

// writeError answers with {"error": msg}; errors are JSON whatever format
// was asked for, because they may come before the request is understood.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(marshal(map[string]string{"error": msg}))
}

// failed answers an error that is not the client's fault.
func failed(w http.ResponseWriter, ctx context.Context, err error) {
	if ctx.Err() != nil {
		// The client left or the server is closing: nobody reads this.
		writeError(w, http.StatusServiceUnavailable, "ERR request cancelled")
		return
	}
	writeError(w, http.StatusInternalServerError, "ERR "+err.Error())
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush for event streams.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func itoa(i int) string { return strconv.Itoa(i) }
