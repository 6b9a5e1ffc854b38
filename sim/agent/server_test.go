package agent_test

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// testServer is an HTTPS server that counts what a real upstream would:
// connections opened and closed, full and resumed handshakes.
type testServer struct {
	*httptest.Server
	auth *simtls.Authority

	mu             sync.Mutex
	opened, closed int
	full, resumed  int
	bodies         []string
	paths          []string
	auths          []string
}

func newTestServer(t *testing.T, version uint16, h http.HandlerFunc) *testServer {
	t.Helper()
	auth, err := simtls.NewAuthority("redis.coldwire.test")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{auth: auth}
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			s.mu.Lock()
			s.bodies = append(s.bodies, string(b))
			s.paths = append(s.paths, r.URL.Path)
			s.auths = append(s.auths, r.Header.Get("Authorization"))
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/pipeline" {
				var cmds [][]string
				_ = json.Unmarshal(b, &cmds)
				out := make([]map[string]string, len(cmds))
				for i := range out {
					out[i] = map[string]string{"result": "OK"}
				}
				_ = json.NewEncoder(w).Encode(out)
				return
			}
			_, _ = io.WriteString(w, `{"result":"OK"}`)
		}
	}
	srv := httptest.NewUnstartedServer(h)
	cfg := auth.ServerConfig(simtls.ServerOptions{MinVersion: version, MaxVersion: version, SessionTickets: true})
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if cs.DidResume {
			s.resumed++
		} else {
			s.full++
		}
		return nil
	}
	srv.TLS = cfg
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch st {
		case http.StateNew:
			s.opened++
		case http.StateClosed, http.StateHijacked:
			s.closed++
		}
	}
	srv.StartTLS()
	s.Server = srv
	t.Cleanup(srv.Close)
	return s
}

type serverCounts struct{ opened, closed, full, resumed int }

func (s *testServer) counts() serverCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return serverCounts{s.opened, s.closed, s.full, s.resumed}
}

// waitCounts polls until the server saw want or the deadline passes; the
// server learns of a close only when its read loop notices it.
func (s *testServer) waitCounts(t *testing.T, want serverCounts) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := s.counts()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("server counts = %+v, want %+v", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *testServer) clientTLS() *tls.Config {
	return s.auth.ClientConfig(simtls.ClientOptions{ServerName: "redis.coldwire.test"})
}

func (s *testServer) newAgent(t *testing.T, o agent.Options) *agent.Agent {
	t.Helper()
	var d net.Dialer
	a, err := agent.New(o, d.DialContext, s.clientTLS())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// newAgentIn makes an agent in w, which the test's end closes.
func (s *testServer) newAgentIn(t *testing.T, w *agent.World, o agent.Options) *agent.Agent {
	t.Helper()
	var d net.Dialer
	a, err := w.NewAgent(o, d.DialContext, s.clientTLS())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return a
}

func (s *testServer) get(t *testing.T, a *agent.Agent) agent.Record {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Record
}
