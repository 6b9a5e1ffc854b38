package lifecycle_test

import (
	"context"
	"crypto/tls"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/upstream"
)

// TestReclaimClosesConnections checks that the end of a container closes
// every socket its agents still hold, the global one and abandoned ones.
func TestReclaimClosesConnections(t *testing.T) {
	for _, tc := range []struct {
		name      string
		placement agent.Placement
		open      int64
	}{
		{"global", agent.Global, 1},
		{"abandoned handler agents", agent.Handler, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tls.VersionTLS13)
			p := e.platform(t, lifecycle.Function{Name: "fn", Agent: agent.Options{KeepAlive: true}, Placement: tc.placement, IdleTimeout: 300 * time.Millisecond})
			invokeN(t, p, "fn", 3)
			if st := e.up.Stats(); st.ConnsOpen != tc.open || st.ConnsClosed != 0 {
				t.Fatalf("before reclaim: %+v, want %d open and none closed", st, tc.open)
			}
			st := e.waitStats(t, "the reclaim close every connection", func(s upstream.Stats) bool { return s.ConnsOpen == 0 })
			if st.ConnsClosed != tc.open {
				t.Fatalf("after reclaim: %+v, want %d closed", st, tc.open)
			}
			if lives := p.Lifetimes(); len(lives) != 1 || lives[0].Reclaimed.IsZero() || lives[0].Reason != lifecycle.ReasonIdle {
				t.Fatalf("lifetimes %+v, want one container reclaimed for the idle timeout", lives)
			}
		})
	}
}

// TestFreeSocketTimeoutWhileFrozen: a 50 ms free-socket timeout does not
// fire in a container frozen for 150 ms; the next invocation thaws it, finds
// the socket expired, closes it and opens a new one. Without freezing, the
// same agent closes the socket on time.
func TestFreeSocketTimeoutWhileFrozen(t *testing.T) {
	const timeout = 50 * time.Millisecond
	opts := agent.Options{KeepAlive: true, FreeSocketTimeout: timeout, MaxCachedSessions: 100}
	for _, placement := range []agent.Placement{agent.Global, agent.Handler} {
		t.Run("frozen "+string(placement), func(t *testing.T) {
			e := newEnv(t, tls.VersionTLS13)
			p := e.platform(t, lifecycle.Function{Name: "fn", Agent: opts, Placement: placement, IdleTimeout: time.Minute})
			invokeN(t, p, "fn", 1)
			time.Sleep(3 * timeout)
			if st := e.up.Stats(); st.ConnsOpen != 1 || st.ConnsClosed != 0 {
				t.Fatalf("frozen for %v: %+v, want the idle socket still open", 3*timeout, st)
			}
			second := invokeN(t, p, "fn", 1)[0]
			if second.Cold || second.Reused || second.NewConns != 1 {
				t.Fatalf("after thaw: %+v, want a warm container opening a new connection", second)
			}
			st := e.waitStats(t, "the expired socket close", func(s upstream.Stats) bool { return s.ConnsClosed == 1 })
			if st.ConnsAccepted != 2 || st.ConnsOpen != 1 {
				t.Fatalf("after thaw: %+v, want 2 accepted, 1 open", st)
			}
		})
	}
	t.Run("not frozen", func(t *testing.T) {
		e := newEnv(t, tls.VersionTLS13)
		dial := e.link.Dialer(e.link.NewResolver()).DialContext
		a, err := agent.New(opts, dial, e.backend.TLS("redis.coldwire.test"))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		c, err := agent.NewClient(a, e.backend.URL, token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Do(context.Background(), agent.Work{}); err != nil {
			t.Fatal(err)
		}
		idle := time.Now()
		e.waitStats(t, "the free-socket timeout close the socket", func(s upstream.Stats) bool { return s.ConnsClosed == 1 })
		if took := time.Since(idle); took < timeout || took > 5*timeout {
			t.Fatalf("socket closed %v after going idle, want about %v", took, timeout)
		}
		if st := a.Stats(); st.Expired != 1 {
			t.Fatalf("agent stats %+v, want 1 expired", st)
		}
	})
}

// TestScaleOut sends a burst of 10 invocations: without a limit each gets a
// container and a connection; with 3 the rest queue for the warm ones.
func TestScaleOut(t *testing.T) {
	for _, tc := range []struct {
		name           string
		max            int
		wantContainers int
	}{
		{"unbounded", 0, 10},
		{"max 3", 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tls.VersionTLS13)
			p := e.platform(t, lifecycle.Function{Name: "fn", Agent: agent.Options{KeepAlive: true}, MaxContainers: tc.max, IdleTimeout: time.Minute})
			invs := make([]lifecycle.Invocation, 10)
			var wg sync.WaitGroup
			for i := range invs {
				wg.Go(func() {
					inv, err := p.Invoke(context.Background(), "fn")
					if err != nil {
						t.Error(err)
					}
					invs[i] = inv
				})
			}
			wg.Wait()
			containers := map[int]bool{}
			queued, cold := 0, 0
			for _, inv := range invs {
				containers[inv.Container] = true
				if inv.QueuedMs > 0 {
					queued++
				}
				if inv.Cold {
					cold++
				}
			}
			if len(containers) != tc.wantContainers || cold != tc.wantContainers || queued != 10-tc.wantContainers {
				t.Fatalf("%d containers, %d cold, %d queued; want %d, %d, %d", len(containers), cold, queued, tc.wantContainers, tc.wantContainers, 10-tc.wantContainers)
			}
			if st := e.up.Stats(); st.ConnsAccepted != int64(tc.wantContainers) {
				t.Fatalf("upstream accepted %d connections, want one per container (%d)", st.ConnsAccepted, tc.wantContainers)
			}
		})
	}
}
