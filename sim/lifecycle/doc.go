// Package lifecycle owns the serverless platform: functions whose containers
// start cold (their init really takes time and creates their globals), serve
// one invocation at a time, are frozen between invocations (their code, and
// so their agents' timers, do not run, and their sockets see nothing the
// database or a middlebox sent meanwhile until they thaw; Function.ClosesSeen
// and ClockStops say how they thaw), are reused most recently used first,
// and are reclaimed after an idle timeout, a maximum lifetime or at shutdown,
// closing every socket they still hold.
//
// A front door, an HTTP server on loopback, routes /<function> to the
// platform and answers with what happened: Server-Timing and X-Coldwire-*
// headers and an Invocation as JSON. WithEvents streams every step of every
// container's life as it happens, and Lifetimes keeps one summary per
// container for timelines; nothing is kept per invocation.
package lifecycle
