package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxFileBytes bounds a scenario file, so that no file can exhaust the
// memory; the shipped ones are a few kilobytes.
const maxFileBytes = 8 << 20

// Load reads and parses the scenario file at path. A file that cannot be
// read is reported like any other bad input.
func Load(path string, opts ...Option) (*File, error) {
	data, err := readFile(path)
	if err != nil {
		msg := err.Error()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		return nil, Errors{{File: path, Msg: "cannot read: " + msg, Err: err}}
	}
	return Parse(path, data, opts...)
}

// readFile reads path, or enough of it to tell that it is too large.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileBytes+1))
}

// Parse parses a scenario file held in data; name is used in messages. It
// returns either a complete, valid File or Errors listing every mistake.
func Parse(name string, data []byte, opts ...Option) (*File, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if len(data) > maxFileBytes {
		return nil, Errors{{File: name, Msg: fmt.Sprintf("is larger than %d MiB, too large for a scenario file", maxFileBytes>>20)}}
	}
	d := &decoder{file: name, origin: make(map[*yaml.Node]*place), seen: make(map[Error]bool), extent: make(map[*yaml.Node]extent)}
	f := d.parse(data, o)
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	f.Path = name
	return f, nil
}

var topKeys = []string{"seed", "time_dilation", "sweep", "defaults", "scenarios"}

func (d *decoder) parse(data []byte, o options) *File {
	text, _ := decodeText(data)
	d.lines = lineAt(text, len(text))
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.add(d.syntaxError(data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		d.add(&Error{File: d.file, Msg: "is empty; want a seed, defaults and a list of scenarios"})
		return nil
	}
	root := doc.Content[0]
	d.walk(root, nil, 1)
	if !d.aliases(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "is %s, want a block with seed, defaults and scenarios", show(root))
		return nil
	}
	f := &File{Seed: defaultSeed, TimeDilation: 1}
	var dilationNode, defaultsKey, defaultsNode, list, sweepNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "seed":
			if s, ok := d.seed(resolve(v)); ok {
				f.Seed = s
			}
		case "time_dilation":
			if k, ok := d.dilation(resolve(v)); ok {
				f.TimeDilation, dilationNode = k, v
			}
		case "defaults":
			defaultsKey, defaultsNode = k, d.defaults(resolve(v))
		case "sweep":
			sweepNode = resolve(v)
		case "scenarios":
			list = resolve(v)
			if list.Kind != yaml.SequenceNode && !isNull(list) {
				d.errorf(list, "is %s, want a list of scenarios", show(list))
				return nil
			}
			if len(list.Content) == 0 {
				d.errorf(k, "is empty; add at least one scenario with a name")
			}
		default:
			d.unknown(k, "", topKeys)
		}
	}
	if list == nil {
		d.add(&Error{File: d.file, Line: root.Line, Msg: "has no scenarios; add a list under scenarios:"})
		return f
	}
	if defaultsNode != nil {
		// Each scenario decodes the defaults again, merged under its own.
		inherited := d.measure(defaultsNode).size
		if d.measure(root).size+len(list.Content)*inherited > maxValues {
			d.errorf(defaultsKey, "hold %d values, decoded again for each of the %d scenarios: more than %d in all; keep in defaults only what the scenarios share",
				inherited, len(list.Content), maxValues)
			return f
		}
	}
	names := make(map[string]*yaml.Node)
	items := make([]*yaml.Node, len(list.Content))
	for i, item := range list.Content {
		items[i] = resolve(item)
		if s, ok := d.scenario(i, items[i], defaultsNode, names, nil); ok {
			if o.runtime != "" && !d.asRuntime(&s, i, items[i], o) {
				continue
			}
			if !s.ownSeed {
				s.Seed = f.Seed
			}
			if err := s.stretches(f.TimeDilation); err != nil {
				d.errorf(dilationNode, "%s %v", clip(resolve(dilationNode).Value), err)
				continue
			}
			s.TimeDilation = f.TimeDilation
			f.Scenarios = append(f.Scenarios, s)
		}
	}
	// The sweep's values are checked on scenarios that are valid without
	// them, so that each mistake is reported once, where it was written.
	scenariosOK := d.reported == 0
	var axes []axisNodes
	switch {
	case o.sweep != nil:
		axes = d.sweepFlags(o.sweep)
	case sweepNode != nil:
		axes = d.sweepFile(sweepNode)
	}
	if len(axes) > 0 && o.runtime != "" {
		d.errorAt(axes[0].key, d.axisAt(axes[0].key), "simulate calibrate runs each scenario once with each runtime and does not sweep; calibrate a file without a sweep")
		return f
	}
	if len(axes) > 0 && scenariosOK {
		d.points(f, axes, items, defaultsNode)
	}
	return f
}

