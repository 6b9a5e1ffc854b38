package main

import (
	"fmt"
	"net"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

// serveHost is the name the server answers to on the emulated network.
const serveHost = "redis.coldwire.test"

// listen opens the server's listener behind an emulated link with the given
// RTT: outside clients connecting to its TCP address pay the RTT on every
// flight, handshakes included. The returned func closes the link.
func listen(sched *netem.Scheduler, addr string, rtt time.Duration) (net.Listener, func(), error) {
	link, err := netem.NewLink(netem.Config{RTT: rtt}, netem.WithScheduler(sched))
	if err != nil {
		return nil, nil, fmt.Errorf("emulated link: %w", err)
	}
	ln, err := link.Listen(serveHost, addr)
	if err != nil {
		link.Close()
		return nil, nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, func() { link.Close() }, nil
}
