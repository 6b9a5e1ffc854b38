package lifecycle

import (
	"fmt"
	"strings"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/cgroup"
	"github.com/coldwire/coldwire/sim/dist"
)

// Function is a deployed function: how its containers live and what its
// handler does.
type Function struct {
	// Name routes /<Name> at the front door.
	Name string
	// Init is the cold start cost: a new container spends this long in its
	// init before it creates its globals and serves.
	Init dist.Duration
	// IdleTimeout reclaims a container idle this long; 0 never does.
	IdleTimeout time.Duration
	// MaxLifetime reclaims a container this old once it is idle; 0 never does.
	MaxLifetime time.Duration
	// MaxContainers bounds the containers alive at once; 0 is unbounded.
	// Invocations beyond it queue.
	MaxContainers int
	// Concurrency is how many invocations one container runs at once,
	// sharing its globals; 0 means 1. A new container starts only when
	// every live one is running this many.
	Concurrency int
	// Agent configures the function's HTTP agent.
	Agent agent.Options
	// Placement is where the handler's agent is created; "" means global.
	Placement agent.Placement
	// CloseAtEnd closes a handler-placed agent at the end of the invocation
	// instead of abandoning it with its sockets.
	CloseAtEnd bool
	// Work is what one invocation asks of Redis.
	Work agent.Work
	// CPUShare is the share of one core a container gets, in (0, 1]; 0
	// means a full core. RuntimeGo models it: the CPU its TLS handshakes
	// take is stretched by 1/CPUShare (agent.WithCPUShare). RuntimeNode
	// applies it for real where Cgroups can: a CFS quota of CPUShare x
	// CPUPeriod per CPUPeriod (default cgroup.DefaultPeriod) for all the
	// process's threads.
	CPUShare  float64
	CPUPeriod time.Duration
	// ClientInit is what a container's process spends, at a full core's
	// speed, on its first TLS connection (agent.WithClientInit).
	ClientInit time.Duration
	// Timeout bounds each of the handler's requests; 0 never does.
	Timeout time.Duration
	// InvocationTimeout bounds each invocation's handler, as a platform's
	// function timeout does (Lambda's Timeout, Vercel's maxDuration); 0
	// never does. A container at concurrency 1 is reset by one: see
	// ErrTimedOut.
	InvocationTimeout time.Duration
	// Retry is the handler's client's retry policy (default none).
	Retry agent.Retry
	// ClosesSeen and ClockStops say how a container's process thaws: see
	// agent.WithClosesSeen and agent.WithClockStopped.
	ClosesSeen agent.ClosesSeen
	ClockStops bool
	// Seed fixes the init samples and the random keys.
	Seed uint64
	// Runtime is how the containers run the code: RuntimeGo ("" too) or
	// RuntimeNode, which runs Handler in a real Node process per
	// container with Env added to its environment (see node.go).
	Runtime Runtime
	Handler string
	Env     []string
	// Cgroups is where RuntimeNode puts each container's process in a
	// group of its own, to freeze it and limit its CPU as far as the
	// Parent can; nil freezes with SIGSTOP and leaves the CPU unlimited.
	// The caller closes it after the Platform.
	Cgroups *cgroup.Parent
}

// Validate reports a function the platform cannot run.
func (f Function) Validate() error {
	if f.Name == "" || strings.ContainsAny(f.Name, "/?# ") {
		return fmt.Errorf("lifecycle: function name %q must be non-empty without '/', '?', '#' or spaces", f.Name)
	}
	if err := f.Init.Validate(); err != nil {
		return fmt.Errorf("lifecycle: function %s: init: %w", f.Name, err)
	}
	switch {
	case f.IdleTimeout < 0:
		return fmt.Errorf("lifecycle: function %s: idle timeout %v is negative", f.Name, f.IdleTimeout)
	case f.MaxLifetime < 0:
		return fmt.Errorf("lifecycle: function %s: max lifetime %v is negative", f.Name, f.MaxLifetime)
	case f.CPUShare < 0 || f.CPUShare > 1:
		return fmt.Errorf("lifecycle: function %s: CPU share %v is not in (0, 1]", f.Name, f.CPUShare)
	case f.ClientInit < 0:
		return fmt.Errorf("lifecycle: function %s: client init %v is negative", f.Name, f.ClientInit)
	case f.Concurrency < 0:
		return fmt.Errorf("lifecycle: function %s: concurrency %d is negative", f.Name, f.Concurrency)
	case f.Concurrency > 1 && f.Runtime == RuntimeNode:
		return fmt.Errorf("lifecycle: function %s: the node runtime runs one invocation at a time, not %d", f.Name, f.Concurrency)
	case f.Runtime == RuntimeNode && f.cpuLimit().Validate() != nil:
		return fmt.Errorf("lifecycle: function %s: %w", f.Name, f.cpuLimit().Validate())
	case f.MaxContainers < 0:
		return fmt.Errorf("lifecycle: function %s: max containers %d is negative", f.Name, f.MaxContainers)
	}
	if f.Placement != "" {
		if _, err := agent.ParsePlacement(string(f.Placement)); err != nil {
			return fmt.Errorf("lifecycle: function %s: %w", f.Name, err)
		}
	}
	if err := f.Agent.Validate(); err != nil {
		return fmt.Errorf("lifecycle: function %s: %w", f.Name, err)
	}
	if f.InvocationTimeout < 0 {
		return fmt.Errorf("lifecycle: function %s: invocation timeout %v is negative", f.Name, f.InvocationTimeout)
	}
	if f.Timeout < 0 {
		return fmt.Errorf("lifecycle: function %s: timeout %v is negative", f.Name, f.Timeout)
	}
	if err := f.Retry.Validate(); err != nil {
		return fmt.Errorf("lifecycle: function %s: %w", f.Name, err)
	}
	if f.ClosesSeen != "" {
		if _, err := agent.ParseClosesSeen(string(f.ClosesSeen)); err != nil {
			return fmt.Errorf("lifecycle: function %s: %w", f.Name, err)
		}
	}
	if err := f.Work.Validate(); err != nil {
		return fmt.Errorf("lifecycle: function %s: %w", f.Name, err)
	}
	return f.validateRuntime()
}

// worldOptions are how the function's containers freeze and thaw.
func (f Function) worldOptions() []agent.WorldOption {
	var opts []agent.WorldOption
	if f.ClosesSeen != "" {
		opts = append(opts, agent.WithClosesSeen(f.ClosesSeen))
	}
	if f.ClockStops {
		opts = append(opts, agent.WithClockStopped())
	}
	return opts
}

func (f Function) concurrency() int { return max(f.Concurrency, 1) }

func (f Function) placement() agent.Placement {
	if f.Placement == "" {
		return agent.Global
	}
	return f.Placement
}
