package scenario

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxRuns bounds a sweep's grid times the file's scenarios: every point
// runs, and is decoded with, every scenario.
const maxRuns = 10000

// Axis is one swept field and the values it takes, in the order written.
type Axis struct {
	// Path is the field, as written in a scenario: "network.rtt".
	Path string
	// Values are as written, "0.5ms" or "true".
	Values []string
}

// Point is one combination of the axes' values, the first axis varying
// slowest, and the file's scenarios with those values set.
type Point struct {
	// Values holds one value per axis, in the axes' order.
	Values []string
	// Scenarios are the file's scenarios, in order, at this point: each
	// decoded again with the point's values laid over its own, so a value
	// is checked exactly as if the scenario had written it.
	Scenarios []Scenario
}

// Option changes how a file is read.
type Option func(*options)

type options struct {
	sweep []string
	// runtime and handler are AsRuntime's.
	runtime, handler string
}

// WithSweep replaces the file's sweep, as the command line's --sweep does:
// each spec is PATH=V1,V2,..., such as "network.rtt=1ms,5ms,20ms"; two
// specs make a grid. A mistake in a spec is reported under "--sweep".
func WithSweep(specs ...string) Option {
	return func(o *options) { o.sweep = append(o.sweep, specs...) }
}

// axisNodes is an axis as decoded: the key that names it and its values'
// nodes, which carry their place for messages.
type axisNodes struct {
	key    *yaml.Node
	path   string
	values []*yaml.Node
}

// sweepFile reads the file's sweep block into axes.
func (d *decoder) sweepFile(n *yaml.Node) []axisNodes {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "is %s, want a block of field paths, each with a list of values, such as network.rtt: [1ms, 5ms]", show(n))
		return nil
	}
	var axes []axisNodes
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if !d.sweepPath(k, k.Value) {
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			d.errorf(v, "is %s, want a list of one or more values, such as [1ms, 5ms]", show(v))
			continue
		}
		ax := axisNodes{key: k, path: k.Value}
		for _, c := range v.Content {
			c = resolve(c)
			if c.Kind != yaml.ScalarNode {
				d.errorf(c, "is %s; a sweep's values are single values", show(c))
				continue
			}
			ax.values = append(ax.values, c)
		}
		if len(ax.values) == len(v.Content) {
			axes = append(axes, ax)
		}
	}
	return axes
}

// sweepFlags reads --sweep specs into axes. Their values are read as YAML
// scalars, so that 5 and true mean what they mean in the file.
func (d *decoder) sweepFlags(specs []string) []axisNodes {
	flag := &place{key: "--sweep", index: -1}
	var axes []axisNodes
	for _, spec := range specs {
		path, list, ok := strings.Cut(spec, "=")
		path = strings.TrimSpace(path)
		at := &place{key: "--sweep " + path, index: -1}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: path}
		d.origin[key] = flag.child(path)
		if !ok || strings.TrimSpace(list) == "" {
			d.add(&Error{File: d.file, Path: "--sweep", Msg: fmt.Sprintf("%q is not PATH=V1,V2,... such as network.rtt=1ms,5ms,20ms", clip(spec))})
			continue
		}
		if !d.sweepPath(key, path) {
			continue
		}
		if slices.ContainsFunc(axes, func(a axisNodes) bool { return a.path == path }) {
			d.add(&Error{File: d.file, Path: "--sweep", Msg: fmt.Sprintf("%s is swept twice; give all its values in one --sweep", clip(path))})
			continue
		}
		ax := axisNodes{key: key, path: path}
		for i, text := range strings.Split(list, ",") {
			v := scalarNode(strings.TrimSpace(text))
			d.origin[v] = at.item(i)
			ax.values = append(ax.values, v)
		}
		axes = append(axes, ax)
	}
	return axes
}

// axisAt is where a mistake about a whole axis is reported: the sweep
// block, or --sweep.
func (d *decoder) axisAt(key *yaml.Node) string { return d.origin[key].parent().String() }

// scalarNode reads text as a YAML scalar, tagged as the file's would be.
func scalarNode(text string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.ScalarNode {
		v := doc.Content[0]
		v.Line, v.Column = 0, 0
		return v
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: text}
}

