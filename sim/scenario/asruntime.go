package scenario

import (
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// HandlerFlag names, in messages, the command-line handler that AsRuntime
// gives the scenarios without one.
const HandlerFlag = "--handler"

// AsRuntime reads every scenario as if it had written function.runtime: r,
// for simulate calibrate, which runs a file once with each runtime and
// sets the two side by side. The file must be valid as written first.
//
// With RuntimeGo, a scenario's function.handler, the node runtime's code,
// is left out. With RuntimeNode, a scenario without a handler runs
// handler, a path as given on the command line (relative to the working
// directory); with handler "", such a scenario is a mistake, reported
// where it starts. The settings of the in-process model that the node
// runtime does not read (function.client_init, commands, retry, the agent's
// options besides keep_alive and placement) stay in the Scenario for the go
// run, as NodeIgnores lists them. What cannot run with runtime node is
// refused where it was written: platform.concurrency above 1 and
// upstream.url. A file with a sweep is refused for either runtime: each
// scenario runs once per runtime.
func AsRuntime(r, handler string) Option {
	return func(o *options) { o.runtime, o.handler = r, handler }
}

// asRuntime turns s, just decoded from item i of the list, into its run
// with runtime o.runtime, reporting what that runtime cannot run. It must
// run before the next scenario is decoded: it reads d.at.
func (d *decoder) asRuntime(s *Scenario, i int, item *yaml.Node, o options) bool {
	before := d.reported
	prefix := fmt.Sprintf("scenarios[%d]", i)
	pick := func(paths ...string) *yaml.Node { return d.pick(prefix, item, paths...) }
	f := &s.Function
	switch o.runtime {
	case RuntimeGo:
		f.Runtime, f.Handler, f.HandlerPath = RuntimeGo, "", ""
		return true
	case RuntimeNode:
	default:
		d.add(&Error{File: d.file, Msg: fmt.Sprintf("runtime %q: want %s or %s", o.runtime, RuntimeGo, RuntimeNode)})
		return false
	}
	const why = "simulate calibrate runs every scenario with runtime node too"
	if s.Platform.Concurrency > 1 {
		d.errorf(pick("platform.concurrency"), "%s, which runs one invocation per container at a time; calibrate with concurrency: 1", why)
	}
	if s.Upstream.Target.URL != "" {
		d.errorf(pick("upstream.url"), "%s, which calls the emulated database only; calibrate without upstream.url", why)
	}
	if f.Handler == "" {
		if o.handler == "" {
			d.errorAt(item, prefix, "%s, which needs function.handler: write one, or give %s FILE (examples/node/article-handler.mjs is the article's)", why, HandlerFlag)
		} else if path, ok := d.flagHandler(o.handler); ok {
			f.Handler, f.HandlerPath = o.handler, path
		}
	}
	f.Runtime = RuntimeNode
	return d.reported == before
}

// flagHandler checks the handler given on the command line, whose mistake
// is reported once however many scenarios take it, and returns its
// absolute path.
func (d *decoder) flagHandler(handler string) (string, bool) {
	path, err := filepath.Abs(handler)
	if err != nil {
		d.add(&Error{File: d.file, Path: HandlerFlag, Msg: err.Error()})
		return "", false
	}
	if msg := unreadable(path, handler); msg != "" {
		d.add(&Error{File: d.file, Path: HandlerFlag, Msg: msg})
		return "", false
	}
	return path, true
}

// NodeIgnores lists the settings of s, as field paths with their values,
// that the in-process model reads and a runtime node handler does not: a
// calibration's go run applies them, its node run cannot.
func (s Scenario) NodeIgnores() []string {
	def := defaults()
	f, fd := s.Function, def.Function
	a, ad := f.Agent, fd.Agent
	var out []string
	add := func(differs bool, path string, v any) {
		if differs {
			out = append(out, fmt.Sprintf("function.%s: %v", path, v))
		}
	}
	add(f.ClientInit != fd.ClientInit, "client_init", f.ClientInit)
	add(f.Timeout != fd.Timeout, "timeout", f.Timeout)
	add(f.Retry.Policy != fd.Retry.Policy, "retry.policy", f.Retry.Policy)
	add(f.Commands != nil, "commands", f.Commands)
	add(f.Pipeline, "pipeline", f.Pipeline)
	add(f.Client != fd.Client, "client", f.Client)
	add(a.MaxSockets != ad.MaxSockets, "agent.max_sockets", a.MaxSockets)
	add(a.MaxFreeSockets != ad.MaxFreeSockets, "agent.max_free_sockets", a.MaxFreeSockets)
	add(a.FreeSocketTimeout != ad.FreeSocketTimeout, "agent.free_socket_timeout", a.FreeSocketTimeout)
	add(a.MaxCachedSessions != ad.MaxCachedSessions, "agent.max_cached_sessions", a.MaxCachedSessions)
	add(a.CloseAtEnd, "agent.close_at_end", a.CloseAtEnd)
	add(a.HonorKeepAliveHint, "agent.honor_keep_alive_hint", a.HonorKeepAliveHint)
	add(a.HTTP2, "agent.http2", a.HTTP2)
	return out
}
