package netem

import "time"

// A chunk is what one direction of a connection carries: the bytes of one
// write, or a marker (end of stream, reset, or a control flight of the
// handshake).
type chunk struct {
	data []byte
	eof  bool
	// rst aborts the connection at the end it reaches: TCP's RST. A stage
	// that resets a chunk sends one back with byStage set, which the
	// stages of the way back let through.
	rst, byStage bool
	// at starts as the instant the chunk was handed to the link; each stage
	// moves it later, and it ends as the instant it reaches the far end.
	at time.Time
}

// A stage is one effect of the path on a chunk, as a toxic is in toxiproxy:
// it may delay the chunk (by moving its arrival later) and decides whether
// the chunk goes on, is dropped, or is answered with a reset. Stages run in
// order, under the path's lock, at the moment a chunk enters the path; the
// first that does not deliver ends the chunk's journey.
type stage interface {
	apply(c *chunk) verdict
}

// A verdict is what a stage does with a chunk besides delaying it.
type verdict int

const (
	// deliver lets the chunk go on to the next stage and the far end.
	deliver verdict = iota
	// drop loses the chunk without a word, as a black hole does.
	drop
	// reset loses the chunk and sends a RST back to its sender from where
	// the chunk would have arrived.
	reset
)
