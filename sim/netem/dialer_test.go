package netem_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptrace"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

// acceptAll accepts and closes connections until ln closes.
func acceptAll(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

func TestDialPhases(t *testing.T) {
	const rtt, dns = 20 * time.Millisecond, 15 * time.Millisecond
	const tol = 3 * time.Millisecond
	link, err := netem.NewLink(netem.Config{RTT: rtt, DNS: dns})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	ln, err := link.Listen("db.test", "")
	if err != nil {
		t.Fatal(err)
	}
	go acceptAll(ln)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	warm := link.NewResolver()
	tests := []struct {
		name     string
		resolver *netem.Resolver
		addr     string
		dns      time.Duration // -1: no DNS phase at all
	}{
		{"cold cache pays DNS", warm, "db.test:" + port, dns},
		{"cached name costs nothing", warm, "db.test:" + port, 0},
		{"new resolver pays again", link.NewResolver(), "db.test:" + port, dns},
		{"localhost resolves", link.NewResolver(), "localhost:" + port, dns},
		{"IP literal skips DNS", link.NewResolver(), "127.0.0.1:" + port, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dnsStart, dnsDone, connStart, connDone time.Time
			ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
				DNSStart:     func(httptrace.DNSStartInfo) { dnsStart = time.Now() },
				DNSDone:      func(httptrace.DNSDoneInfo) { dnsDone = time.Now() },
				ConnectStart: func(string, string) { connStart = time.Now() },
				ConnectDone:  func(string, string, error) { connDone = time.Now() },
			})
			c, err := link.Dialer(tt.resolver).DialContext(ctx, "tcp", tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			c.Close()
			if tt.dns < 0 {
				if !dnsStart.IsZero() {
					t.Error("DNS hooks called for an IP literal")
				}
			} else if d := dnsDone.Sub(dnsStart); !within(d, tt.dns, tol) {
				t.Errorf("DNS took %v, want %v", d, tt.dns)
			}
			if d := connDone.Sub(connStart); !within(d, rtt, tol) {
				t.Errorf("connect took %v, want one RTT %v", d, rtt)
			}
		})
	}
}

func TestDialErrors(t *testing.T) {
	const rtt = 10 * time.Millisecond
	link, err := netem.NewLink(netem.Config{RTT: rtt, DNS: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	d := link.Dialer(nil)

	t.Run("refused after a round trip", func(t *testing.T) {
		start := time.Now()
		_, err := d.DialContext(context.Background(), "tcp", "127.0.0.1:1")
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("got %v, want connection refused", err)
		}
		if el := time.Since(start); !within(el, rtt, 3*time.Millisecond) {
			t.Errorf("refusal took %v, want one RTT", el)
		}
	})
	t.Run("unknown name", func(t *testing.T) {
		_, err := d.DialContext(context.Background(), "tcp", "nowhere.test:80")
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
			t.Errorf("got %v, want not found", err)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		for _, a := range []struct{ network, addr string }{{"udp", "127.0.0.1:1"}, {"tcp", "nocolon"}, {"tcp", "h:port"}} {
			if _, err := d.DialContext(context.Background(), a.network, a.addr); err == nil {
				t.Errorf("%s %s: no error", a.network, a.addr)
			}
		}
	})
	t.Run("context cancelled during handshake", func(t *testing.T) {
		ln, err := link.Listen("", "")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = d.DialContext(ctx, "tcp", ln.Addr().String())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want deadline exceeded", err)
		}
		if el := time.Since(start); el > 8*time.Millisecond {
			t.Errorf("cancelled dial returned after %v", el)
		}
	})
	t.Run("closed link", func(t *testing.T) {
		l2, err := netem.NewLink(netem.Config{})
		if err != nil {
			t.Fatal(err)
		}
		l2.Close()
		if _, err := l2.Dialer(nil).DialContext(context.Background(), "tcp", "127.0.0.1:1"); !errors.Is(err, netem.ErrLinkClosed) {
			t.Errorf("dial on closed link: %v", err)
		}
		if _, err := l2.Listen("x", ""); !errors.Is(err, netem.ErrLinkClosed) {
			t.Errorf("listen on closed link: %v", err)
		}
	})
}

func TestInvalidConfig(t *testing.T) {
	for _, cfg := range []netem.Config{{RTT: -1}, {Bandwidth: -1}, {DNS: -1}} {
		if _, err := netem.NewLink(cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}
