package netem

import "sync/atomic"

// ConnStats counts what one connection carried. Up is client to server.
// A flight is a run of writes that begins when nothing of that direction is
// still travelling: a request, a response, one leg of a handshake.
type ConnStats struct {
	BytesUp, BytesDown     int64
	FlightsUp, FlightsDown int64
}

// Stats counts what a link carried over all its connections.
type Stats struct {
	ConnsOpened, ConnsClosed int64
	BytesUp, BytesDown       int64
	FlightsUp, FlightsDown   int64
	// Resets counts the RSTs that reached an end: answers to bytes sent to
	// a closed end, a middlebox's, and aborts by SetLinger(0).
	Resets int64
}

// dirStats feeds one direction's counters of a connection and of its link.
type dirStats struct {
	connBytes, connFlights *atomic.Int64
	linkBytes, linkFlights *atomic.Int64
}

func (d *dirStats) add(n int, newFlight bool) {
	d.connBytes.Add(int64(n))
	d.linkBytes.Add(int64(n))
	if newFlight {
		d.connFlights.Add(1)
		d.linkFlights.Add(1)
	}
}

type counters struct {
	bytesUp, bytesDown     atomic.Int64
	flightsUp, flightsDown atomic.Int64
}

func (c *counters) up(link *counters) *dirStats {
	return &dirStats{&c.bytesUp, &c.flightsUp, &link.bytesUp, &link.flightsUp}
}

func (c *counters) down(link *counters) *dirStats {
	return &dirStats{&c.bytesDown, &c.flightsDown, &link.bytesDown, &link.flightsDown}
}

func (c *counters) snapshot() ConnStats {
	return ConnStats{
		BytesUp: c.bytesUp.Load(), BytesDown: c.bytesDown.Load(),
		FlightsUp: c.flightsUp.Load(), FlightsDown: c.flightsDown.Load(),
	}
}
