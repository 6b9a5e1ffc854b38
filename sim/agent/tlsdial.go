package agent

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http/httptrace"
)

// dialTLS connects and runs the TLS handshake itself rather than leaving it
// to the transport, so that the process's CPU model applies to it: the
// first connection of a process pays its client initialisation before it
// connects, and the handshake's CPU is stretched by the process's share.
// It reports the handshake to the request's trace as the transport would.
func (a *Agent) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	trace := httptrace.ContextClientTrace(ctx)
	took, err := a.world.cpu.firstConnection(ctx)
	if t := tracerFrom(ctx); t != nil && took > 0 {
		t.lock(func() { t.rec.ClientInit += took })
	}
	if err != nil {
		return nil, err
	}
	raw, err := a.dialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	cfg := a.tlsConfig
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("agent: dial %s: %w", addr, err)
		}
		cfg = cfg.Clone()
		cfg.ServerName = host
	}
	under := raw
	var sc *stretchConn
	if a.world.cpu.share < 1 {
		sc = newStretchConn(ctx, raw, &a.world.cpu)
		under = sc
	}
	if trace != nil && trace.TLSHandshakeStart != nil {
		trace.TLSHandshakeStart()
	}
	tc := tls.Client(under, cfg)
	err = tc.HandshakeContext(ctx)
	if sc != nil {
		sc.done()
	}
	if trace != nil && trace.TLSHandshakeDone != nil {
		trace.TLSHandshakeDone(tc.ConnectionState(), err)
	}
	if err != nil {
		raw.Close()
		return nil, err
	}
	if t, ok := raw.(*trackedConn); ok {
		a.negotiated(t, tc.ConnectionState().NegotiatedProtocol)
	}
	return tc, nil
}

type tracerKey struct{}

// tracerFrom returns the tracer of the request that made ctx, if any.
func tracerFrom(ctx context.Context) *tracer {
	t, _ := ctx.Value(tracerKey{}).(*tracer)
	return t
}
