package scenario

import "go.yaml.in/yaml/v3"

// maxValues bounds the values decoding a file may visit: a block counts once
// for every alias that repeats it, and the defaults once for every scenario
// that inherits them. Aliases and defaults are there to share settings;
// made to multiply them ("billion laughs"), they would let a file of a few
// lines cost any amount of time and memory.
const maxValues = 1_000_000

// maxDepth bounds how deep values nest, aliases followed. The deepest
// setting, an argument of a command, is 7 levels down.
const maxDepth = 64

// extent is the size and depth of a node with its aliases expanded; size
// stops counting past maxValues.
type extent struct{ size, depth int }

// aliases refuses a file whose aliases cannot be expanded: one that refers
// to a block containing it, which would never end, or ones that would
// expand the file past maxValues or maxDepth. It reports false, having
// reported why, when the file must not be decoded further.
func (d *decoder) aliases(root *yaml.Node) bool {
	var all []*yaml.Node
	if !d.acyclic(root, make(map[*yaml.Node]bool), &all) {
		return false
	}
	e := d.measure(root)
	switch {
	case e.depth > maxDepth:
		d.tooDeep(root, e.depth)
		return false
	case e.size > maxValues && len(all) == 0:
		d.errorf(root, "holds more than %d values, too many for a scenario file", maxValues)
		return false
	case e.size > maxValues:
		worst := all[0]
		for _, a := range all[1:] {
			if d.measure(a).size > d.measure(worst).size {
				worst = a
			}
		}
		if size := d.measure(worst).size; size > maxValues {
			d.errorf(worst, "alias *%s expands to more than %d values: an alias may share a block, not multiply it", clip(worst.Value), maxValues)
		} else {
			d.errorf(worst, "alias *%s repeats %d values, and with the file's other aliases expands it to more than %d: an alias may share a block, not multiply it",
				clip(worst.Value), size, maxValues)
		}
		return false
	}
	return true
}

// acyclic reports each alias under n that refers to a block it is in,
// collecting every alias in all; open holds n's ancestors. An alias can only
// name an anchor written before it, so every cycle has such an alias.
func (d *decoder) acyclic(n *yaml.Node, open map[*yaml.Node]bool, all *[]*yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		*all = append(*all, n)
		if open[n.Alias] {
			d.errorf(n, "alias *%s is inside the block it names (&%s, line %d): the block would contain itself without end",
				clip(n.Value), clip(n.Value), n.Alias.Line)
			return false
		}
		return true
	}
	open[n] = true
	ok := true
	for _, c := range n.Content {
		ok = d.acyclic(c, open, all) && ok
	}
	delete(open, n)
	return ok
}

// measure returns n's extent, counting each node once per alias that
// repeats it, in time linear in the file: an alias's block is measured once.
func (d *decoder) measure(n *yaml.Node) extent {
	if n.Kind == yaml.AliasNode {
		return d.measure(n.Alias)
	}
	if e, ok := d.extent[n]; ok {
		return e
	}
	e := extent{size: 1}
	for _, c := range n.Content {
		ce := d.measure(c)
		e.size = min(e.size+ce.size, maxValues+1)
		e.depth = max(e.depth, ce.depth)
	}
	e.depth++
	d.extent[n] = e
	return e
}

// tooDeep reports where a file nesting depth levels deep first goes past
// maxDepth: at the alias that takes it there, or at the node too deep.
func (d *decoder) tooDeep(root *yaml.Node, depth int) {
	n := root
	for level := 1; ; level++ {
		if n.Kind == yaml.AliasNode {
			d.errorf(n, "alias *%s makes values nest %d levels deep, more than %d: an alias may share a block, not stack it", clip(n.Value), depth, maxDepth)
			return
		}
		if level > maxDepth {
			d.errorf(n, "is nested more than %d levels deep; settings are at most 7 levels deep", maxDepth)
			return
		}
		deepest := n.Content[0]
		for _, c := range n.Content[1:] {
			if d.measure(c).depth > d.measure(deepest).depth {
				deepest = c
			}
		}
		n = deepest
	}
}
