// Package agent owns the serverless function's HTTP client: an Agent that
// behaves like the Node https.Agent the article used (keep-alive off by
// default, a TLS session cache of its own, free sockets closed after a
// timeout), the World an agent lives in (the event loop of the function's
// process: freezing it stops the free-socket timers and the socket reads of
// all its agents at once, and closing it closes all their sockets), the
// per-request timing Record taken with net/http/httptrace, and a
// Redis-over-REST Client (the Upstash protocol) that sends the function's
// work through an Agent, with Node-like timeouts, retry policies and an
// ErrorKind for every failure. With Options.HTTP2 the agent speaks HTTP/2
// as Go's transport does, multiplexing its calls over one connection.
//
// The Agent never adds latency: every millisecond in a Record is spent in
// real dials, real TLS handshakes and real HTTP exchanges over whatever
// dialer the caller supplies (in coldwire, an emulated network link).
package agent
