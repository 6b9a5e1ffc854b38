package upstream

import (
	"bytes"
	"context"
	"net/http"
	"strings"
)

// pipeline serves POST /pipeline: the commands run in order on one session,
// not atomically, and the reply holds one {"result"} or {"error"} per
// command, with 200 even when some failed.
func (s *Server) pipeline(ctx context.Context, w http.ResponseWriter, f format, acc access, body []byte) {
	cmds, err := parseCommands(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := s.think(ctx, len(cmds)); err != nil {
		failed(w, ctx, err)
		return
	}
	sess := s.db.session()
	defer sess.close()
	out := make([]any, len(cmds))
	var raw bytes.Buffer
	for i, args := range cmds {
		rep, ok := s.permitted(acc, args)
		if ok {
			if rep, err = sess.do(ctx, args); err != nil {
				failed(w, ctx, err)
				return
			}
		}
		out[i] = f.enc.result(rep)
		raw.Write(rep.Raw)
	}
	s.reply(w, f, http.StatusOK, out, raw.Bytes())
}

// txControl are the commands /multi-exec issues itself.
var txControl = map[string]bool{"MULTI": true, "EXEC": true, "DISCARD": true, "WATCH": true, "UNWATCH": true}

// multiExec serves POST /multi-exec: the commands run atomically between
// MULTI and EXEC. A command Redis refuses while queueing discards the whole
// transaction, answered with 400 and {"error": ...}; errors raised while
// executing land in that command's entry of a 200 reply, as with EXEC.
func (s *Server) multiExec(ctx context.Context, w http.ResponseWriter, f format, acc access, body []byte) {
	cmds, err := parseCommands(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	for i, args := range cmds {
		if up := strings.ToUpper(args[0]); txControl[up] {
			writeError(w, http.StatusBadRequest, "ERR command "+itoa(i+1)+": "+up+" is not allowed inside /multi-exec, which wraps the commands in MULTI/EXEC itself")
			return
		}
	}
	if err := s.think(ctx, len(cmds)); err != nil {
		failed(w, ctx, err)
		return
	}
	sess := s.db.session()
	defer sess.close()
	if _, err := sess.do(ctx, []string{"MULTI"}); err != nil {
		failed(w, ctx, err)
		return
	}
	for i, args := range cmds {
		rep, ok := s.permitted(acc, args)
		if ok {
			if rep, err = sess.do(ctx, args); err != nil {
				failed(w, ctx, err)
				return
			}
		}
		if rep.Kind == '-' {
			if _, err := sess.do(ctx, []string{"DISCARD"}); err != nil {
				failed(w, ctx, err)
				return
			}
			s.reject(w, f, "EXECABORT Transaction discarded because command "+itoa(i+1)+" failed: "+rep.Str)
			return
		}
	}
	exec, err := sess.do(ctx, []string{"EXEC"})
	switch {
	case err != nil:
		failed(w, ctx, err)
	case exec.Kind == '-':
		s.reject(w, f, exec.Str)
	case exec.Null:
		s.reject(w, f, "EXECABORT Transaction discarded because a watched key changed")
	default:
		out := make([]any, len(exec.Elems))
		for i, el := range exec.Elems {
			out[i] = f.enc.result(el)
		}
		s.reply(w, f, http.StatusOK, out, exec.Raw)
	}
}

// reject answers a discarded transaction.
func (s *Server) reject(w http.ResponseWriter, f format, msg string) {
	s.reply(w, f, http.StatusBadRequest, map[string]string{"error": msg}, []byte("-"+msg+"\r\n"))
}
