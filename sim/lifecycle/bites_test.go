package lifecycle_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// When keep-alive bites: the database or a middlebox closes a connection
// while the container that holds it is frozen, and what the next invocation
// sees depends on the agent's timers, the order a thaw sees things in, the
// client's timeout and its retries. Every test runs over the real upstream
// at RTT 20 ms.

// serverIdle is the database's idle timeout in these tests, and frozen a gap
// between invocations that outlasts it.
const (
	serverIdle = 100 * time.Millisecond
	frozen     = 300 * time.Millisecond
)

// newEnvWith is newEnv with a link and a server configured by the caller.
func newEnvWith(t *testing.T, link netem.Config, up upstream.Config) *env {
	t.Helper()
	auth, err := simtls.NewAuthority("redis.coldwire.test")
	if err != nil {
		t.Fatal(err)
	}
	link.RTT, link.DNS, link.Seed = rtt, dnsTime, 1
	l, err := netem.NewLink(link)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := l.Listen("redis.coldwire.test", "127.0.0.1:0")
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	up.Token, up.ServerTime, up.Seed = token, dist.Constant(serverTime), 1
	up.TLS = simtls.ServerOptions{SessionTickets: true}
	u, err := upstream.New(up)
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	e := &env{link: l, up: u, served: make(chan error, 1)}
	go func() { e.served <- u.Serve(ln, auth) }()
	e.backend = emulated(fmt.Sprintf("https://redis.coldwire.test:%d", ln.Addr().(*net.TCPAddr).Port), token, l, auth)
	t.Cleanup(func() { e.close(t) })
	return e
}

// keptAlive is the article's keep-alive function with a global agent.
func keptAlive(change func(*lifecycle.Function)) lifecycle.Function {
	opts := agent.DefaultOptions()
	opts.KeepAlive = true
	fn := lifecycle.Function{Name: "fn", Agent: opts, IdleTimeout: time.Minute}
	if change != nil {
		change(&fn)
	}
	return fn
}

// warmThenFrozen invokes fn once, lets its container stay frozen for gap,
// and invokes it again; it returns the second invocation and its error.
func warmThenFrozen(t *testing.T, p *lifecycle.Platform, gap time.Duration) (lifecycle.Invocation, error) {
	t.Helper()
	if first, err := p.Invoke(context.Background(), "fn"); err != nil {
		t.Fatalf("first invocation: %v (%+v)", err, first)
	}
	time.Sleep(gap)
	return p.Invoke(context.Background(), "fn")
}

// The database closes the kept-alive connection while the container is
// frozen. Seeing the close after the invocation, the handler reuses the
// socket, writes its request into it, and fails when the server's RST comes
// back a round trip later; seeing it before, the agent dials anew.
func TestStaleSocketAfterFreeze(t *testing.T) {
	t.Run("after_invocation", func(t *testing.T) {
		e := newEnvWith(t, netem.Config{}, upstream.Config{IdleTimeout: serverIdle})
		p := e.platform(t, keptAlive(nil))
		inv, err := warmThenFrozen(t, p, frozen)
		if err == nil || inv.ErrorKind != agent.KindReset {
			t.Fatalf("got %v, kind %q; want a reset", err, inv.ErrorKind)
		}
		call := inv.Calls[0]
		if !call.Reused || !call.Stale || inv.StaleReuses != 1 || inv.Attempts != 1 || inv.ClosesSeen != 0 {
			t.Fatalf("invocation %+v: want one stale reuse", inv)
		}
		if call.Total < rtt || call.Total > 10*rtt {
			t.Fatalf("reset after %v, want no earlier than one RTT (%v)", call.Total, rtt)
		}
		if got := e.link.Stats().Resets; got < 1 {
			t.Fatalf("link delivered %d RSTs, want the server's", got)
		}
	})
	t.Run("before_invocation", func(t *testing.T) {
		e := newEnvWith(t, netem.Config{}, upstream.Config{IdleTimeout: serverIdle})
		p := e.platform(t, keptAlive(func(fn *lifecycle.Function) { fn.ClosesSeen = agent.BeforeInvocation }))
		inv, err := warmThenFrozen(t, p, frozen)
		if err != nil || inv.Reused || inv.NewConns != 1 || inv.StaleReuses != 0 || inv.ClosesSeen != 1 {
			t.Fatalf("got %+v, %v; want the close seen, a new connection and success", inv, err)
		}
	})
}

// A free-socket timeout shorter than the server's idle timeout closes the
// socket on thaw, before the handler asks for one, because overdue timers
// run before I/O: ten frozen gaps, no error, a new connection each time.
func TestFreeSocketTimeoutProtects(t *testing.T) {
	e := newEnvWith(t, netem.Config{}, upstream.Config{IdleTimeout: 2 * serverIdle})
	p := e.platform(t, keptAlive(func(fn *lifecycle.Function) { fn.Agent.FreeSocketTimeout = serverIdle }))
	if _, err := p.Invoke(context.Background(), "fn"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		time.Sleep(frozen)
		inv, err := p.Invoke(context.Background(), "fn")
		if err != nil || inv.StaleReuses != 0 || inv.NewConns != 1 || inv.ClosesSeen != 0 {
			t.Fatalf("gap %d: %+v, %v; want no error and a new connection, the agent's own close no close seen", i, inv, err)
		}
	}
}

