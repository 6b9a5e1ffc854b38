package agent

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// A process's CPU: the share of a core it gets, and what its first TLS
// connection costs it once. Small functions get a fraction of a core (AWS
// Lambda gives a full vCPU at 1,769 MB and less in proportion below), so
// the CPU their TLS handshakes really take here is stretched by 1/share,
// and a cold process pays for loading its TLS code on its first connection.
type cpu struct {
	share      float64
	clientInit time.Duration
	sleep      func(context.Context, time.Duration) error

	initOnce    sync.Once
	initialised atomic.Bool
}

// WorldOption configures a World.
type WorldOption func(*World)

// WithCPUShare gives the process share of one core, in (0, 1]: the CPU its
// agents spend between reading a TLS handshake's flight and writing the
// next (key exchange, certificate checks) takes 1/share times as long, as
// it would under a CPU quota. 1, the default, stretches nothing.
func WithCPUShare(share float64) WorldOption {
	return func(w *World) {
		if share > 0 && share < 1 {
			w.cpu.share = share
		}
	}
}

// WithClientInit makes the process's first TLS connection pay d of CPU at a
// full core's speed, stretched by its share, before it connects: what a
// cold Node.js process spends loading and warming its TLS and crypto code.
// Requests record it as their ClientInit phase.
func WithClientInit(d time.Duration) WorldOption {
	return func(w *World) {
		if d > 0 {
			w.cpu.clientInit = d
		}
	}
}

// WithSleep sets how the world waits out modelled CPU time. The default, a
// Go timer, rounds sub-millisecond waits up to about a millisecond on
// common Linux machines; a simulation passes a precise one, such as netem's
// Link.Sleep.
func WithSleep(sleep func(context.Context, time.Duration) error) WorldOption {
	return func(w *World) {
		if sleep != nil {
			w.cpu.sleep = sleep
		}
	}
}

// stretch is the extra time CPU work of d takes at the world's share.
func (c *cpu) stretch(d time.Duration) time.Duration {
	if c.share >= 1 || d <= 0 {
		return 0
	}
	return time.Duration(float64(d) * (1/c.share - 1))
}

// firstConnection runs the client's one-time TLS initialisation if no
// connection of the process has run it, and returns how long it took.
// Concurrent first connections all wait for the one that runs it, as they
// would behind a process's single thread.
func (c *cpu) firstConnection(ctx context.Context) (time.Duration, error) {
	if c.clientInit <= 0 || c.initialised.Load() {
		return 0, nil
	}
	start := time.Now()
	var err error
	c.initOnce.Do(func() {
		err = c.sleep(ctx, c.clientInit+c.stretch(c.clientInit))
		c.initialised.Store(true)
	})
	return time.Since(start), err
}

// stretchConn stretches the CPU of a TLS handshake: while on, each write
// first waits out the stretch of the time since the conn's last read ended
// (or since it was made, for the first flight), which is the CPU the
// client spent preparing that flight. The wait is real, so the flight
// leaves as late as it would from a throttled process.
type stretchConn struct {
	net.Conn
	cpu  *cpu
	ctx  context.Context
	on   atomic.Bool
	mark atomic.Int64 // unix nanoseconds of the last read's end
}

func newStretchConn(ctx context.Context, c net.Conn, cpu *cpu) *stretchConn {
	sc := &stretchConn{Conn: c, cpu: cpu, ctx: ctx}
	sc.on.Store(true)
	sc.mark.Store(time.Now().UnixNano())
	return sc
}

func (sc *stretchConn) Read(b []byte) (int, error) {
	n, err := sc.Conn.Read(b)
	if sc.on.Load() {
		sc.mark.Store(time.Now().UnixNano())
	}
	return n, err
}

func (sc *stretchConn) Write(b []byte) (int, error) {
	if sc.on.Load() {
		spent := time.Duration(time.Now().UnixNano() - sc.mark.Load())
		if extra := sc.cpu.stretch(spent); extra > 0 {
			if err := sc.cpu.sleep(sc.ctx, extra); err != nil {
				return 0, err
			}
		}
	}
	return sc.Conn.Write(b)
}

// done ends the stretch: after the handshake the process's CPU per request
// is small beside the network, and a read followed by a write later on is
// a new request, not CPU.
func (sc *stretchConn) done() { sc.on.Store(false) }

// NetConn returns the conn under the stretch, for unwrap.
func (sc *stretchConn) NetConn() net.Conn { return sc.Conn }
