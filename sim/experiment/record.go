package experiment

import (
	"time"

	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// row joins vegeta's view of an invocation with the platform's own record
// of it, found by the front door's X-Coldwire-Seq header.
// extras is what a row's invocation record tells beyond the row: how many
// of its connections the host dropped (agent.Record's HostDropped), which
// the self-check reports, and how long its handler ran in the container,
// for the platform's mean invocations in flight.
type extras struct {
	hostDrops int
	handlerMs float64
}

// row joins a load result with its invocation record.
func row(s scenario.Scenario, r load.Result, recs *records) (report.Row, extras) {
	v := r.Vegeta
	v.Seq = uint64(r.Seq)
	out := report.Row{
		Scenario: s.Name,
		Seq:      r.Seq,
		Start:    v.Timestamp,
		TotalMs:  float64(v.Latency) / float64(time.Millisecond),
		Error:    v.Error,
	}
	if openLoop(s.Load.Pattern) {
		out.Intended = r.Intended
	}
	var x extras
	if inv, ok := recs.take(v.Headers.Get("X-Coldwire-Seq")); !ok {
		if out.Error == "" {
			out.Error = "front door answered without an invocation record"
		}
	} else {
		out.Container = inv.Container
		out.Cold = inv.Cold
		out.QueuedMs = inv.QueuedMs
		out.InitMs = inv.InitMs
		out.ClientInitMs = inv.ClientInitMs
		out.SocketWaitMs = inv.SocketWaitMs
		out.DNSMs = inv.DNSMs
		out.ConnectMs = inv.ConnectMs
		out.TLSMs = inv.TLSMs
		out.TLSResumed = inv.TLSResumed
		out.TTFBMs = inv.TTFBMs
		out.RedisMs = inv.RedisMs
		out.Reused = inv.Reused
		x.handlerMs = inv.HandlerMs
		out.Attempts = inv.Attempts
		out.StaleReuses = inv.StaleReuses
		out.ClosesSeen = inv.ClosesSeen
		out.ErrorKind = string(inv.ErrorKind)
		if inv.Error != "" {
			out.Error = inv.Error
		}
		for _, c := range inv.Calls {
			if c.HostDropped {
				x.hostDrops++
			}
		}
	}
	// vegeta's reports need neither the body nor the headers.
	v.Body, v.Headers = nil, nil
	out.Result = v
	return out, x
}

// spans turns the platform's container lifetimes into one span each, with
// the container's invocations in flight.
func spans(scenarioName string, lives []lifecycle.Lifetime, inFlight map[int]report.Profile) []report.Span {
	out := make([]report.Span, 0, len(lives))
	for _, l := range lives {
		out = append(out, report.Span{Scenario: scenarioName, Container: l.Container, Start: l.Created, End: l.Reclaimed, ColdStarts: []time.Time{l.Created}, InFlight: inFlight[l.Container]})
	}
	return out
}
