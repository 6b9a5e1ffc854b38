package netem

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// ErrLinkClosed is returned by a closed link's Listen, Dial and Sleep, and
// by those under way when it closes.
var ErrLinkClosed = errors.New("netem: link closed")

// Link is an emulated network: the listeners reachable through it, the
// connections it carries and the delays it applies to them.
type Link struct {
	cfg      Config
	sched    *Scheduler
	ownSched bool
	log      *slog.Logger

	counters       counters
	opened, closed atomic.Int64
	resets         atomic.Int64
	late           histogram
	wg             sync.WaitGroup // goroutines serving outside clients

	mu        sync.Mutex
	shut      bool
	done      chan struct{}     // closed with shut, to end waits under way
	listeners map[int]*Listener // by TCP port
	hosts     map[string]int    // listener host names, with a count of listeners
	conns     map[*connection]struct{}
	seq       uint64 // connections created; seeds their jitter
}

// NewLink creates a link. Unless WithScheduler is given it starts its own
// scheduler, which Close stops.
func NewLink(cfg Config, opts ...Option) (*Link, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	l := &Link{
		cfg:       cfg,
		log:       slog.Default(),
		done:      make(chan struct{}),
		listeners: make(map[int]*Listener),
		hosts:     make(map[string]int),
		conns:     make(map[*connection]struct{}),
	}
	for _, o := range opts {
		o(l)
	}
	if l.sched == nil {
		l.sched = NewScheduler()
		l.ownSched = true
	}
	return l, nil
}

// Config returns the link's configuration.
func (l *Link) Config() Config { return l.cfg }

// Stats returns the link's counters.
func (l *Link) Stats() Stats {
	c := l.counters.snapshot()
	return Stats{
		ConnsOpened: l.opened.Load(), ConnsClosed: l.closed.Load(),
		BytesUp: c.BytesUp, BytesDown: c.BytesDown,
		FlightsUp: c.FlightsUp, FlightsDown: c.FlightsDown,
		Resets: l.resets.Load(),
	}
}

// Lateness reports how late the scheduler has run the link's timed events
// so far. Lateness above a small fraction of the one-way delay means the
// machine could not keep up and the latencies measured over the link
// include its delays.
func (l *Link) Lateness() LatenessStats { return l.late.stats() }

// Sleep waits precisely for d on the link's scheduler, or until ctx ends or
// the link closes. It fits upstream.WithWait: a service on the link that
// models its processing time with it has that wait's lateness counted in
// Lateness, with the link's own.
func (l *Link) Sleep(ctx context.Context, d time.Duration) error {
	return l.sleepUntil(ctx, time.Now().Add(d))
}

// sleepUntil waits precisely until t, for delays that stand for network time
// outside a byte stream, such as a DNS lookup.
func (l *Link) sleepUntil(ctx context.Context, t time.Time) error {
	return l.sched.sleepUntil(ctx, t, &l.late, l.done)
}

// Close closes the link's listeners and connections, ends the dials and
// sleeps under way with ErrLinkClosed, waits for the goroutines serving
// outside clients, and stops the link's own scheduler.
func (l *Link) Close() error {
	l.mu.Lock()
	if l.shut {
		l.mu.Unlock()
		return nil
	}
	l.shut = true
	close(l.done)
	lns := make([]*Listener, 0, len(l.listeners))
	for _, ln := range l.listeners {
		lns = append(lns, ln)
	}
	conns := make([]*connection, 0, len(l.conns))
	for cn := range l.conns {
		conns = append(conns, cn)
	}
	l.mu.Unlock()

	for _, ln := range lns {
		ln.Close()
	}
	for _, cn := range conns {
		cn.abort()
	}
	l.wg.Wait()
	if l.ownSched {
		l.sched.Close()
	}
	return nil
}

// newConnection creates the two paths of a connection, each with its own
// seeded jitter, and registers it so Close can reach it. first, if set, is
// prepended to the up path. setup gives the connection its ends before
// Close can see it.
func (l *Link) newConnection(first stage, ends int32, setup func(cn *connection)) (*connection, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shut {
		return nil, ErrLinkClosed
	}
	l.seq++
	cn := &connection{link: l}
	cn.ends.Store(ends)
	var up, down []stage
	if first != nil {
		up = append(up, first)
	}
	if l.cfg.Middlebox.IdleTimeout > 0 {
		mu, md := newMiddleboxStages(l.cfg.Middlebox)
		up, down = append(up, mu), append(down, md)
	}
	up = append(up, l.pathStages(mix(l.cfg.Seed, l.seq, 1))...)
	down = append(down, l.pathStages(mix(l.cfg.Seed, l.seq, 2))...)
	cn.up = newPath(l.sched, &l.late, cn.counters.up(&l.counters), up...)
	cn.down = newPath(l.sched, &l.late, cn.counters.down(&l.counters), down...)
	cn.up.back, cn.down.back = cn.down, cn.up
	cn.up.resets, cn.down.resets = &l.resets, &l.resets
	setup(cn)
	l.conns[cn] = struct{}{}
	return cn, nil
}

func (l *Link) pathStages(seed uint64) []stage {
	var s []stage
	if l.cfg.Bandwidth > 0 {
		s = append(s, &bandwidthStage{bytesPerSecond: l.cfg.Bandwidth})
	}
	return append(s, newLatencyStage(l.cfg, seed))
}

// established counts a connection once its server end exists.
func (l *Link) established(cn *connection) {
	cn.opened.Store(true)
	l.opened.Add(1)
}

func (l *Link) forget(cn *connection, wasOpen bool) {
	l.mu.Lock()
	delete(l.conns, cn)
	l.mu.Unlock()
	if wasOpen {
		l.closed.Add(1)
	}
}

// mix derives the seed of one direction of one connection, so a connection's
// delays depend only on the link seed and the order connections were made.
func mix(seed, conn, dir uint64) uint64 {
	x := seed ^ conn*0x9e3779b97f4a7c15 ^ dir*0xbf58476d1ce4e5b9
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (l *Link) listenerAt(port int) *Listener {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.listeners[port]
}

func (l *Link) register(ln *Listener, port int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shut {
		return ErrLinkClosed
	}
	if _, ok := l.listeners[port]; ok {
		return fmt.Errorf("netem: port %d already has a listener", port)
	}
	l.listeners[port] = ln
	if ln.host != "" {
		l.hosts[ln.host]++
	}
	return nil
}

func (l *Link) unregister(ln *Listener, port int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.listeners[port] == ln {
		delete(l.listeners, port)
	}
	if ln.host != "" {
		if l.hosts[ln.host]--; l.hosts[ln.host] <= 0 {
			delete(l.hosts, ln.host)
		}
	}
}

// knows reports whether the emulated DNS has an answer for host.
func (l *Link) knows(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return host == "localhost" || l.hosts[host] > 0
}
