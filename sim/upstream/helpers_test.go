package upstream

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const testToken, testReadOnly = "secret", "reader"

// newTestAPI serves the REST API over plain HTTP for raw protocol tests.
func newTestAPI(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		hs.Close()
	})
	return s, hs
}

type call struct {
	method, path, body string
	header             map[string]string // Authorization defaults to the full token; "" removes it
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (a answer) json(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(a.body), &v); err != nil {
		t.Fatalf("body %q is not JSON: %v", a.body, err)
	}
	return v
}

func send(t testing.TB, hs *httptest.Server, c call) answer {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, hs.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	for k, v := range c.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// exchange is one request and the exact response it must get.
type exchange struct {
	name       string
	call       call
	wantStatus int
	wantBody   string
}

func runExchanges(t *testing.T, hs *httptest.Server, tests []exchange) {
	t.Helper()
	for _, tt := range tests {
		got := send(t, hs, tt.call)
		if got.status != tt.wantStatus || got.body != tt.wantBody {
			t.Errorf("%s: %s %s %s\n got %d %s\nwant %d %s", tt.name, tt.call.method, tt.call.path, tt.call.body,
				got.status, got.body, tt.wantStatus, tt.wantBody)
		}
	}
}
