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
package load
