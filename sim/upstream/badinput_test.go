package upstream

import (
	"strings"
	"testing"
)

// Bad input gets a status and a JSON error saying what was wrong, and the
// server keeps serving.
func TestBadInputCatalogue(t *testing.T) {
	s, hs := newTestAPI(t, Config{ReadOnlyToken: testReadOnly})
	huge := `["SET","k","` + strings.Repeat("x", 10<<20) + `"]`
	tests := []exchange{
		{"malformed JSON", call{body: `["SET","k"`}, 400,
			`{"error":"ERR malformed JSON: a command must be a JSON array such as [\"SET\",\"key\",\"value\"]"}`},
		{"object where a command array belongs", call{body: `{"cmd":"GET"}`}, 400,
			`{"error":"ERR got an object: a command must be a JSON array such as [\"SET\",\"key\",\"value\"]"}`},
		{"object in a pipeline", call{path: "/pipeline", body: `[{"cmd":"GET"}]`}, 400,
			`{"error":"ERR command 1 is an object, want an array of strings, numbers and booleans"}`},
		{"empty command", call{body: `[]`}, 400, `{"error":"ERR empty command"}`},
		{"empty command in a pipeline", call{path: "/pipeline", body: `[["PING"],[]]`}, 400, `{"error":"ERR command 2: empty command"}`},
		{"empty body", call{}, 400,
			`{"error":"ERR empty body: a command must be a JSON array such as [\"SET\",\"key\",\"value\"]"}`},
		{"object argument", call{body: `["SET","k",{"v":1}]`}, 400,
			`{"error":"ERR argument 3 is an object, want a string, a number or a boolean"}`},
		{"null argument", call{body: `["SET",null,"v"]`}, 400, `{"error":"ERR argument 2 is null, want a string, a number or a boolean"}`},
		{"nested array argument", call{body: `["SET","k",["v"]]`}, 400, `{"error":"ERR argument 3 is an array, want a string, a number or a boolean"}`},
		{"unknown command", call{body: `["FROBNICATE","k"]`}, 400,
			"{\"error\":\"ERR unknown command `FROBNICATE`, with args beginning with: `k`, \"}"},
		{"10 MiB body", call{body: huge}, 413, `{"error":"ERR request body larger than the limit of 1048576 bytes"}`},
		{"missing token", call{body: `["GET","k"]`, header: map[string]string{"Authorization": ""}}, 401,
			`{"error":"Unauthorized: missing token (send Authorization: Bearer <token> or ?_token=<token>)"}`},
		{"wrong token", call{body: `["GET","k"]`, header: map[string]string{"Authorization": "Bearer wrong"}}, 401, `{"error":"Unauthorized: invalid token"}`},
		{"write with the read-only token", call{body: `["SET","k","v"]`, header: map[string]string{"Authorization": "Bearer " + testReadOnly}}, 400,
			`{"error":"NOPERM this token is read-only and has no permissions to run the 'set' command"}`},
		{"DELETE", call{method: "DELETE", path: "/k"}, 405, `{"error":"ERR method DELETE not allowed: use GET or POST"}`},
		{"no command in the path", call{method: "GET", path: "/"}, 400,
			`{"error":"ERR no command: POST a JSON array to / or name the command in the path, as in /get/key"}`},
		{"subscribe without a channel", call{path: "/subscribe/"}, 400, `{"error":"ERR subscribe needs a channel or pattern, as in /subscribe/news"}`},
	}
	for _, tt := range tests {
		runExchanges(t, hs, []exchange{tt})
		runExchanges(t, hs, []exchange{{"still serving after " + tt.name, call{body: `["PING"]`}, 200, `{"result":"PONG"}`}})
	}
	st := s.Stats()
	if st.ErrorsByStatus[400] != 13 || st.ErrorsByStatus[401] != 2 || st.ErrorsByStatus[405] != 1 || st.ErrorsByStatus[413] != 1 {
		t.Errorf("ErrorsByStatus %v, want 13×400, 2×401, 1×405, 1×413", st.ErrorsByStatus)
	}
	if st.Requests != int64(2*len(tests)) {
		t.Errorf("Requests %d, want %d", st.Requests, 2*len(tests))
	}
}

// The body limit is configurable and holds for the path form's body too.
func TestBodyLimit(t *testing.T) {
	_, hs := newTestAPI(t, Config{MaxBodyBytes: 32})
	runExchanges(t, hs, []exchange{
		{"under", call{body: `["SET","k","0123456789"]`}, 200, `{"result":"OK"}`},
		{"over", call{body: `["SET","k","0123456789012345678901234567"]`}, 413, `{"error":"ERR request body larger than the limit of 32 bytes"}`},
		{"over in the path form", call{path: "/set/k", body: strings.Repeat("x", 33)}, 413, `{"error":"ERR request body larger than the limit of 32 bytes"}`},
	})
}