// walk records the place of every node under n, which is at, level levels
// deep, and reports keys that are not plain names or appear twice in one
// block. It stops below maxDepth, which aliases refuses.
func (d *decoder) walk(n *yaml.Node, at *place, level int) {
	if _, done := d.origin[n]; done {
		return
	}
	d.origin[n] = at
	if level > maxDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		first := make(map[string]*yaml.Node)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.errorAt(k, at.String(), "a key is %s; keys are plain names", show(k))
				continue
			}
			p := at.child(k.Value)
			d.origin[k] = p
			if prev, dup := first[k.Value]; dup {
				d.errorAt(k, at.String(), "key %q appears twice (first at line %d)", clip(k.Value), prev.Line)
			} else {
				first[k.Value] = k
			}
			d.walk(v, p, level+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			d.walk(c, at.item(i), level+1)
		}
	}
}

// path returns the field path where n was written.
func (d *decoder) path(n *yaml.Node) string { return d.origin[n].String() }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// errorAt reports a mistake at n's line under an explicit path, for
// mistakes about a block's keys rather than a value.
func (d *decoder) errorAt(n *yaml.Node, path, format string, args ...any) {
	d.add(&Error{File: d.file, Line: n.Line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) unknown(k *yaml.Node, path string, known []string) {
	switch {
	case k.Value == "<<":
		d.errorAt(k, path, "merge keys (<<) are not supported; put shared settings in defaults")
	case closest(k.Value, known) != "":
		d.errorAt(k, path, "unknown key %q; did you mean %q?", clip(k.Value), closest(k.Value, known))
	default:
		d.errorAt(k, path, "unknown key %q (known: %s)", clip(k.Value), strings.Join(known, ", "))
	}
}

func (d *decoder) seed(n *yaml.Node) (uint64, bool) {
	if !d.scalar(n, "a whole number") {
		return 0, false
	}
	var s uint64
	if n.ShortTag() != "!!int" || n.Decode(&s) != nil {
		d.errorf(n, "%s is not a seed: want a whole number from 0 to %d", show(n), uint64(1<<64-1))
		return 0, false
	}
	return s, true
}

func (d *decoder) dilation(n *yaml.Node) (float64, bool) {
	k, ok := d.number(n)
	if ok && k < 1 {
		d.errorf(n, "%v is not a time dilation: want a factor of 1 (real time) or more", k)
		return 0, false
	}
	return k, ok
}

// defaults checks the defaults block on its own, so its mistakes are found
// even when no scenario inherits them, and returns it for merging.
func (d *decoder) defaults(n *yaml.Node) *yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "is %s, want a block of settings that scenarios inherit", show(n))
		return nil
	}
	body := d.without(n, func(k, _ *yaml.Node) {
		if k.Value == "name" {
			d.errorAt(k, "defaults", "name belongs to each scenario, not to defaults")
		} else {
			d.errorAt(k, "defaults", "set the seed at the top level or in a scenario")
		}
	})
	s := defaults()
	d.at = make(map[string]*yaml.Node)
	d.block(body, scenarioFields, "", &s)
	d.rules(body)
	return body
}

