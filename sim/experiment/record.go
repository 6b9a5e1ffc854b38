package experiment

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// row joins vegeta's view of an invocation with the platform's own record
// of it, carried in the front door's response body.
func row(s scenario.Scenario, r load.Result) report.Row {
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
	var inv lifecycle.Invocation
	if err := json.Unmarshal(v.Body, &inv); err != nil {
		if out.Error == "" {
			out.Error = fmt.Sprintf("front door answered without an invocation record: %v", err)
		}
	} else {
		out.Container = inv.Container
		out.Cold = inv.Cold
		out.QueuedMs = inv.QueuedMs
		out.InitMs = inv.InitMs
		out.DNSMs = inv.DNSMs
		out.ConnectMs = inv.ConnectMs
		out.TLSMs = inv.TLSMs
		out.TLSResumed = inv.TLSResumed
		out.TTFBMs = inv.TTFBMs
		out.RedisMs = inv.RedisMs
		out.Reused = inv.Reused
		if inv.Error != "" {
			out.Error = inv.Error
		}
	}
	// The body is in invocations.csv already; vegeta's reports need neither
	// it nor the headers.
	v.Body, v.Headers = nil, nil
	out.Result = v
	return out
}

// spans turns the platform's container lifetimes into one span each.
func spans(scenarioName string, lives []lifecycle.Lifetime) []report.Span {
	out := make([]report.Span, 0, len(lives))
	for _, l := range lives {
		out = append(out, report.Span{Scenario: scenarioName, Container: l.Container, Start: l.Created, End: l.Reclaimed, ColdStarts: []time.Time{l.Created}})
	}
	return out
}