// A middlebox forgets the idle connection while the container is frozen.
// With drop the request vanishes and fails at the function's timeout; with
// rst it fails with a reset.
func TestMiddleboxAfterFreeze(t *testing.T) {
	const timeout = 150 * time.Millisecond
	for _, tt := range []struct {
		action string
		want   agent.ErrorKind
	}{
		{netem.ActionDrop, agent.KindTimeout},
		{netem.ActionReset, agent.KindReset},
	} {
		t.Run(tt.action, func(t *testing.T) {
			e := newEnvWith(t, netem.Config{Middlebox: netem.Middlebox{IdleTimeout: serverIdle, Action: tt.action}}, upstream.Config{})
			p := e.platform(t, keptAlive(func(fn *lifecycle.Function) { fn.Timeout = timeout }))
			inv, err := warmThenFrozen(t, p, frozen)
			if err == nil || inv.ErrorKind != tt.want || inv.StaleReuses != 1 {
				t.Fatalf("got %+v, %v; want a stale reuse failing with %s", inv, err, tt.want)
			}
			if took := inv.Calls[0].Total; tt.want == agent.KindTimeout && (took < timeout-5*time.Millisecond || took > timeout+5*time.Millisecond) {
				t.Fatalf("timed out after %v, want %v ± 5 ms", took, timeout)
			}
		})
	}
}

// A retry policy turns the stale reuse into a success on its second
// attempt, over a new connection.
func TestRetryRecoversStaleReuse(t *testing.T) {
	for _, tt := range []struct {
		name  string
		retry agent.Retry
	}{
		{"upstash", agent.RetryUpstash()},
		{"reused_socket", agent.RetryReusedSocket()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, netem.Config{}, upstream.Config{IdleTimeout: serverIdle})
			p := e.platform(t, keptAlive(func(fn *lifecycle.Function) { fn.Retry = tt.retry }))
			inv, err := warmThenFrozen(t, p, frozen)
			if err != nil || inv.Attempts != 2 || inv.Retries != 1 || inv.StaleReuses != 1 || inv.NewConns != 1 {
				t.Fatalf("got %+v, %v; want success on a second attempt over a new connection", inv, err)
			}
			if inv.Calls[0].Kind != agent.KindReset || inv.Calls[1].Kind != "" {
				t.Fatalf("attempts failed with %q then %q; want a reset then success", inv.Calls[0].Kind, inv.Calls[1].Kind)
			}
		})
	}
}

// With the clock stopped while frozen, a 1 s free-socket timeout survives a
// 5 s freeze and the next invocation reuses the socket; with the clock
// running it fires on thaw.
func TestFreezeClock(t *testing.T) {
	const (
		free = time.Second
		gap  = 5 * time.Second
	)
	for _, stops := range []bool{true, false} {
		t.Run(fmt.Sprintf("stops=%v", stops), func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, netem.Config{}, upstream.Config{})
			p := e.platform(t, keptAlive(func(fn *lifecycle.Function) {
				fn.Agent.FreeSocketTimeout = free
				fn.ClockStops = stops
			}))
			inv, err := warmThenFrozen(t, p, gap)
			if err != nil || inv.Reused != stops {
				t.Fatalf("got %+v, %v; want reused=%v", inv, err, stops)
			}
		})
	}
}

// None of the above leaves a goroutine (checked by TestMain) or a file
// descriptor behind.
func TestBitesLeaveNoDescriptors(t *testing.T) {
	before := openFDs(t)
	t.Run("stale", func(t *testing.T) {
		e := newEnvWith(t, netem.Config{Middlebox: netem.Middlebox{IdleTimeout: serverIdle, Action: netem.ActionDrop}},
			upstream.Config{IdleTimeout: serverIdle, IdleClose: upstream.IdleCloseRST})
		p := e.platform(t, keptAlive(func(fn *lifecycle.Function) { fn.Timeout = 100 * time.Millisecond; fn.Retry = agent.RetryUpstash() }))
		warmThenFrozen(t, p, frozen)
	})
	if after := openFDs(t); after > before {
		t.Errorf("%d file descriptors open after the run, %d before", after, before)
	}
}

// openFDs counts the process's file descriptors once finalizers have run.
func openFDs(t *testing.T) int {
	t.Helper()
	runtime.GC()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(entries)
}

// The front door tells a caller by hand what went wrong and how many
// attempts it took.
func TestFrontDoorNamesTheFailure(t *testing.T) {
	e := newEnvWith(t, netem.Config{}, upstream.Config{IdleTimeout: serverIdle})
	p := e.platform(t, keptAlive(nil))
	for i, want := range []struct{ kind, attempts, stale string }{{"", "1", "0"}, {"reset", "1", "1"}} {
		if i > 0 {
			time.Sleep(frozen)
		}
		res, err := http.Get(p.URL() + "/fn")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		if h.Get("X-Coldwire-Error-Kind") != want.kind || h.Get("X-Coldwire-Attempts") != want.attempts || h.Get("X-Coldwire-Stale-Reuses") != want.stale {
			t.Fatalf("call %d: headers %v, want kind %q, attempts %s, stale reuses %s", i, h, want.kind, want.attempts, want.stale)
		}
	}
}
