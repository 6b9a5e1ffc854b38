package experiment

import (
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/selfcheck"
)

// emulation turns the link's lateness and the host's figures over the load
// into the scenario's self-check. Its figures are the host's, undivided by
// the time dilation k: they say how well this machine kept the timing it
// was asked for, and the verdict compares the host's lateness with the
// host's one-way delay, and with a floor that grows with k.
//
// Connections Go's HTTP client dropped because the machine starved it
// (hostDrops) fail the check too: the calls after them paid reconnections
// the modelled agent would not make.
func emulation(k float64, oneWay time.Duration, lat netem.LatenessStats, host selfcheck.Report, invocations, hostDrops int) *report.Emulation {
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	e := &report.Emulation{
		TimeDilation:      k,
		LatenessP50us:     us(lat.P50),
		LatenessP99us:     us(lat.P99),
		LatenessMaxus:     us(lat.Max),
		SchedLatencyP99us: us(host.SchedLatencyP99),
		HostDroppedConns:  hostDrops,
	}
	if host.CPUKnown && invocations > 0 {
		e.CPUPerInvocationus = us(host.CPU) / float64(invocations)
	}
	if lat.Count > 0 {
		if v, err := selfcheck.Judge(oneWay, lat.P99, k); err == nil && v.OverLimits {
			e.OverLimits, e.Warning = true, v.Message
		}
	}
	if hostDrops > 0 {
		msg := fmt.Sprintf("Go's HTTP client dropped %d kept-alive connection(s) that the modelled agent would keep, "+
			"because this machine delayed its writer goroutine past net/http's 50 ms wait: "+
			"connection counts and the calls after them include reconnections of this machine's making; "+
			"run on a quieter machine or lower the concurrency", hostDrops)
		e.OverLimits = true
		if e.Warning == "" {
			e.Warning = msg
		} else {
			e.Warning += "; " + msg
		}
	}
	return e
}
