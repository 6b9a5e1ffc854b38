package netem_test

import (
	"context"
	"io"
	"net"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/selfcheck"
)

// checkOrdered fails unless the quantiles are in order.
func checkOrdered(t *testing.T, s netem.LatenessStats) {
	t.Helper()
	if s.P50 < 0 || s.P50 > s.P99 || s.P99 > s.Max {
		t.Errorf("lateness %+v: want 0 <= p50 <= p99 <= max", s)
	}
}

// Every timed event of the link counts once, and nothing else does.
func TestLatenessCountsEveryTimedEvent(t *testing.T) {
	sched := netem.NewScheduler()
	defer sched.Close()
	link, err := netem.NewLink(netem.Config{RTT: 2 * time.Millisecond, DNS: time.Millisecond}, netem.WithScheduler(sched))
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	ln, err := link.Listen("db.test", "")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	// Held open to the end: closing sends end-of-stream flights.
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	dial := func(r *netem.Resolver, addr string) (client, server net.Conn) {
		c, err := link.Dialer(r).DialContext(context.Background(), "tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c, s)
		return c, s
	}
	ctx := context.Background()
	warm := link.NewResolver()
	steps := []struct {
		name   string
		do     func()
		events int64
	}{
		{"the link's sleep", func() { link.Sleep(ctx, time.Millisecond) }, 1},
		{"the scheduler's sleep is no link's", func() { sched.Sleep(ctx, time.Millisecond) }, 0},
		{"dial an IP: SYN and SYN-ACK", func() { dial(nil, "127.0.0.1:"+port) }, 2},
		{"dial a new name: DNS, SYN and SYN-ACK", func() { dial(warm, "db.test:"+port) }, 3},
		{"dial a cached name", func() { dial(warm, "db.test:"+port) }, 2},
		{"a write read at the far end", func() {
			c, s := dial(nil, "127.0.0.1:"+port)
			c.Write([]byte("ping"))
			io.ReadFull(s, make([]byte, 4))
		}, 2 + 1},
	}
	var want int64
	for _, st := range steps {
		st.do()
		want += st.events
		got := link.Lateness()
		if got.Count != want {
			t.Errorf("after %s: %d events, want %d", st.name, got.Count, want)
		}
		checkOrdered(t, got)
	}
}

// echo connects n clients through link to an echo server and has each make
// rounds round trips; it returns once they are done.
func echo(t *testing.T, link *netem.Link, n, rounds int) {
	t.Helper()
	ln, err := link.Listen("", "")
	if err != nil {
		t.Fatal(err)
	}
	var servers sync.WaitGroup
	defer servers.Wait()
	defer ln.Close()
	servers.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			servers.Go(func() {
				defer c.Close()
				io.Copy(c, c)
			})
		}
	})
	var clients sync.WaitGroup
	for range n {
		clients.Go(func() {
			c, err := link.Dialer(nil).DialContext(context.Background(), "tcp", ln.Addr().String())
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			buf := make([]byte, 8)
			for range rounds {
				if _, err := c.Write(buf); err != nil {
					t.Error(err)
					return
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	clients.Wait()
}

func TestLatenessUnderNormalLoad(t *testing.T) {
	link, err := netem.NewLink(netem.Config{RTT: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	echo(t, link, 10, 20)
	got := link.Lateness()
	t.Logf("lateness %+v", got)
	if got.Count == 0 {
		t.Error("no event counted")
	}
	checkOrdered(t, got)
}

// With every CPU taken by goroutines that never block, the scheduler waits
// for a turn on a CPU, and the lateness must show the run over its limits.
func TestLatenessShowsAnOverloadedMachine(t *testing.T) {
	const oneWay = 100 * time.Microsecond
	link, err := netem.NewLink(netem.Config{RTT: 2 * oneWay})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	stop := make(chan struct{})
	var burners sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		burners.Go(func() {
			x := 0
			for !isDone(stop) {
				for i := range 10000 {
					x += i
				}
			}
			runtime.KeepAlive(x)
		})
	}
	// Bounded in time whatever the load does to the echoes.
	timer := time.AfterFunc(500*time.Millisecond, func() { close(stop) })
	echo(t, link, 50, 20)
	if timer.Stop() {
		close(stop)
	}
	burners.Wait()

	got := link.Lateness()
	t.Logf("lateness %+v", got)
	if limit := selfcheck.Limit(oneWay, 1); got.P99 <= limit {
		t.Errorf("lateness p99 %v with every CPU busy, want over the %v limit", got.P99, limit)
	}
	checkOrdered(t, got)
}

func isDone(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
