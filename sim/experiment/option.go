package experiment

import (
	"github.com/coldwire/coldwire/sim/cgroup"
	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// Option configures Run.
type Option func(*config)

type config struct {
	auth     *simtls.Authority
	sched    *netem.Scheduler
	progress func(done, total int)
	record   func(report.Row)
	sweepRow func(report.SweepRow)
	runDone  func(scenario, runtime string, s report.Summary)
	shard    Shard
	cgroups  *cgroup.Roots
}

// WithAuthority makes the database use auth's certificate, so that a run of
// many scenarios creates its keys once. By default Run creates its own.
func WithAuthority(auth *simtls.Authority) Option { return func(c *config) { c.auth = auth } }

// WithScheduler delivers the link's flights from sched, which the caller
// owns and closes. By default Run starts a scheduler and stops it at the end.
func WithScheduler(sched *netem.Scheduler) Option { return func(c *config) { c.sched = sched } }

// WithProgress is called as invocations complete, with the number done and
// the number planned (0 when the plan is bounded by time alone).
func WithProgress(fn func(done, total int)) Option { return func(c *config) { c.progress = fn } }

// WithRecords is called once per completed invocation, in completion order,
// from one goroutine. Run keeps no rows itself: what fn does not keep is gone.
func WithRecords(fn func(report.Row)) Option { return func(c *config) { c.record = fn } }

// WithSweepRows is called by Sweep as each run ends, with its row.
func WithSweepRows(fn func(report.SweepRow)) Option { return func(c *config) { c.sweepRow = fn } }

// WithCgroupRoots puts runtime node's processes in groups under roots
// instead of the hierarchies this system mounts (cgroup.SystemRoots). A
// root the run cannot write makes it freeze with SIGSTOP and leave the CPU
// unlimited, and say so in Outcome.Sandbox.
func WithCgroupRoots(roots cgroup.Roots) Option { return func(c *config) { c.cgroups = &roots } }

// WithRunDone is called by Calibrate as each run ends, with its scenario,
// its runtime (report.RuntimeGo or report.RuntimeNode) and its summary.
func WithRunDone(fn func(scenario, runtime string, s report.Summary)) Option {
	return func(c *config) { c.runDone = fn }
}
