package netem_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/netem"
)

// pair returns both ends of one connection over a new link with cfg.
func pair(t *testing.T, cfg netem.Config) (link *netem.Link, client, server *netem.Conn) {
	t.Helper()
	link, err := netem.NewLink(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { link.Close() })
	ln, err := link.Listen("db.test", "")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			t.Error(err)
		}
		accepted <- c
	}()
	c, err := link.Dialer(nil).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := <-accepted
	ln.Close()
	return link, c.(*netem.Conn), s.(*netem.Conn)
}

// within reports whether got is want within tol, allowing a few more
// milliseconds late: the link never delivers early, but a busy 2-core box
// running other tests can wake the reader late.
func within(got, want, tol time.Duration) bool {
	return got >= want-tol && got <= want+tol+busyBoxSlack
}

const busyBoxSlack = 5 * time.Millisecond

func TestWritesArriveOneWayLaterAndPipeline(t *testing.T) {
	const rtt = 20 * time.Millisecond
	_, c, s := pair(t, netem.Config{RTT: rtt})
	start := time.Now()
	c.Write([]byte("a"))
	time.Sleep(2 * time.Millisecond)
	c.Write([]byte("b"))

	buf := make([]byte, 1)
	var at []time.Duration
	for range 2 {
		if _, err := io.ReadFull(s, buf); err != nil {
			t.Fatal(err)
		}
		at = append(at, time.Since(start))
	}
	if !within(at[0], rtt/2, 2*time.Millisecond) {
		t.Errorf("first write arrived after %v, want %v", at[0], rtt/2)
	}
	// Pipelined: the second write arrives its 2 ms later, not another one-way.
	if gap := at[1] - at[0]; !within(gap, 2*time.Millisecond, 1500*time.Microsecond) {
		t.Errorf("second write arrived %v after the first, want about 2ms", gap)
	}
}

func TestOrderUnderJitter(t *testing.T) {
	cfg := netem.Config{
		RTT:    2 * time.Millisecond,
		Jitter: dist.Duration{Kind: dist.Uniform, Spread: time.Millisecond},
		Spikes: dist.Spikes{Probability: 0.05, Size: dist.Constant(3 * time.Millisecond)},
		Seed:   9,
	}
	_, c, s := pair(t, cfg)
	const n = 500
	go func() {
		for i := range n {
			c.Write([]byte{byte(i)})
			if i%50 == 0 {
				time.Sleep(100 * time.Microsecond)
			}
		}
		c.Close()
	}()
	got, err := io.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("read %d bytes, want %d", len(got), n)
	}
	for i, b := range got {
		if b != byte(i) {
			t.Fatalf("byte %d is %d: reordered", i, b)
		}
	}
}

func TestCloseDeliversDataThenEOF(t *testing.T) {
	_, c, s := pair(t, netem.Config{RTT: 10 * time.Millisecond})
	payload := bytes.Repeat([]byte("x"), 200<<10)
	go func() {
		c.Write(payload)
		c.Close()
	}()
	got, err := io.ReadAll(s)
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("read %d bytes (%v), want %d then EOF", len(got), err, len(payload))
	}
	if _, err := c.Write([]byte("late")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write after close: %v, want net.ErrClosed", err)
	}
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("read after close: %v, want net.ErrClosed", err)
	}
	if err := c.Close(); err == nil {
		t.Error("second close succeeded")
	}
}

func TestDeadlines(t *testing.T) {
	_, c, s := pair(t, netem.Config{RTT: 10 * time.Millisecond})
	tests := []struct {
		name string
		set  func(time.Time) error
		op   func() error
	}{
		{"read", s.SetReadDeadline, func() error { _, err := s.Read(make([]byte, 1)); return err }},
		{"both", s.SetDeadline, func() error { _, err := s.Read(make([]byte, 1)); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			tt.set(start.Add(20 * time.Millisecond))
			err := tt.op()
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("got %v, want a timeout", err)
			}
			if d := time.Since(start); d < 20*time.Millisecond || d > 200*time.Millisecond {
				t.Errorf("timed out after %v, want 20ms", d)
			}
			tt.set(time.Time{})
		})
	}

	t.Run("extended while blocked", func(t *testing.T) {
		s.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		go func() {
			time.Sleep(2 * time.Millisecond)
			s.SetReadDeadline(time.Time{})
			c.Write([]byte("z"))
		}()
		if _, err := s.Read(make([]byte, 1)); err != nil {
			t.Fatalf("read after the deadline was lifted: %v", err)
		}
	})

	t.Run("past deadline fails at once, write too", func(t *testing.T) {
		c.SetWriteDeadline(time.Now().Add(-time.Second))
		if _, err := c.Write([]byte("x")); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("write: %v", err)
		}
		c.SetWriteDeadline(time.Time{})
		if _, err := c.Write([]byte("x")); err != nil {
			t.Errorf("write after clearing: %v", err)
		}
	})
}

func TestCounters(t *testing.T) {
	link, c, s := pair(t, netem.Config{RTT: 4 * time.Millisecond})
	buf := make([]byte, 64)
	// Two round trips: a request of two pipelined writes, a response, again.
	for range 2 {
		c.Write([]byte("GET "))
		c.Write([]byte("/x\n"))
		if _, err := io.ReadFull(s, buf[:7]); err != nil {
			t.Fatal(err)
		}
		s.Write([]byte("200 OK"))
		if _, err := io.ReadFull(c, buf[:6]); err != nil {
			t.Fatal(err)
		}
	}
	want := netem.ConnStats{BytesUp: 14, BytesDown: 12, FlightsUp: 2, FlightsDown: 2}
	if got := c.Stats(); got != want {
		t.Errorf("conn stats %+v, want %+v", got, want)
	}
	if s.Stats() != c.Stats() {
		t.Errorf("ends disagree: %+v vs %+v", s.Stats(), c.Stats())
	}
	c.Close()
	s.Close()
	got := link.Stats()
	if got.ConnsOpened != 1 || got.ConnsClosed != 1 || got.BytesUp != 14 || got.FlightsDown != 2 {
		t.Errorf("link stats %+v", got)
	}
}

func TestBandwidth(t *testing.T) {
	_, c, s := pair(t, netem.Config{Bandwidth: 1 << 20})
	start := time.Now()
	go c.Write(make([]byte, 100<<10))
	if _, err := io.ReadFull(s, make([]byte, 100<<10)); err != nil {
		t.Fatal(err)
	}
	// 100 KiB at 1 MiB/s takes about 98 ms.
	if d := time.Since(start); !within(d, 98*time.Millisecond, 15*time.Millisecond) {
		t.Errorf("100 KiB at 1 MiB/s took %v", d)
	}
}

// At RTT 0 the link must add nothing measurable: a ping-pong over it costs
// what two goroutine hand-offs cost, far below the 1 ms a coarse timer adds.
func TestZeroRTTAddsNothing(t *testing.T) {
	_, c, s := pair(t, netem.Config{})
	go io.Copy(s, s)
	buf := make([]byte, 1)
	var rt []time.Duration
	for range 200 {
		start := time.Now()
		c.Write(buf)
		if _, err := c.Read(buf); err != nil {
			t.Fatal(err)
		}
		rt = append(rt, time.Since(start))
	}
	slices.Sort(rt)
	t.Logf("round trip at RTT 0: p50 %v p90 %v", rt[len(rt)/2], rt[len(rt)*9/10])
	if p50 := rt[len(rt)/2]; p50 > 300*time.Microsecond {
		t.Errorf("median round trip %v at RTT 0, want under 300us", p50)
	}
}
