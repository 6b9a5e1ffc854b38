package lifecycle_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// The network and database of the acceptance tests: a large RTT, so that
// round trips stand out of a noisy machine's scheduling delays.
const (
	rtt        = 20 * time.Millisecond
	serverTime = 2 * time.Millisecond
	dnsTime    = 5 * time.Millisecond
	token      = "secret"
)

// env is the emulated world: a link at RTT 20 ms and the Upstash-compatible
// server behind it.
type env struct {
	link    *netem.Link
	up      *upstream.Server
	backend lifecycle.Backend
	served  chan error
}

func newEnv(t *testing.T, tlsVersion uint16) *env {
	t.Helper()
	auth, err := simtls.NewAuthority("redis.coldwire.test")
	if err != nil {
		t.Fatal(err)
	}
	link, err := netem.NewLink(netem.Config{RTT: rtt, DNS: dnsTime, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := link.Listen("redis.coldwire.test", "127.0.0.1:0")
	if err != nil {
		link.Close()
		t.Fatal(err)
	}
	up, err := upstream.New(upstream.Config{
		Token:      token,
		ServerTime: dist.Constant(serverTime),
		TLS:        simtls.ServerOptions{MinVersion: tlsVersion, MaxVersion: tlsVersion, SessionTickets: true},
		Seed:       1,
	})
	if err != nil {
		link.Close()
		t.Fatal(err)
	}
	e := &env{link: link, up: up, served: make(chan error, 1)}
	go func() { e.served <- up.Serve(ln, auth) }()
	e.backend = emulated(fmt.Sprintf("https://redis.coldwire.test:%d", ln.Addr().(*net.TCPAddr).Port), token, link, auth)
	t.Cleanup(func() { e.close(t) })
	return e
}

func (e *env) close(t *testing.T) {
	t.Helper()
	if e.up == nil {
		return
	}
	if err := e.up.Close(); err != nil {
		t.Error(err)
	}
	if err := <-e.served; err != nil {
		t.Error(err)
	}
	if err := e.link.Close(); err != nil {
		t.Error(err)
	}
	e.up = nil
}

func (e *env) platform(t *testing.T, fns ...lifecycle.Function) *lifecycle.Platform {
	t.Helper()
	p, err := lifecycle.New(e.backend, fns)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p
}

// waitStats polls the upstream's counters until ok holds; the server learns
// of a close half an RTT after the client closes.
func (e *env) waitStats(t *testing.T, what string, ok func(upstream.Stats) bool) upstream.Stats {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		s := e.up.Stats()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("upstream never saw %s: %+v", what, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func invokeN(t *testing.T, p *lifecycle.Platform, name string, n int) []lifecycle.Invocation {
	t.Helper()
	invs := make([]lifecycle.Invocation, 0, n)
	for range n {
		inv, err := p.Invoke(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
	}
	return invs
}

// near reports whether got is within ±15% or ±3 ms of want, whichever is
// wider.
func near(got, want float64) bool {
	tol := max(0.15*want, 3)
	return got >= want-tol && got <= want+tol
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// emulated is a backend reached across link, trusting auth, as the
// experiment builds it.
func emulated(url, token string, link *netem.Link, auth *simtls.Authority) lifecycle.Backend {
	return lifecycle.Backend{
		URL:    url,
		Token:  token,
		Dialer: func() agent.DialFunc { return link.Dialer(link.NewResolver()).DialContext },
		TLS: func(name string) *tls.Config {
			return auth.ClientConfig(simtls.ClientOptions{ServerName: name})
		},
		Sleep: link.Sleep,
	}
}
