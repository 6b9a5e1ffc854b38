package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ServeHTTP is the front door: /<function> invokes the function and answers
// with the Invocation as JSON (or hands it to WithRecords' function), its
// phases in Server-Timing and what the container did in X-Coldwire-*
// headers.
func (p *Platform) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	name := strings.TrimPrefix(r.URL.Path, "/")
	inv, err := p.Invoke(r.Context(), name)
	status := http.StatusOK
	switch {
	case err == nil:
	case errors.Is(err, ErrUnknownFunction):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return
	case errors.Is(err, ErrHandler):
		status = http.StatusBadGateway
	case errors.Is(err, ErrClosed), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable
	default:
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Server-Timing", inv.ServerTiming())
	h.Set("X-Coldwire-Function", inv.Function)
	h.Set("X-Coldwire-Seq", strconv.FormatInt(inv.Seq, 10))
	if inv.Container > 0 {
		start := "warm"
		if inv.Cold {
			start = "cold"
		}
		h.Set("X-Coldwire-Container", strconv.Itoa(inv.Container))
		h.Set("X-Coldwire-Start", start)
		h.Set("X-Coldwire-Reused", strconv.FormatBool(inv.Reused))
		h.Set("X-Coldwire-TLS-Resumed", strconv.FormatBool(inv.TLSResumed))
		h.Set("X-Coldwire-Attempts", strconv.Itoa(inv.Attempts))
		h.Set("X-Coldwire-Stale-Reuses", strconv.Itoa(inv.StaleReuses))
		h.Set("X-Coldwire-Closes-Seen", strconv.Itoa(inv.ClosesSeen))
	}
	if inv.ErrorKind != "" {
		h.Set("X-Coldwire-Error-Kind", string(inv.ErrorKind))
	}
	if p.records != nil {
		p.records(inv)
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, inv)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"lifecycle: encode answer"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
