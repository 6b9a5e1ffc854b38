// Package netem owns coldwire's emulated network: a link that delays the
// bytes of real connections, so that latency emerges from the round trips
// real protocols (TCP's handshake, crypto/tls, net/http) make, never from a
// sum the simulator computes.
//
// A Link holds a Config (RTT, jitter, spikes, bandwidth, DNS latency, seed),
// its Listeners and the connections between them. Each direction of a
// connection is a path: a pipeline of tiny stages (an optional bandwidth
// stage, then a latency stage adding RTT/2, jitter and spikes, never
// reordering; first, an optional middlebox that forgets idle connections)
// that stamps each write with its arrival time. Each stage, like a toxic of
// toxiproxy, may also drop a chunk or answer it with a RST. A shared
// Scheduler, one goroutine that sleeps on the kernel's high-resolution timer
// (on Linux; a Go timer elsewhere) and spins the last stretch, hands each
// chunk to the far end at that instant. Writes do not wait for the delay, so writes of one flight
// pipeline: two writes 10 us apart arrive 10 us apart.
//
// # Who delays what
//
// Every byte pays the one-way delay exactly once, and every connection pays
// one handshake round trip exactly once:
//
//   - In-process dials (Dialer.DialContext, e.g. from an http.Transport) get
//     both ends of an emulated pipe. The dialer pays DNS for an uncached name
//     and sends a SYN flight up and a SYN-ACK flight down before it returns;
//     the pipe delays the bytes of both directions. The listener's TCP socket
//     is not involved.
//   - Outside clients (curl, node) connect to the listener's real TCP
//     address on 127.0.0.1. Their side adds nothing: the listener wraps the
//     socket so that it alone delays both directions. The kernel answers the
//     client's SYN at once, so the client's own connect time is about zero;
//     the listener charges the handshake instead: on accept it sends the SYN
//     and SYN-ACK flights through the paths, and shifts whatever the client
//     sends before hearing from the server by the time those flights took.
//     For curl this shows up in time_appconnect (TLS done), which includes
//     the handshake round trip, rather than in time_connect.
//
// # Resets
//
// Bytes that reach an end which has closed are answered with a RST that
// travels back over the link, so the writer learns it one round trip after
// writing; a middlebox in ActionReset mode answers the same way. A RST
// flushes what its end had not read, the FIN included, and makes its reads
// and writes fail with ECONNRESET. Conn.SetLinger(0) closes with a RST.
// Conn.SetReadGate lets a frozen process hold back what its kernel received.
//
// Resolvers emulate a process's DNS cache: a name the resolver has not
// looked up costs Config.DNS once, then nothing. Listener hosts and
// localhost resolve to 127.0.0.1; IP literals cost nothing.
//
// # How late the link runs
//
// The scheduler records how late it ran each of a link's timed events
// (chunk deliveries, handshake flights, DNS waits and Link.Sleep, which a
// service on the link uses for its processing time) in a fixed-size
// histogram per link; Link.Lateness reports it. That lateness adds to every
// delay the link models, so when the machine cannot keep up it shows there
// first. Scheduler.Sleep and Scheduler.At count for no link.
package netem
