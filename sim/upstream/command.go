package upstream

import (
	"context"
	"net/http"
)

// command serves one command: POST / with a JSON array, or the path form
// (GET|POST /set/foo/bar). The reply is {"result": ...} with 200, or
// {"error": "..."} with 400 when Redis refuses the command.
func (s *Server) command(ctx context.Context, w http.ResponseWriter, r *http.Request, f format, acc access, body []byte) {
	var (
		args []string
		err  error
	)
	if r.URL.EscapedPath() == "/" && r.Method == http.MethodPost {
		args, err = parseCommand(body)
	} else {
		args, err = parsePath(r.URL.EscapedPath(), r.URL.RawQuery, body, r.Method == http.MethodPost && len(body) > 0)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := s.think(ctx, 1); err != nil {
		failed(w, ctx, err)
		return
	}
	rep, ok := s.permitted(acc, args)
	if ok {
		sess := s.db.session()
		defer sess.close()
		rep, err = sess.do(ctx, args)
		if err != nil {
			failed(w, ctx, err)
			return
		}
	}
	status := http.StatusOK
	if rep.Kind == '-' {
		status = http.StatusBadRequest
	}
	s.reply(w, f, status, f.enc.result(rep), rep.Raw)
}
