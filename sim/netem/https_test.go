package netem_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

const (
	testRTT    = 20 * time.Millisecond
	serverTime = 5 * time.Millisecond
	testHost   = "redis.coldwire.test"
)

// phases of one HTTP request as httptrace saw them.
type phases struct {
	connect, tls, ttfb, total time.Duration
	reused, resumed           bool
	version                   uint16
}

func fetch(t *testing.T, c *http.Client, url string) phases {
	t.Helper()
	var p phases
	var connStart, tlsStart, wrote time.Time
	start := time.Now()
	trace := &httptrace.ClientTrace{
		GotConn:           func(i httptrace.GotConnInfo) { p.reused = i.Reused },
		ConnectStart:      func(string, string) { connStart = time.Now() },
		ConnectDone:       func(string, string, error) { p.connect = time.Since(connStart) },
		TLSHandshakeStart: func() { tlsStart = time.Now() },
		TLSHandshakeDone: func(s tls.ConnectionState, _ error) {
			p.tls = time.Since(tlsStart)
			p.resumed = s.DidResume
			p.version = s.Version
		},
		WroteRequest:         func(httptrace.WroteRequestInfo) { wrote = time.Now() },
		GotFirstResponseByte: func() { p.ttfb = time.Since(wrote); p.total = time.Since(start) },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return p
}

// serveHTTPS serves a handler that takes serverTime over TLS on a listener of
// link, until the test ends.
func serveHTTPS(t *testing.T, link *netem.Link, a *simtls.Authority, o simtls.ServerOptions) *netem.Listener {
	t.Helper()
	ln, err := link.Listen(testHost, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(serverTime)
		io.WriteString(w, "ok")
	})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := srv.Serve(tls.NewListener(ln, a.ServerConfig(o)))
		if !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return ln
}

// fastest returns the shortest of each phase of a and b.
func fastest(a, b phases) phases {
	a.connect, a.tls, a.ttfb, a.total = min(a.connect, b.connect), min(a.tls, b.tls), min(a.ttfb, b.ttfb), min(a.total, b.total)
	return a
}

// near checks a phase against its expectation: ±15% or ±3 ms, whichever is larger.
func near(t *testing.T, what string, got, trips, base time.Duration) {
	t.Helper()
	// The link must charge its round trips: nothing can beat them, so the
	// lower bound is strict (a millisecond for the clients' own rounding).
	// What the exchange costs without the link (base, measured at RTT 0)
	// only adds, and a busy machine stretches both measurements unevenly,
	// so the upper bound allows three quarters of a round trip more: a
	// link that charged one round trip too many still fails it.
	if got < trips-time.Millisecond || got > trips+base+testRTT*3/4 {
		t.Errorf("%s took %v, want %v of round trips + up to %v (+%v for a busy machine)", what, got, trips, base, testRTT*3/4)
	} else {
		t.Logf("%s took %v (%v of round trips + %v)", what, got, trips, base)
	}
}

// TestHTTPSRoundTrips checks that real crypto/tls and net/http over the link
// take the round trips their protocols make. The multiples of the RTT live
// only here, as expectations. Each case runs first at RTT 0, so that the
// expectation is n RTT plus what the same exchange costs without the link
// (the handshake's CPU time, the handler's serverTime): under -race the
// crypto alone takes several milliseconds.
func TestHTTPSRoundTrips(t *testing.T) {
	a, err := simtls.NewAuthority(testHost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		version   uint16
		keepAlive bool
		// TLS handshake round trips of the first and second request; the
		// second reuses the connection when keepAlive is set.
		tlsRTTs [2]int
	}{
		{"TLS 1.3 full, then kept alive", tls.VersionTLS13, true, [2]int{1, 0}},
		{"TLS 1.2 full, then kept alive", tls.VersionTLS12, true, [2]int{2, 0}},
		{"TLS 1.2 full, then resumed", tls.VersionTLS12, false, [2]int{2, 1}},
		{"TLS 1.3 full, then resumed", tls.VersionTLS13, false, [2]int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := func(rtt time.Duration) (first, second phases) {
				link, err := netem.NewLink(netem.Config{RTT: rtt, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				defer link.Close()
				ln := serveHTTPS(t, link, a, simtls.ServerOptions{MinVersion: tt.version, MaxVersion: tt.version, SessionTickets: true})
				defer ln.Close()
				tr := &http.Transport{
					DialContext:       link.Dialer(link.NewResolver()).DialContext,
					TLSClientConfig:   a.ClientConfig(simtls.ClientOptions{ServerName: testHost, SessionCacheSize: 100}),
					DisableKeepAlives: !tt.keepAlive,
				}
				defer tr.CloseIdleConnections()
				client := &http.Client{Transport: tr}
				url := "https://" + testHost + ":" + port(ln) + "/"
				first, second = fetch(t, client, url), fetch(t, client, url)
				if first.reused || first.resumed || first.version != tt.version {
					t.Fatalf("first request: reused %v resumed %v version %x", first.reused, first.resumed, first.version)
				}
				if second.reused != tt.keepAlive || second.resumed == tt.keepAlive {
					t.Fatalf("second request: reused %v resumed %v", second.reused, second.resumed)
				}
				return first, second
			}
			// Stalls of a loaded machine only ever add time, so the fastest
			// of a few runs is the fair measure of what the link adds.
			best := func(rtt time.Duration) (first, second phases) {
				first, second = run(rtt)
				for range 2 {
					f, s := run(rtt)
					first, second = fastest(first, f), fastest(second, s)
				}
				return first, second
			}
			base1, base2 := best(0)
			first, second := best(testRTT)
			rtts := func(n int) time.Duration { return time.Duration(n) * testRTT }
			near(t, "connect", first.connect, rtts(1), base1.connect)
			near(t, "full handshake", first.tls, rtts(tt.tlsRTTs[0]), base1.tls)
			near(t, "time to first byte", first.ttfb, rtts(1), base1.ttfb)
			if tt.keepAlive {
				near(t, "kept-alive request", second.total, rtts(1), base2.total)
			} else {
				near(t, "resumed handshake", second.tls, rtts(tt.tlsRTTs[1]), base2.tls)
			}
			if base1.ttfb < serverTime {
				t.Errorf("time to first byte at RTT 0 is %v, below the handler's %v", base1.ttfb, serverTime)
			}
		})
	}
}
