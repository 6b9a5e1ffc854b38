package upstream

import (
	"testing"

	"github.com/coldwire/coldwire/sim/dist"
)

// A token arrives as "Authorization: Bearer <token>" or as ?_token=. The
// read-only token may run read-only commands only; a write gets Redis'
// NOPERM error like any failed command.
func TestAuth(t *testing.T) {
	_, hs := newTestAPI(t, Config{ReadOnlyToken: testReadOnly})
	noAuth := map[string]string{"Authorization": ""}
	reader := map[string]string{"Authorization": "Bearer " + testReadOnly}
	runExchanges(t, hs, []exchange{
		{"bearer", call{body: `["SET","k","v"]`}, 200, `{"result":"OK"}`},
		{"query token", call{method: "GET", path: "/get/k?_token=" + testToken, header: noAuth}, 200, `{"result":"v"}`},
		{"missing", call{body: `["GET","k"]`, header: noAuth}, 401,
			`{"error":"Unauthorized: missing token (send Authorization: Bearer <token> or ?_token=<token>)"}`},
		{"wrong", call{body: `["GET","k"]`, header: map[string]string{"Authorization": "Bearer nope"}}, 401, `{"error":"Unauthorized: invalid token"}`},
		{"wrong query token", call{method: "GET", path: "/get/k?_token=nope", header: noAuth}, 401, `{"error":"Unauthorized: invalid token"}`},
		{"not bearer", call{body: `["GET","k"]`, header: map[string]string{"Authorization": "Basic " + testToken}}, 401,
			`{"error":"Unauthorized: the Authorization header must be \"Bearer <token>\""}`},
		{"read-only token reads", call{body: `["GET","k"]`, header: reader}, 200, `{"result":"v"}`},
		{"", call{method: "GET", path: "/ttl/k?_token=" + testReadOnly, header: noAuth}, 200, `{"result":-1}`},
		{"read-only token cannot write", call{body: `["SET","k","w"]`, header: reader}, 400,
			`{"error":"NOPERM this token is read-only and has no permissions to run the 'set' command"}`},
		{"in a pipeline the write's entry fails", call{path: "/pipeline", body: `[["GET","k"],["DEL","k"]]`, header: reader}, 200,
			`[{"result":"v"},{"error":"NOPERM this token is read-only and has no permissions to run the 'del' command"}]`},
		{"in a transaction it discards all", call{path: "/multi-exec", body: `[["GET","k"],["DEL","k"]]`, header: reader}, 400,
			`{"error":"EXECABORT Transaction discarded because command 2 failed: NOPERM this token is read-only and has no permissions to run the 'del' command"}`},
		{"the value survived", call{body: `["GET","k"]`}, 200, `{"result":"v"}`},
	})
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{}},
		{"same tokens", Config{Token: "a", ReadOnlyToken: "a"}},
		{"negative body limit", Config{Token: "a", MaxBodyBytes: -1}},
		{"negative idle timeout", Config{Token: "a", IdleTimeout: -1}},
		{"bad distribution", Config{Token: "a", ServerTime: dist.Duration{Kind: "zipf"}}},
	}
	for _, tt := range tests {
		if s, err := New(tt.cfg); err == nil {
			s.Close()
			t.Errorf("%s: New succeeded, want an error", tt.name)
		}
	}
}
