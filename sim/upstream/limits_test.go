package upstream

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Past MaxConns a connection is accepted and closed at once, so the client
// learns right away; a slot freed lets the next one in.
func TestMaxConns(t *testing.T) {
	s, a, url := newTLSServer(t, Config{MaxConns: 2})
	addr := strings.TrimPrefix(url, "https://")
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	waitOpen(t, s, 2)
	tc := &tls.Config{RootCAs: a.Pool(), ServerName: "localhost"}
	start := time.Now()
	if c, err := tls.Dial("tcp", addr, tc); err == nil {
		c.Close()
		t.Fatal("a third connection completed its handshake past MaxConns 2")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the refused client waited %v to learn", took)
	}
	held[0].Close()
	waitOpen(t, s, 1)
	c, err := tls.Dial("tcp", addr, tc)
	if err != nil {
		t.Fatalf("after a slot was freed: %v", err)
	}
	c.Close()
	held[1].Close()
}

func waitOpen(t *testing.T, s *Server, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().ConnsOpen != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections open, want %d", s.Stats().ConnsOpen, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A client that connects and says nothing is closed after ReadHeaderTimeout,
// handshake included; so is one that trickles a request body.
func TestReadHeaderTimeoutClosesSilentClients(t *testing.T) {
	_, a, url := newTLSServer(t, Config{ReadHeaderTimeout: 200 * time.Millisecond})
	addr := strings.TrimPrefix(url, "https://")

	silent, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	silent.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := silent.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("a silent connection read %v, want EOF once the server closed it", err)
	}

	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: a.Pool(), ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 100\r\n\r\n[", testToken)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	reply, err := io.ReadAll(c)
	if err != nil || !strings.Contains(string(reply), "400") {
		t.Errorf("a trickled body got %q, %v; want a 400 and the connection closed", reply, err)
	}
}

// A subscriber that does not read its events is disconnected: its
// subscription ends instead of its backlog growing.
func TestSlowSubscriberIsDisconnected(t *testing.T) {
	for _, path := range []string{"/subscribe/c", "/monitor"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			s, hs := newTestAPI(t, Config{MaxBacklogBytes: 64 << 10, ReadHeaderTimeout: 500 * time.Millisecond})
			slow := stalledStream(t, hs, path)
			defer slow.Close()
			payload := strings.Repeat("x", 8<<10)
			deadline := time.Now().Add(20 * time.Second)
			for {
				got := send(t, hs, call{body: `["PUBLISH","c","` + payload + `"]`})
				if got.status != http.StatusOK {
					t.Fatalf("PUBLISH: %d %s", got.status, got.body)
				}
				s.db.mu.Lock()
				monitors := len(s.db.monitors)
				s.db.mu.Unlock()
				if got.body == `{"result":0}` && monitors == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("the stalled %s stream is still served (last PUBLISH %s, %d monitors)", path, got.body, monitors)
				}
			}
		})
	}
}

// stalledStream opens an event stream and never reads from it.
func stalledStream(t *testing.T, hs *httptest.Server, path string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(hs.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", path, testToken)
	return c
}

func TestBacklog(t *testing.T) {
	cuts := 0
	q := newBacklog(10, func() { cuts++ })
	q.Write([]byte("12345"))
	q.Write([]byte("678"))
	if b, over := q.take(); string(b) != "12345678" || over {
		t.Errorf("take = %q, %v; want what was written, not overrun", b, over)
	}
	q.Write([]byte("1234567"))
	q.Write([]byte("abcd"))
	if b, over := q.take(); b != nil || !over {
		t.Errorf("take past the limit = %q, %v; want nothing and overrun", b, over)
	}
	q.Write([]byte("x"))
	if b, over := q.take(); b != nil || !over {
		t.Errorf("take after an overrun = %q, %v; want it to stay overrun", b, over)
	}
	if cuts != 1 {
		t.Errorf("the stream's write was cut %d times, want once, at the overrun", cuts)
	}
}

// A client that stops reading a large reply is disconnected once it has
// not taken a piece within ReadHeaderTimeout; one that reads gets it all.
func TestStalledReaderOfALargeReply(t *testing.T) {
	s, a, url := newTLSServer(t, Config{ReadHeaderTimeout: 300 * time.Millisecond})
	const size = 32 << 20
	tc := &tls.Config{RootCAs: a.Pool(), ServerName: "localhost"}
	tr := &http.Transport{TLSClientConfig: tc}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	if got := post(t, c, url, fmt.Sprintf(`["SETRANGE","k","%d","x"]`, size-1)); got != fmt.Sprintf(`{"result":%d}`, size) {
		t.Fatalf("SETRANGE: %s", got)
	}
	req, _ := http.NewRequest(http.MethodGet, url+"/get/k", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Upstash-Response-Format", "resp2")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := len(fmt.Sprintf("$%d\r\n\r\n", size)) + size; err != nil || len(b) != want {
		t.Fatalf("a reading client got %d bytes, %v; want %d", len(b), err, want)
	}
	tr.CloseIdleConnections()
	waitOpen(t, s, 0)

	stalled, err := tls.Dial("tcp", strings.TrimPrefix(url, "https://"), tc)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	fmt.Fprintf(stalled, "GET /get/k HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nUpstash-Response-Format: resp2\r\n\r\n", testToken)
	waitOpen(t, s, 0)
}