// without returns a copy of block without its name and seed, calling found
// for each.
func (d *decoder) without(block *yaml.Node, found func(k, v *yaml.Node)) *yaml.Node {
	out := *block
	out.Content = nil
	for i := 0; i+1 < len(block.Content); i += 2 {
		k, v := block.Content[i], block.Content[i+1]
		if k.Value == "name" || k.Value == "seed" {
			found(k, v)
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	d.origin[&out] = d.origin[block]
	return &out
}

var nameRE = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// scenario decodes the scenario at item i of the list, merged over the
// defaults and under over, a sweep point's values (nil for none). names
// holds the names seen so far; nil skips the check, for a scenario decoded
// again at a sweep point.
func (d *decoder) scenario(i int, n *yaml.Node, defaultsBody *yaml.Node, names map[string]*yaml.Node, over *yaml.Node) (Scenario, bool) {
	prefix := fmt.Sprintf("scenarios[%d]", i)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "is %s, want a block with a name and settings", show(n))
		return Scenario{}, false
	}
	before := d.reported
	s := defaults()
	s.File, s.Line = d.file, n.Line
	var named bool
	body := d.without(n, func(k, v *yaml.Node) {
		v = resolve(v)
		if k.Value == "seed" {
			s.Seed, s.ownSeed = d.seed(v)
			return
		}
		named = true
		if !d.scalar(v, "a name") {
			return
		}
		switch {
		case !nameRE.MatchString(v.Value):
			d.errorf(v, "%s is not a valid name: use 1 to 64 of a-z, 0-9, - and _, so it can name files", show(v))
		case names == nil:
			s.Name = v.Value
		case names[v.Value] != nil:
			first := names[v.Value]
			d.errorf(v, "%s is already the name of %s (line %d)", show(v), strings.TrimSuffix(d.path(first), ".name"), first.Line)
		default:
			names[v.Value] = v
			s.Name = v.Value
		}
	})
	if !named {
		d.errorAt(n, prefix, "has no name; give each scenario a unique name")
	}
	d.at = make(map[string]*yaml.Node)
	merged := d.merge(d.merge(defaultsBody, body), over)
	applyPreset(merged, &s)
	d.block(merged, scenarioFields, "", &s)
	d.rules(body)
	d.validate(&s, prefix, n)
	if d.reported > before {
		return Scenario{}, false
	}
	s.finish()
	d.checkPlan(s, prefix, n)
	if d.reported > before {
		return Scenario{}, false
	}
	return s, true
}

// merge lays over on top of base: blocks merge key by key, anything else
// in over replaces base, and an empty block in over keeps base.
func (d *decoder) merge(base, over *yaml.Node) *yaml.Node {
	rb, ro := resolve(base), resolve(over)
	switch {
	case rb == nil:
		return over
	case ro == nil || isNull(ro) && rb.Kind == yaml.MappingNode:
		return base
	case rb.Kind != yaml.MappingNode || ro.Kind != yaml.MappingNode:
		return over
	}
	overAt := make(map[string]int)
	for i := 0; i+1 < len(ro.Content); i += 2 {
		overAt[ro.Content[i].Value] = i
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: ro.Line, Column: ro.Column}
	d.origin[out] = d.origin[ro]
	taken := make(map[string]bool)
	for i := 0; i+1 < len(rb.Content); i += 2 {
		k, v := rb.Content[i], rb.Content[i+1]
		if j, ok := overAt[k.Value]; ok {
			k, v = ro.Content[j], d.merge(v, ro.Content[j+1])
			taken[k.Value] = true
		}
		out.Content = append(out.Content, k, v)
	}
	for i := 0; i+1 < len(ro.Content); i += 2 {
		if k := ro.Content[i]; !taken[k.Value] {
			out.Content = append(out.Content, k, ro.Content[i+1])
		}
	}
	return out
}

// block decodes a block of settings into s, following the field table.
func (d *decoder) block(n *yaml.Node, fields []field, path string, s *Scenario) {
	n = resolve(n)
	if n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "is %s, want a block with keys %s", show(n), strings.Join(keys(fields), ", "))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f := find(fields, k.Value)
		if f == nil {
			// The key's own origin, not the merged block's: it may have
			// been written in defaults.
			d.unknown(k, d.origin[k].parent().String(), keys(fields))
			continue
		}
		p := join(path, f.key)
		d.at[p] = v
		rv := resolve(v)
		if f.fields != nil && (rv.Kind == yaml.MappingNode || f.set == nil) {
			d.block(rv, f.fields, p, s)
			continue
		}
		f.set(d, rv, s)
	}
}

func find(fields []field, key string) *field {
	for i := range fields {
		if fields[i].key == key {
			return &fields[i]
		}
	}
	return nil
}

func keys(fields []field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.key
	}
	return out
}

// closest returns the known key within two edits of key, if there is one,
// to suggest for a typo.
func closest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if len(key) > len(k)+bestDist {
			// Too long to be a typo, and the distance costs its length.
			continue
		}
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
