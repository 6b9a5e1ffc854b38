// Package lifecycle owns the serverless platform: functions whose containers
// start cold (their init really takes time and creates their globals), serve
// one invocation at a time, are frozen between invocations (their code, and
// so their agents' timers, do not run, and their sockets see nothing the
// database or a middlebox sent meanwhile until they thaw; Function.ClosesSeen
// and ClockStops say how they thaw), are reused most recently used first,
// and are reclaimed after an idle timeout, a maximum lifetime or at shutdown,
// closing every socket they still hold.
//
// A function's code runs in one of two runtimes. RuntimeGo, the default,
// is the in-process model: a Go handler calling Redis through sim/agent's
// model of Node's https.Agent, whose every phase is recorded. RuntimeNode
// runs the user's own Node.js module in a real process per container,
// started at the cold start and reached over a loopback endpoint of the
// AWS Lambda Runtime API, one per container. Where Function.Cgroups can,
// the process runs in a control group of its own, frozen between
// invocations by the cgroup freezer and held to Function.CPUShare by a CFS
// quota; otherwise it is frozen with SIGSTOP and thawed with SIGCONT, and
// its CPU is not limited. It is killed when the container is reclaimed, so
// the kernel closes its sockets, and its group is removed; a process that
// died is replaced at the container's next invocation, a cold start. Its
// bootstrap reports the handler's Redis timing and, from Node's
// diagnostics_channel, each HTTP request's phases, folded into the
// Invocation as the agent's records are.
//
// A front door, an HTTP server on loopback, routes /<function> to the
// platform and answers with what happened: Server-Timing and X-Coldwire-*
// headers and an Invocation as JSON. WithEvents streams every step of every
// container's life as it happens, and Lifetimes keeps one summary per
// container for timelines; nothing is kept per invocation.
package lifecycle
