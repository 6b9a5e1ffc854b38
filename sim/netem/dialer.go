package netem

import (
	"context"
	"fmt"
	"net"
	"net/http/httptrace"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// Dialer opens connections through a link, resolving names with its
// resolver. Its DialContext fits http.Transport.DialContext.
type Dialer struct {
	link     *Link
	resolver *Resolver
}

// Dialer returns a dialer that resolves through r; a nil r gets a resolver of
// its own.
func (l *Link) Dialer(r *Resolver) *Dialer {
	if r == nil {
		r = l.NewResolver()
	}
	return &Dialer{link: l, resolver: r}
}

// ephemeral hands out client ports so conns have distinct, plausible addresses.
var ephemeral atomic.Uint32

func nextPort() int { return 32768 + int(ephemeral.Add(1)%28000) }

// DialContext connects to address ("host:port") over network "tcp" or "tcp4".
// It resolves host (the DNS phase), then sends a SYN flight to the server
// and waits for the SYN-ACK flight back (the connect phase); both phases take
// exactly as long as the link makes them. It reports them to the
// httptrace.ClientTrace in ctx: DNSStart/DNSDone for every name, cached or
// not (a cached name takes no time), none for an IP literal, and
// ConnectStart/ConnectDone for the handshake. The conn is a *Conn.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4":
	default:
		return nil, &net.OpError{Op: "dial", Net: network, Err: net.UnknownNetworkError(network)}
	}
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("invalid port %q", portStr)}
	}
	trace := httptrace.ContextClientTrace(ctx)

	ip := net.ParseIP(host)
	if ip == nil {
		if trace != nil && trace.DNSStart != nil {
			trace.DNSStart(httptrace.DNSStartInfo{Host: host})
		}
		addrs, shared, err := d.resolver.resolve(ctx, host)
		if trace != nil && trace.DNSDone != nil {
			trace.DNSDone(httptrace.DNSDoneInfo{Addrs: addrs, Err: err, Coalesced: shared})
		}
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: err}
		}
		ip = addrs[0].IP
	}
	raddr := &net.TCPAddr{IP: ip, Port: port}

	if trace != nil && trace.ConnectStart != nil {
		trace.ConnectStart(network, raddr.String())
	}
	c, err := d.link.connect(ctx, raddr)
	if err != nil {
		err = &net.OpError{Op: "dial", Net: network, Addr: raddr, Err: err}
	}
	if trace != nil && trace.ConnectDone != nil {
		trace.ConnectDone(network, raddr.String(), err)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

var (
	errRefused     = &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}
	errUnreachable = &os.SyscallError{Syscall: "connect", Err: syscall.ENETUNREACH}
)

// connect runs the TCP handshake as two flights: the SYN up the path, and
// when it lands, the SYN-ACK (or a RST, if nobody listens) back down.
func (l *Link) connect(ctx context.Context, raddr *net.TCPAddr) (*Conn, error) {
	if !raddr.IP.IsLoopback() && !raddr.IP.IsUnspecified() {
		return nil, errUnreachable
	}
	laddr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: nextPort()}
	cn, err := l.newConnection(nil, 2, func(cn *connection) {
		cn.client = newConn(cn, cn.down.dst, cn.up, laddr, raddr)
		cn.server = newConn(cn, cn.up.dst, cn.down, raddr, laddr)
	})
	if err != nil {
		return nil, err
	}

	var aborted atomic.Bool
	result := make(chan error, 1)
	// Both callbacks run on the scheduler goroutine and must not block.
	cn.up.control(time.Time{}, func(synArrival time.Time) {
		if aborted.Load() {
			cn.server.Close()
			return
		}
		ln := l.listenerAt(raddr.Port)
		if ln == nil || !ln.enqueue(cn) {
			cn.down.control(synArrival, func(time.Time) { result <- errRefused })
			return
		}
		cn.down.control(synArrival, func(time.Time) { result <- nil })
	})
	select {
	case err := <-result:
		if err != nil {
			cn.abort()
			return nil, err
		}
		return cn.client, nil
	case <-ctx.Done():
		aborted.Store(true)
		cn.client.Close()
		return nil, ctx.Err()
	case <-l.done:
		// Close has aborted the connection; its flights may still be
		// pending on a shared scheduler.
		aborted.Store(true)
		return nil, ErrLinkClosed
	}
}
