// Package load owns the traffic that drives the platform: it turns a Plan
// (sequential, constant, poisson, bursts or concurrent) into vegeta attacks on
// the platform's front door and streams one Result per invocation.
//
// Closed loops (sequential, concurrent, each burst) send the next invocation
// as soon as a virtual user is free, so their intended send time is the actual
// one. Open loops (constant, poisson) follow a schedule fixed in advance; each
// Result carries the time its invocation was meant to leave, so latency can be
// measured from there and queueing cannot hide behind a late send
// (coordinated omission).
//
// A plan's Duration bounds every pattern: nothing leaves once it is over. An
// open loop or a burst never has more than Plan.MaxInFlight invocations in
// flight; an arrival beyond that is dropped, not sent, and comes out as a
// Result with Dropped set, so that a platform which falls behind costs the
// run bounded memory and is seen doing so. Plan.Validate is the check Run
// makes, so a caller can refuse a plan before running anything.
package load
