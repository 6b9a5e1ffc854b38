// Package clock owns the plain way to wait out modelled time: a Go timer
// that gives up when the context ends. It is the fallback of the layers
// that wait (the database's server time, a function's CPU and init, a
// retry's backoff, the gaps between arrivals) when no precise scheduler is
// given; on common Linux machines a Go timer wakes up to about a
// millisecond late, which netem's scheduler exists to avoid.
package clock
