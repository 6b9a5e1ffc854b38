// Package experiment composes one run of one scenario: from a validated
// scenario.Scenario it builds a fresh emulated link (sim/netem), an
// Upstash-compatible database behind it (sim/upstream, with sim/tls
// materials) and a platform of function containers (sim/lifecycle), drives
// the platform's front door with the scenario's load (sim/load), and streams
// one report.Row per invocation to the caller as it completes. Check makes
// the checks those layers make when Run builds them, so that a command can
// refuse a bad scenario before it runs any.
//
// Nothing crosses from one Run to the next: no connection, TLS session,
// DNS cache or key. Only a Scheduler and a TLS Authority may be shared,
// for their cost, through options.
package experiment
