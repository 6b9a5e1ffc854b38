package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// checkHandler checks that function.handler goes with runtime node, and
// that the module it names can be read, so that a run does not start a
// process only to see it fail on a missing file.
func (d *decoder) checkHandler(s *Scenario, pick func(...string) *yaml.Node) {
	f := &s.Function
	switch {
	case f.Runtime == RuntimeNode && f.Handler == "":
		d.errorf(pick("function.runtime"), "runtime node needs a handler: the path of a module whose default export is an async function, e.g. handler: node/handler.mjs")
		return
	case f.Runtime != RuntimeNode && f.Handler != "":
		d.errorf(pick("function.handler"), "applies to runtime: node only; the go runtime runs the in-process agent")
		return
	case f.Handler == "":
		return
	case s.Platform.Concurrency > 1:
		d.errorf(pick("platform.concurrency"), "runtime node runs one invocation per container at a time; concurrency > 1 needs runtime go")
		return
	}
	f.HandlerPath = f.Handler
	if !filepath.IsAbs(f.HandlerPath) {
		f.HandlerPath = filepath.Join(filepath.Dir(d.file), f.HandlerPath)
	}
	if msg := unreadable(f.HandlerPath, f.Handler); msg != "" {
		d.errorf(pick("function.handler"), "%s", msg)
	}
}

// unreadable says why the module at path, written as written, cannot be
// loaded, or returns "".
func unreadable(path, written string) string {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Sprintf("cannot read the handler: %v", errors.Unwrap(err))
	case !st.Mode().IsRegular():
		return fmt.Sprintf("%s is not a regular file", written)
	}
	r, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("cannot read the handler: %v", errors.Unwrap(err))
	}
	r.Close()
	return ""
}

// nodeReads are the function keys a runtime node handler receives; the
// others configure the in-process model.
var (
	nodeReads      = []string{"runtime", "handler", "agent", "memory"}
	nodeReadsAgent = []string{"keep_alive", "placement"}
)

// runtimeRules reports, in a function block that writes runtime: node,
// the settings of the in-process model, which the handler never sees. As
// the other rules, per block: defaults may carry them for the go scenarios.
func (d *decoder) runtimeRules(body *yaml.Node) {
	fn := lookup(body, "function")
	if v := value(fn, "runtime"); v == nil || v.Value != RuntimeNode {
		return
	}
	const msg = "has no effect with runtime: node in the same block: the handler is your own code (it receives agent.keep_alive and agent.placement only)"
	for i := 0; i+1 < len(fn.Content); i += 2 {
		if k := fn.Content[i]; !slices.Contains(nodeReads, k.Value) {
			d.errorf(k, msg)
		}
	}
	agent := lookup(fn, "agent")
	for i := 0; agent != nil && i+1 < len(agent.Content); i += 2 {
		if k := agent.Content[i]; !slices.Contains(nodeReadsAgent, k.Value) {
			d.errorf(k, msg)
		}
	}
}

// minQuota is the kernel's smallest CFS quota per period.
const minQuota = time.Millisecond

// checkQuota checks that runtime node's CPU quota, cpu x cpu_period, is
// one the kernel accepts.
func (d *decoder) checkQuota(s *Scenario, pick func(...string) *yaml.Node) {
	if s.Function.Runtime != RuntimeNode {
		return
	}
	quota := time.Duration(s.Platform.CPU*float64(s.Platform.CPUPeriod)) / time.Microsecond * time.Microsecond
	if quota < minQuota {
		d.errorf(pick("platform.cpu_period", "platform.cpu"),
			"cpu %g of cpu_period %v is a quota of %v per period, below the kernel's minimum of %v: raise cpu_period to at least %v",
			s.Platform.CPU, s.Platform.CPUPeriod, quota, minQuota,
			(time.Duration(float64(minQuota)/s.Platform.CPU)+time.Microsecond-1)/time.Microsecond*time.Microsecond)
	}
}
