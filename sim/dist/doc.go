// Package dist owns the seeded duration distributions that coldwire draws
// from: network jitter and its rare spikes, a database's processing time, a
// container's init cost. Every sampler is seeded so that a run repeats.
package dist
