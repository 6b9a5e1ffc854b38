package lifecycle_test

import (
	"context"
	"sync"
	"testing"

	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/upstream"
)

// Issue 12's acceptance: at concurrency 10, 50 invocations at once run in
// 5 containers; each container's global keep-alive agent, at max_sockets
// 2, opens at most 2 connections, and the calls beyond them queue for a
// socket, which their phases show.
func TestConcurrentInvocationsShareTheGlobalAgent(t *testing.T) {
	e := newEnv(t, 0)
	p := e.platform(t, keptAlive(func(fn *lifecycle.Function) {
		fn.Concurrency = 10
		fn.Agent.MaxSockets = 2
	}))
	invs := make([]lifecycle.Invocation, 50)
	var wg sync.WaitGroup
	for i := range invs {
		wg.Go(func() {
			inv, err := p.Invoke(context.Background(), "fn")
			if err != nil {
				t.Errorf("invocation: %v (%+v)", err, inv)
			}
			invs[i] = inv
		})
	}
	wg.Wait()

	conns, queued := map[int]int{}, map[int]int{}
	for _, inv := range invs {
		conns[inv.Container] += inv.NewConns
		// A call that starts with the container's 2 sockets in use waits at
		// least for another call's round trip. Of the 8 beyond the first
		// two, a busy machine may start one or two only after a call has
		// ended, when a socket is free: those rightly wait for none.
		if inv.SocketWaitMs >= ms(rtt) {
			queued[inv.Container]++
		}
	}
	if len(conns) != 5 {
		t.Fatalf("ran in %d containers, want 5: %v", len(conns), conns)
	}
	for c, n := range conns {
		if n > 2 {
			t.Errorf("container %d opened %d connections, want <= 2", c, n)
		}
		if queued[c] < 6 {
			t.Errorf("container %d: %d invocations queued >= %v for a socket, want >= 6 of the 8 beyond its sockets", c, queued[c], rtt)
		}
	}
	s := e.waitStats(t, "the requests", func(s upstream.Stats) bool { return s.Requests >= 50 })
	if s.ConnsAccepted > 10 {
		t.Errorf("the database accepted %d connections, want <= 10 (5 containers x 2)", s.ConnsAccepted)
	}
}