// sweepPath checks that path names a field that holds a single value,
// reporting at key when it does not.
func (d *decoder) sweepPath(key *yaml.Node, path string) bool {
	fields := scenarioFields
	steps := strings.Split(path, ".")
	for i, step := range steps {
		f := find(fields, step)
		if f == nil {
			known := keys(fields)
			msg := fmt.Sprintf("%q is not a scenario field: %q is unknown", clip(path), clip(step))
			if c := closest(step, known); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			} else {
				msg += " (known: " + strings.Join(known, ", ") + ")"
			}
			d.errorAt(key, d.axisAt(key), "%s", msg)
			return false
		}
		if i < len(steps)-1 {
			if f.fields == nil {
				d.errorAt(key, d.axisAt(key), "%q is not a scenario field: %s holds a single value", clip(path), strings.Join(steps[:i+1], "."))
				return false
			}
			fields = f.fields
			continue
		}
		if f.set == nil {
			d.errorAt(key, d.axisAt(key), "%q is a block; sweep one of its fields: %s", clip(path), strings.Join(keys(f.fields), ", "))
			return false
		}
		if path == "function.commands" {
			d.errorAt(key, d.axisAt(key), "function.commands is a list of commands, not a single value; write a scenario for each")
			return false
		}
	}
	return true
}

// points lays every combination of the axes' values over each scenario
// and decodes the result, so that a value is checked by the field's own
// decoding and the scenario's rules, and reported where it was written.
func (d *decoder) points(f *File, axes []axisNodes, items []*yaml.Node, defaults *yaml.Node) {
	// Each point decodes every scenario again, with the defaults.
	perPoint := 0
	for _, item := range items {
		perPoint += d.measure(item).size
		if defaults != nil {
			perPoint += d.measure(defaults).size
		}
	}
	n := 1
	for _, ax := range axes {
		n *= len(ax.values)
		switch {
		case n*len(items) > maxRuns:
			d.errorAt(ax.key, d.axisAt(ax.key), "the sweep runs each of the %d scenarios at more than %d points: more than %d runs; sweep fewer values",
				len(items), n, maxRuns)
			return
		case n*perPoint > maxValues:
			d.errorAt(ax.key, d.axisAt(ax.key), "the sweep decodes the scenarios' %d values again at each of %d points: more than %d in all; sweep fewer values",
				perPoint, n, maxValues)
			return
		}
	}
	for _, ax := range axes {
		vals := make([]string, len(ax.values))
		for i, v := range ax.values {
			vals[i] = v.Value
		}
		f.Sweep = append(f.Sweep, Axis{Path: ax.path, Values: vals})
	}
	idx := make([]int, len(axes))
	bad := false
	for range n {
		p := Point{}
		over := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for a, ax := range axes {
			v := ax.values[idx[a]]
			p.Values = append(p.Values, v.Value)
			lay(over, strings.Split(ax.path, "."), v)
		}
		for i, item := range items {
			s, ok := d.scenario(i, item, defaults, nil, over)
			if !ok || !d.sweepUsed(s, axes) {
				bad = true
				continue
			}
			s.Seed, s.TimeDilation = f.Scenarios[i].Seed, f.TimeDilation
			if err := s.stretches(f.TimeDilation); err != nil {
				d.errorAt(axes[0].key, d.axisAt(axes[0].key), "time dilation %g %v at %s", f.TimeDilation, err, strings.Join(p.Values, ", "))
				bad = true
				continue
			}
			p.Scenarios = append(p.Scenarios, s)
		}
		f.Points = append(f.Points, p)
		for a := len(idx) - 1; a >= 0; a-- {
			if idx[a]++; idx[a] < len(axes[a].values) {
				break
			}
			idx[a] = 0
		}
	}
	if bad {
		f.Sweep, f.Points = nil, nil
	}
}

// sweepUsed reports a swept load key that s's pattern does not read: the
// sweep would run the same scenario at every point.
func (d *decoder) sweepUsed(s Scenario, axes []axisNodes) bool {
	ok := true
	for _, ax := range axes {
		key, isLoad := strings.CutPrefix(ax.path, "load.")
		key, _, _ = strings.Cut(key, ".")
		if isLoad && key != "pattern" && !slices.Contains(usedBy[s.Load.Pattern], key) {
			d.errorAt(ax.key, d.axisAt(ax.key), "scenario %s: pattern %q does not use %s (it uses %s)",
				s.Name, s.Load.Pattern, ax.path, strings.Join(usedBy[s.Load.Pattern], ", "))
			ok = false
		}
	}
	return ok
}

// lay sets the value at path in the block over, making the blocks on the
// way.
func lay(over *yaml.Node, path []string, v *yaml.Node) {
	for _, step := range path[:len(path)-1] {
		next := value(over, step)
		if next == nil {
			next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			over.Content = append(over.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: step}, next)
		}
		over = next
	}
	over.Content = append(over.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: path[len(path)-1]}, v)
}
