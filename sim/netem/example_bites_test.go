package netem_test

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

// A load balancer that forgets connections idle for 50 ms resets the next
// request sent on one, a round trip after it was written.
func ExampleMiddlebox() {
	link, _ := netem.NewLink(netem.Config{
		RTT:       10 * time.Millisecond,
		Middlebox: netem.Middlebox{IdleTimeout: 50 * time.Millisecond, Action: netem.ActionReset},
	})
	defer link.Close()
	ln, _ := link.Listen("lb.test", "")
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			c.Read(make([]byte, 1)) // the request never arrives
		}
	}()
	c, _ := link.Dialer(nil).DialContext(context.Background(), "tcp", ln.Addr().String())
	defer c.Close()
	time.Sleep(60 * time.Millisecond)
	c.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	_, err := c.Read(make([]byte, 1))
	fmt.Println(errors.Is(err, syscall.ECONNRESET))
	// Output: true
}
