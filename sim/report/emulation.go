package report

// Emulation is a scenario's self-check: how well this machine kept the
// modelled timing while the scenario ran. Lateness is how late the link
// delivered its flights against their schedule; the Go scheduler's latency
// and the CPU spent per invocation say why. OverLimits is set when the
// lateness was large against the link's one-way delay, or when the host
// made the client drop connections, and Warning then
// says so in words: the scenario's latencies measure this machine, not the
// modelled system.
type Emulation struct {
	// TimeDilation is the factor every modelled duration was multiplied by
	// and every measured one divided by (1: real time).
	TimeDilation       float64 `json:"time_dilation"`
	LatenessP50us      float64 `json:"lateness_p50_us"`
	LatenessP99us      float64 `json:"lateness_p99_us"`
	LatenessMaxus      float64 `json:"lateness_max_us"`
	SchedLatencyP99us  float64 `json:"sched_latency_p99_us"`
	CPUPerInvocationus float64 `json:"cpu_per_invocation_us"`
	// HostDroppedConns counts kept-alive connections Go's HTTP client
	// dropped because this machine starved it (agent.Record.HostDropped).
	HostDroppedConns int    `json:"host_dropped_conns"`
	OverLimits       bool   `json:"over_limits"`
	Warning          string `json:"warning,omitempty"`
	// RealNetwork is true when the calls crossed the real network to a
	// real endpoint: there was no emulated link, so no lateness to judge.
	RealNetwork bool `json:"real_network,omitempty"`
}
