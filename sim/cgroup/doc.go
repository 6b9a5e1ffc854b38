// Package cgroup puts processes in Linux control groups, to freeze them
// and to cap their CPU as a serverless platform does to a function's
// process between and during its invocations.
//
// A Parent is one run's own group in each hierarchy that works on this
// system: New tries the cgroup v1 freezer and cpu hierarchies first (on a
// hybrid system the controllers are bound there) and the v2 unified
// hierarchy after, and says in FreezeErr and CPUErr why it could use
// neither. Each process gets a Group, a child of the Parent, where Freeze
// waits until the kernel says every task is frozen, and where a CPU limit
// is a CFS quota per period: cpu.cfs_quota_us and cpu.cfs_period_us in v1,
// cpu.max in v2.
//
// Every function takes plain paths (Roots), so the package runs as well
// against a fake hierarchy in a temporary directory, whose files then only
// record what was written, as against /sys/fs/cgroup.
package cgroup
