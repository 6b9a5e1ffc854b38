package lifecycle

import (
	"fmt"
	"path/filepath"
)

// Runtime names how a function's containers run its code.
type Runtime string

const (
	// RuntimeGo runs the in-process model: the handler is Go code calling
	// Redis through sim/agent, whose phases and reuse it records.
	RuntimeGo Runtime = "go"
	// RuntimeNode runs Function.Handler in a real Node.js process per
	// container, reached over a local AWS Lambda Runtime API.
	RuntimeNode Runtime = "node"
)

func (f Function) validateRuntime() error {
	switch f.Runtime {
	case "", RuntimeGo:
		if f.Handler != "" {
			return fmt.Errorf("lifecycle: function %s: a handler file needs runtime node", f.Name)
		}
	case RuntimeNode:
		if f.Handler == "" || !filepath.IsAbs(f.Handler) {
			return fmt.Errorf("lifecycle: function %s: runtime node needs the handler's absolute path, got %q", f.Name, f.Handler)
		}
	default:
		return fmt.Errorf("lifecycle: function %s: unknown runtime %q (want go or node)", f.Name, f.Runtime)
	}
	return nil
}

// loadFunction loads fn's code into container id with its runtime.
func (p *Platform) loadFunction(fn *Function, id int) (instance, error) {
	if fn.Runtime == RuntimeNode {
		return p.loadNodeFunction(fn, id)
	}
	return p.loadRedisFunction(fn, id)
}
