package report

import "fmt"

// Sandbox says how a runtime node scenario's processes were frozen between
// invocations and held to their CPU share, and, where a cgroup could not
// do it, why: a run without the rights still runs, and must say what it
// could not apply. Nil for the in-process runtime, whose freeze and CPU
// share are a model.
type Sandbox struct {
	// Freeze is how the processes were frozen, e.g. "cgroup v1 freezer at
	// /sys/fs/cgroup/freezer" or "SIGSTOP/SIGCONT".
	Freeze string `json:"freeze"`
	// FreezeNotCgroup says why not with a cgroup freezer, when not.
	FreezeNotCgroup string `json:"freeze_not_cgroup,omitempty"`
	// CPU is the limit each process ran under, e.g. "0.25 core (25ms per
	// 100ms) by cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu", or
	// "unlimited".
	CPU string `json:"cpu"`
	// CPUNotLimited says why platform.cpu was not applied, when not.
	CPUNotLimited string `json:"cpu_not_limited,omitempty"`
}

// note is the Sandbox in a sentence under the summary tables.
func (s Sandbox) note(scenario string) string {
	freeze := s.Freeze
	if s.FreezeNotCgroup != "" {
		freeze += " (no cgroup freezer: " + s.FreezeNotCgroup + ")"
	}
	cpu := s.CPU
	if s.CPUNotLimited != "" {
		cpu += ", platform.cpu not applied (" + s.CPUNotLimited + ")"
	}
	return fmt.Sprintf("%s ran its node processes frozen with %s; CPU %s.", scenario, freeze, cpu)
}
