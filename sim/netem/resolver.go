package netem

import (
	"context"
	"net"
	"sync"
	"time"
)

// Resolver is the emulated DNS client of one process: it answers for the
// link's listener hosts and localhost, charges the link's DNS latency for a
// name it has not looked up yet, and then remembers the answer. Its cache
// lives as long as the caller keeps it: a cold container gets a new one.
type Resolver struct {
	link *Link

	mu    sync.Mutex
	cache map[string]*lookup
}

// lookup is one name's answer, shared by concurrent callers.
type lookup struct {
	done  chan struct{}
	addrs []net.IPAddr
	err   error
}

// NewResolver returns a resolver with an empty cache.
func (l *Link) NewResolver() *Resolver {
	return &Resolver{link: l, cache: make(map[string]*lookup)}
}

var loopback = []net.IPAddr{{IP: net.IPv4(127, 0, 0, 1)}}

// LookupIPAddr resolves host. IP literals cost nothing; a name costs the
// link's DNS latency the first time and nothing once cached. Failed lookups
// are not cached.
func (r *Resolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	addrs, _, err := r.resolve(ctx, host)
	return addrs, err
}

// resolve is LookupIPAddr that also reports whether the answer was shared
// with a lookup already done or under way.
func (r *Resolver) resolve(ctx context.Context, host string) (addrs []net.IPAddr, shared bool, err error) {
	if ip := net.ParseIP(host); ip != nil {
		return []net.IPAddr{{IP: ip}}, false, nil
	}
	r.mu.Lock()
	lk, shared := r.cache[host]
	if !shared {
		lk = &lookup{done: make(chan struct{})}
		r.cache[host] = lk
	}
	r.mu.Unlock()

	if !shared {
		if d := r.link.cfg.DNS; d > 0 {
			lk.err = r.link.sleepUntil(ctx, time.Now().Add(d))
		}
		if lk.err == nil {
			if r.link.knows(host) {
				lk.addrs = loopback
			} else {
				lk.err = &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			}
		}
		if lk.err != nil {
			r.mu.Lock()
			delete(r.cache, host)
			r.mu.Unlock()
		}
		close(lk.done)
	}
	select {
	case <-lk.done:
	case <-ctx.Done():
		return nil, shared, ctx.Err()
	}
	return lk.addrs, shared, lk.err
}
