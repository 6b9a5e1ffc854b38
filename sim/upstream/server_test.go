package upstream

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// serveTLS runs s over TLS on a loopback listener and returns its URL.
func serveTLS(t testing.TB, s *Server, a *simtls.Authority) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln, a) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "https://" + ln.Addr().String()
}

func newTLSServer(t testing.TB, cfg Config) (*Server, *simtls.Authority, string) {
	t.Helper()
	a, err := simtls.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, a, serveTLS(t, s, a)
}

func post(t testing.TB, c *http.Client, url, body string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A kept-alive client pays one handshake for many requests; a client that
// closes its connections pays one per request, and with a session cache the
// later ones are resumptions.
func TestStatsCountConnectionsAndHandshakes(t *testing.T) {
	tests := []struct {
		name                       string
		keepAlive                  bool
		cache                      int
		wantConns, wantFull, wantR int64
	}{
		{"keep-alive", true, 0, 1, 1, 0},
		{"new conn per request, no session cache", false, 0, 4, 4, 0},
		{"new conn per request, session cache", false, 10, 4, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a, url := newTLSServer(t, Config{TLS: simtls.ServerOptions{SessionTickets: true}})
			tr := &http.Transport{
				TLSClientConfig:   a.ClientConfig(simtls.ClientOptions{SessionCacheSize: tt.cache}),
				DisableKeepAlives: !tt.keepAlive,
			}
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr}
			for range 4 {
				if got := post(t, c, url, `["PING"]`); got != `{"result":"PONG"}` {
					t.Fatalf("reply %s", got)
				}
			}
			tr.CloseIdleConnections()
			st := waitStats(t, s, func(st Stats) bool { return st.ConnsOpen == 0 })
			if st.ConnsAccepted != tt.wantConns || st.ConnsClosed != tt.wantConns || st.TLSFull != tt.wantFull || st.TLSResumed != tt.wantR {
				t.Errorf("stats %+v, want %d conns, %d full and %d resumed handshakes", st, tt.wantConns, tt.wantFull, tt.wantR)
			}
			if want := 4 / float64(tt.wantConns); st.Requests != 4 || st.RequestsPerConn != want {
				t.Errorf("Requests %d, RequestsPerConn %v, want 4 and %v", st.Requests, st.RequestsPerConn, want)
			}
		})
	}
}

func waitStats(t testing.TB, s *Server, ok func(Stats) bool) Stats {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := s.Stats()
		if ok(st) || time.Now().After(deadline) {
			return st
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The server closes a kept-alive connection idle longer than IdleTimeout.
func TestIdleTimeoutClosesConnections(t *testing.T) {
	s, a, url := newTLSServer(t, Config{IdleTimeout: 100 * time.Millisecond})
	conn, err := tls.Dial("tcp", strings.TrimPrefix(url, "https://"), a.ClientConfig(simtls.ClientOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + testToken + "\r\nContent-Length: 8\r\n\r\n[\"PING\"]"
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("read on the idle conn: %v, want EOF", err)
	}
	if idle := time.Since(start); idle < 80*time.Millisecond || idle > 3*time.Second {
		t.Errorf("closed after %v idle, want about 100ms", idle)
	}
	if st := waitStats(t, s, func(st Stats) bool { return st.ConnsClosed == 1 }); st.ConnsClosed != 1 {
		t.Errorf("ConnsClosed %d, want 1", st.ConnsClosed)
	}
}

// The database's own time is paid per command, so a pipeline of three pays
// three samples.
func TestServerTimePerCommand(t *testing.T) {
	_, hs := newTestAPI(t, Config{ServerTime: dist.Constant(20 * time.Millisecond)})
	tests := []struct {
		path, body string
		commands   int
	}{
		{"/", `["PING"]`, 1},
		{"/pipeline", `[["PING"],["PING"],["PING"]]`, 3},
		{"/multi-exec", `[["PING"],["PING"],["PING"],["PING"]]`, 4},
	}
	for _, tt := range tests {
		start := time.Now()
		if a := send(t, hs, call{path: tt.path, body: tt.body}); a.status != 200 {
			t.Fatalf("%s: %d %s", tt.path, a.status, a.body)
		}
		took := time.Since(start)
		want := time.Duration(tt.commands) * 20 * time.Millisecond
		if took < want || took > want+500*time.Millisecond {
			t.Errorf("%s with %d commands took %v, want at least %v", tt.path, tt.commands, took, want)
		}
	}
}

// Keys expire in real time (expire_test.go covers TTLs in depth).
func TestExpiryInRealTime(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runExchanges(t, hs, []exchange{
		{"set with PX", call{body: `["SET","k","v","PX",150]`}, 200, `{"result":"OK"}`},
		{"there at once", call{body: `["GET","k"]`}, 200, `{"result":"v"}`},
		{"query parameters set options", call{path: "/set/q?EX=100", body: "v"}, 200, `{"result":"OK"}`},
	})
	if a := send(t, hs, call{body: `["TTL","q"]`}); a.body != `{"result":100}` && a.body != `{"result":99}` {
		t.Errorf("TTL after SET EX 100: %s", a.body)
	}
	time.Sleep(300 * time.Millisecond)
	runExchanges(t, hs, []exchange{{"gone later", call{body: `["GET","k"]`}, 200, `{"result":null}`}})
}

// Close ends a command blocked in the database and the request waiting for
// it, so no goroutine outlives the server.
func TestCloseEndsBlockedCommands(t *testing.T) {
	s, hs := newTestAPI(t, Config{})
	done := make(chan answer, 1)
	go func() { done <- send(t, hs, call{body: `["BLPOP","empty",0]`}) }()
	time.Sleep(100 * time.Millisecond)
	select {
	case a := <-done:
		t.Fatalf("BLPOP returned before anything was pushed: %d %s", a.status, a.body)
	default:
	}
	s.Close()
	select {
	case a := <-done:
		if a.status != http.StatusServiceUnavailable {
			t.Errorf("blocked request got %d %s, want 503", a.status, a.body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("BLPOP still blocked after Close")
	}
}

// A client that goes away frees its blocked command.
func TestClientCancelEndsBlockedCommand(t *testing.T) {
	s, hs := newTestAPI(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL, strings.NewReader(`["BLPOP","empty",0]`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if _, err := hs.Client().Do(req); err == nil {
		t.Fatal("BLPOP on an empty list answered")
	}
	// The server learns of the cancel when it sees the connection close,
	// which a busy machine may deliver after a push sent at once; as in
	// Redis, a BLPOP still blocked then takes the value. Wait until the
	// handler has ended, then check that it gave up without taking it.
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().Requests < 1 {
		if time.Now().After(deadline) {
			t.Fatal("the cancelled BLPOP's handler never returned")
		}
		time.Sleep(time.Millisecond)
	}
	// The abandoned BLPOP must not take the value pushed next.
	runExchanges(t, hs, []exchange{
		{"push", call{body: `["RPUSH","empty","x"]`}, 200, `{"result":1}`},
		{"still there", call{body: `["LRANGE","empty",0,-1]`}, 200, `{"result":["x"]}`},
	})
}

func TestServeAfterClose(t *testing.T) {
	s, err := New(Config{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	a, err := simtls.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(ln, a); err != ErrClosed {
		t.Errorf("Serve after Close: %v, want ErrClosed", err)
	}
}
