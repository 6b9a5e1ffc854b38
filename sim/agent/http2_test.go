package agent_test

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// The database of the HTTP/2 tests, behind a link with a large RTT so
// that round trips stand out of a busy machine's scheduling delays.
const (
	h2RTT        = 20 * time.Millisecond
	h2ServerTime = 2 * time.Millisecond
	h2Token      = "secret"
	h2Host       = "redis.coldwire.test"
)

// upstreamEnv is the Upstash-compatible server over an emulated link; it
// offers h2 and http/1.1, as Upstash's endpoints do.
type upstreamEnv struct {
	link *netem.Link
	up   *upstream.Server
	auth *simtls.Authority
	url  string
}

func newUpstreamEnv(t *testing.T, cfg upstream.Config) *upstreamEnv {
	t.Helper()
	auth, err := simtls.NewAuthority(h2Host)
	if err != nil {
		t.Fatal(err)
	}
	link, err := netem.NewLink(netem.Config{RTT: h2RTT, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { link.Close() })
	ln, err := link.Listen(h2Host, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Token = h2Token
	cfg.ServerTime = dist.Constant(h2ServerTime)
	up, err := upstream.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- up.Serve(ln, auth) }()
	t.Cleanup(func() {
		up.Close()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	return &upstreamEnv{link: link, up: up, auth: auth,
		url: fmt.Sprintf("https://%s:%d/", h2Host, ln.Addr().(*net.TCPAddr).Port)}
}

func (e *upstreamEnv) agentIn(t *testing.T, w *agent.World, o agent.Options) *agent.Agent {
	t.Helper()
	dial := e.link.Dialer(e.link.NewResolver()).DialContext
	a, err := w.NewAgent(o, dial, e.auth.ClientConfig(simtls.ClientOptions{ServerName: h2Host}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return a
}

func (e *upstreamEnv) ping(a *agent.Agent) (agent.Result, error) {
	req, err := http.NewRequest(http.MethodPost, e.url, strings.NewReader(`["PING"]`))
	if err != nil {
		return agent.Result{}, err
	}
	req.Header.Set("Authorization", "Bearer "+h2Token)
	res, err := a.Do(req)
	if err == nil && res.Status != http.StatusOK {
		err = fmt.Errorf("status %d: %s", res.Status, res.Body)
	}
	return res, err
}

// waitStats polls the server's counters: it learns of a close half an RTT
// after the client closes.
func (e *upstreamEnv) waitStats(t *testing.T, what string, ok func(upstream.Stats) bool) upstream.Stats {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		s := e.up.Stats()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never saw %s: %+v", what, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// burst sends n requests at once and returns their results in any order.
func (e *upstreamEnv) burst(t *testing.T, a *agent.Agent, n int) []agent.Result {
	t.Helper()
	results := make([]agent.Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = e.ping(a) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	return results
}

func goPreset(t *testing.T) agent.Options {
	t.Helper()
	p, ok := agent.LookupPreset("go")
	if !ok {
		t.Fatal("no go preset")
	}
	return p.Options
}

// Ten concurrent calls on a warm agent: the go preset sends them as ten
// streams of its one HTTP/2 connection, each answered about one RTT after
// it was sent, not one after the other; the same agent on HTTP/1.1 needs a
// connection per call in flight, each paying its handshake.
func TestHTTP2MultiplexesConcurrentCalls(t *testing.T) {
	h1 := goPreset(t)
	h1.HTTP2 = false
	for _, tc := range []struct {
		name      string
		opts      agent.Options
		proto     string
		wantConns int64
	}{
		{"go preset, http2", goPreset(t), "HTTP/2.0", 1},
		{"go preset, http2 off", h1, "HTTP/1.1", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newUpstreamEnv(t, upstream.Config{})
			a := e.agentIn(t, agent.NewWorld(agent.WithClientInit(10*time.Millisecond)), tc.opts)
			first, err := e.ping(a)
			if err != nil {
				t.Fatal(err)
			}
			if first.Proto != tc.proto || !first.Record.NewConn || first.Record.ClientInit < 10*time.Millisecond {
				t.Fatalf("first call %s %+v, want %s on a new connection paying the client init", first.Proto, first.Record, tc.proto)
			}
			for i, r := range e.burst(t, a, 10) {
				rec := r.Record
				if r.Proto != tc.proto || rec.HostDropped || rec.ClientInit != 0 {
					t.Errorf("call %d: %s %+v, want %s, no host drop, no client init", i, r.Proto, rec, tc.proto)
				}
				if rec.Total < h2RTT {
					t.Errorf("call %d took %v, less than the RTT %v", i, rec.Total, h2RTT)
				}
				if tc.wantConns == 1 && (!rec.Reused || rec.Handshake || rec.Total > 5*h2RTT) {
					// Ten calls one after another would take 10 RTT.
					t.Errorf("call %d: %+v, want a stream of the first connection answered in about 1 RTT", i, rec)
				}
			}
			if st := e.up.Stats(); st.ConnsAccepted != tc.wantConns || st.Requests != 11 {
				t.Fatalf("server %+v, want %d connections for 11 requests", st, tc.wantConns)
			}
			if st := a.Stats(); st.Dialed != tc.wantConns {
				t.Fatalf("agent %+v, want %d dialed", st, tc.wantConns)
			}
		})
	}
}

// A burst on a cold HTTP/2 agent dials for every call that finds no
// connection, since the protocol is known only after a handshake, as Go's
// transport does; it keeps one connection and closes the rest, so the calls
// that follow share it.
func TestHTTP2ColdBurstKeepsOneConnection(t *testing.T) {
	e := newUpstreamEnv(t, upstream.Config{})
	a := e.agentIn(t, agent.NewWorld(), goPreset(t))
	e.burst(t, a, 10)
	st := e.waitStats(t, "the surplus connections close", func(s upstream.Stats) bool { return s.ConnsOpen == 1 })
	if st.ConnsAccepted < 2 {
		t.Errorf("server %+v: a cold burst of 10 dialed one connection; Go's transport dials per waiting call", st)
	}
	if as := a.Stats(); as.Open != 1 || as.Dialed != st.ConnsAccepted {
		t.Fatalf("agent %+v, want 1 open of %d dialed", as, st.ConnsAccepted)
	}
	for i, r := range e.burst(t, a, 10) {
		if !r.Record.Reused {
			t.Errorf("second burst, call %d: %+v, want the kept connection", i, r.Record)
		}
	}
	if got := e.up.Stats().ConnsAccepted; got != st.ConnsAccepted {
		t.Fatalf("second burst dialed %d more connections", got-st.ConnsAccepted)
	}
}

// An HTTP/2 connection is idle once its last stream ends: its free-socket
// timer runs from there, stops while the world is frozen, and closes it
// after the thaw.
func TestHTTP2FreeSocketTimeoutFreezes(t *testing.T) {
	const timeout = 100 * time.Millisecond
	e := newUpstreamEnv(t, upstream.Config{})
	w := agent.NewWorld()
	o := goPreset(t)
	o.FreeSocketTimeout = timeout
	a := e.agentIn(t, w, o)
	if _, err := e.ping(a); err != nil {
		t.Fatal(err)
	}
	e.burst(t, a, 3)
	if st := a.Stats(); st.Open != 1 || st.Idle != 1 {
		t.Fatalf("after the calls: %+v, want one idle connection", st)
	}
	w.Freeze()
	time.Sleep(3 * timeout)
	if st := a.Stats(); st.Open != 1 || st.Expired != 0 {
		t.Fatalf("frozen for %v: %+v, want the idle connection kept", 3*timeout, st)
	}
	w.Thaw()
	e.waitStats(t, "the expired connection close", func(s upstream.Stats) bool { return s.ConnsClosed == 1 })
	if st := a.Stats(); st.Expired != 1 || st.Open != 0 {
		t.Fatalf("after thaw: %+v, want the connection expired", st)
	}
	r, err := e.ping(a)
	if err != nil {
		t.Fatal(err)
	}
	if r.Record.Reused || !r.Record.Handshake {
		t.Fatalf("after expiry: %+v, want a new connection", r.Record)
	}
}

// The world's read gate holds HTTP/2 frames as it holds HTTP/1.1 bytes:
// the server's GOAWAY and close of an idle connection reach a frozen
// function only when it thaws. When the thaw lets them through first, the
// next call dials anew; when the call comes first, it is sent on the dead
// connection and reset, the stale reuse of HTTP/1.1.
func TestHTTP2FrozenWorldHoldsServerClose(t *testing.T) {
	const idle = 100 * time.Millisecond
	for _, closes := range []agent.ClosesSeen{agent.BeforeInvocation, agent.AfterInvocation} {
		t.Run(string(closes), func(t *testing.T) {
			e := newUpstreamEnv(t, upstream.Config{IdleTimeout: idle})
			w := agent.NewWorld(agent.WithClosesSeen(closes))
			a := e.agentIn(t, w, goPreset(t))
			if _, err := e.ping(a); err != nil {
				t.Fatal(err)
			}
			w.Freeze()
			e.waitStats(t, "its idle timeout close the connection", func(s upstream.Stats) bool { return s.ConnsClosed == 1 })
			time.Sleep(2 * h2RTT)
			if st := a.Stats(); st.Open != 1 {
				t.Fatalf("frozen: %+v, want the closed connection still open to the function", st)
			}
			w.Thaw()
			r, err := e.ping(a)
			rec := r.Record
			switch closes {
			case agent.BeforeInvocation:
				if err != nil || rec.Reused || r.Proto != "HTTP/2.0" {
					t.Fatalf("after thaw: %v, %s %+v, want a new HTTP/2 connection", err, r.Proto, rec)
				}
			case agent.AfterInvocation:
				if err == nil || !rec.Reused || !rec.Stale || rec.Kind != agent.KindReset {
					t.Fatalf("after thaw: %v, %+v, want a stale reuse reset", err, rec)
				}
			}
		})
	}
}

// The server's max concurrent streams bound the multiplexing: with 5, ten
// calls in flight on a warm HTTP/2 agent do not all fit its connection,
// and Go's transport dials for the ones left over rather than queue them.
func TestHTTP2ServerStreamLimit(t *testing.T) {
	for _, tc := range []struct {
		streams int
		more    bool
	}{
		{0, false},
		{5, true},
	} {
		t.Run(fmt.Sprintf("max_concurrent_streams=%d", tc.streams), func(t *testing.T) {
			e := newUpstreamEnv(t, upstream.Config{MaxConcurrentStreams: tc.streams})
			a := e.agentIn(t, agent.NewWorld(), goPreset(t))
			if _, err := e.ping(a); err != nil {
				t.Fatal(err)
			}
			e.burst(t, a, 10)
			if st := e.up.Stats(); (st.ConnsAccepted > 1) != tc.more {
				t.Fatalf("server %+v: more than one connection %v, want %v", st, st.ConnsAccepted > 1, tc.more)
			}
		})
	}
}
