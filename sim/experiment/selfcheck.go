package experiment

import (
	"time"

	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/selfcheck"
)

// emulation turns the link's lateness and the host's figures over the load
// into the scenario's self-check. Its figures are the host's, undivided by
// the time dilation k: they say how well this machine kept the timing it
// was asked for, and the verdict compares the host's lateness with the
// host's one-way delay.
func emulation(k float64, oneWay time.Duration, lat netem.LatenessStats, host selfcheck.Report, invocations int) *report.Emulation {
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	e := &report.Emulation{
		TimeDilation:      k,
		LatenessP50us:     us(lat.P50),
		LatenessP99us:     us(lat.P99),
		LatenessMaxus:     us(lat.Max),
		SchedLatencyP99us: us(host.SchedLatencyP99),
	}
	if host.CPUKnown && invocations > 0 {
		e.CPUPerInvocationus = us(host.CPU) / float64(invocations)
	}
	if lat.Count > 0 {
		if v, err := selfcheck.Judge(oneWay, lat.P99); err == nil && v.OverLimits {
			e.OverLimits, e.Warning = true, v.Message
		}
	}
	return e
}
