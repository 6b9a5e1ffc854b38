package netem_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/coldwire/coldwire/sim/netem"
)

// TestNoGoroutineLeft checks each kind of clean-up on its own: whatever a
// link, listener or scheduler started is gone once it is closed.
func TestNoGoroutineLeft(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"scheduler", func(t *testing.T) {
			s := netem.NewScheduler()
			s.At(time.Now().Add(time.Hour), func() {})
			s.Close()
		}},
		{"listener with an outside client", func(t *testing.T) {
			link, err := netem.NewLink(netem.Config{RTT: 2 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer link.Close()
			ln, err := link.Listen("svc.test", "")
			if err != nil {
				t.Fatal(err)
			}
			sock, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			srv, err := ln.Accept()
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				io.Copy(srv, srv)
				srv.Close()
			}()
			sock.Write([]byte("ping"))
			buf := make([]byte, 4)
			if _, err := io.ReadFull(sock, buf); err != nil || string(buf) != "ping" {
				t.Fatalf("echo: %q %v", buf, err)
			}
			sock.(*net.TCPConn).CloseWrite()
			if _, err := sock.Read(buf); err != io.EOF {
				t.Errorf("after close: %v, want EOF", err)
			}
			sock.Close()
			ln.Close()
			if _, err := ln.Accept(); err == nil {
				t.Error("accept after close succeeded")
			}
		}},
		{"link with open conns of both kinds", func(t *testing.T) {
			link, err := netem.NewLink(netem.Config{RTT: 2 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ln, err := link.Listen("svc.test", "")
			if err != nil {
				t.Fatal(err)
			}
			sock, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer sock.Close()
			c, err := link.Dialer(nil).DialContext(context.Background(), "tcp", "svc.test:"+port(ln))
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte("unread"))
			link.Close() // the conns and the socket's pumps die with it
			if _, err := c.Read(make([]byte, 1)); err == nil {
				t.Error("read on a conn of a closed link succeeded")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			tt.run(t)
		})
	}
}

func port(ln net.Listener) string {
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p
}
