// Package upstream owns the database the simulated functions call: an
// Upstash-compatible Redis REST API (JSON commands over HTTPS) backed by an
// in-process miniredis, served with sim/tls materials over any listener (in
// the simulator, a sim/netem listener that carries the network cost).
//
// The server models a database, not a network: it charges a configurable
// processing time per command, closes kept-alive connections that stay idle
// too long (with a FIN, or a RST under IdleCloseRST), and counts connections, TLS handshakes and requests so the
// simulator can report what the clients' connection reuse cost the server.
//
// Commands are dispatched to miniredis in process, through a peer that writes
// RESP2 into a buffer, so no network round trip hides behind the emulated one.
// TTLs run on the wall clock as in Redis, kept by the package's own expiry
// layer (expire.go) so a command costs the same whatever the number of keys:
// keys expire when touched and, untouched, in a background cycle of bounded
// work; TTL and its kin answer as Redis rounds them.
// Commands Upstash answers and miniredis lacks (JSON.*, hash-field expiry,
// BITFIELD, ...) are registered on miniredis (extension.go), one family
// per cmd_*.go file, documented by the tests beside it.
// The server bounds what a client can hold (Config): connections open at
// once, the time to send a request, the events waiting for a stream, the
// heap a command may take it to (MaxMemory, with Redis's OOM error) and the
// time a Lua script may run (scriptlimit.go, with Redis's BUSY error).
// The wire format is documented by the tests beside each endpoint's file:
// command.go (POST / and the path form), pipeline.go (/pipeline and
// /multi-exec), pubsub.go (server-sent events), auth.go and expire.go (TTLs).
package upstream
