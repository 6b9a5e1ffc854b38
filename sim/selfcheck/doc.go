// Package selfcheck owns coldwire's check of its own host: whether the
// machine kept up with the emulation during a run, so that a run whose
// latencies measure the machine says so instead of passing for a
// measurement of the modelled system.
//
// The deciding figure is the link's lateness (netem.Link.Lateness): how late
// the emulated network ran its deliveries against their deadlines. Judge
// turns its 99th percentile and the link's one-way delay into a Verdict. A
// Probe started and stopped around a scenario adds the host's side of the
// story over that window: the Go scheduler's latency, from runtime/metrics,
// and the CPU time the process used, where the platform reports it.
package selfcheck
