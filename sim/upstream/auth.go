package upstream

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
)

// access is what a token allows.
type access int

const (
	noAccess access = iota
	readAccess
	fullAccess
)

// authorize reads the token from "Authorization: Bearer <token>" or, failing
// that, the _token query parameter, and returns what it allows with the
// message for a refusal.
func (s *Server) authorize(r *http.Request) (access, string) {
	tok, ok := "", false
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, rest, found := strings.Cut(h, " ")
		if !found || !strings.EqualFold(scheme, "Bearer") {
			return noAccess, "Unauthorized: the Authorization header must be \"Bearer <token>\""
		}
		tok, ok = strings.TrimSpace(rest), true
	} else if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && q.Has("_token") {
		tok, ok = q.Get("_token"), true
	}
	switch {
	case !ok || tok == "":
		return noAccess, "Unauthorized: missing token (send Authorization: Bearer <token> or ?_token=<token>)"
	case equal(tok, s.cfg.Token):
		return fullAccess, ""
	case s.cfg.ReadOnlyToken != "" && equal(tok, s.cfg.ReadOnlyToken):
		return readAccess, ""
	}
	return noAccess, "Unauthorized: invalid token"
}

// equal compares tokens in a time that tells nothing of either: their
// hashes are compared, as ConstantTimeCompare returns at once on different
// lengths and would tell the token's length.
func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// permitted answers a write attempted with the read-only token the way Redis
// ACLs do, as the command's own error.
func (s *Server) permitted(a access, args []string) (Reply, bool) {
	if a == fullAccess || s.db.readOnly(args[0]) {
		return Reply{}, true
	}
	msg := "NOPERM this token is read-only and has no permissions to run the '" + strings.ToLower(args[0]) + "' command"
	return Reply{Kind: '-', Str: msg, Raw: []byte("-" + msg + "\r\n")}, false
}
