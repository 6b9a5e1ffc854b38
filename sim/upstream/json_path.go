package upstream

import (
	"errors"
	"strconv"
	"strings"
)

// A jpath is a JSONPath as RedisJSON takes it. A path starting with $ is
// one the JSON.* commands answer for every match, in an array; any other
// is a legacy path (".a.b", "a[0]", "."), answered for its first match
// alone, an error when there is none. Supported: names (.a, ['a']), *,
// indexes (negative too), unions ([0,2], ['a','b']), slices ([1:3]) and
// recursive descent (..a); filter expressions are refused.
type jpath struct {
	raw    string
	legacy bool
	steps  []jstep
}

type jstep struct {
	kind    stepKind
	names   []string
	indexes []int
	from    *int
	to      *int
	inner   *jstep // for recursive descent
}

type stepKind int

const (
	stepName stepKind = iota
	stepIndex
	stepWild
	stepSlice
	stepDescend
)

var errBadPath = errors.New("ERR invalid JSONPath")

func parseJSONPath(raw string) (jpath, error) {
	p := jpath{raw: raw}
	s := raw
	if !strings.HasPrefix(s, "$") {
		p.legacy = true
		switch {
		case s == "." || s == "":
			s = ""
		case s[0] == '.' || s[0] == '[':
		default:
			s = "." + s
		}
	} else {
		s = s[1:]
	}
	for s != "" {
		st, rest, err := parseStep(s)
		if err != nil {
			return jpath{}, err
		}
		p.steps, s = append(p.steps, st), rest
	}
	return p, nil
}

func parseStep(s string) (jstep, string, error) {
	switch {
	case strings.HasPrefix(s, ".."):
		inner, rest, err := parseStep(s[1:])
		if s[2:] != "" && s[2] == '[' {
			inner, rest, err = parseStep(s[2:])
		}
		if err != nil {
			return jstep{}, "", err
		}
		return jstep{kind: stepDescend, inner: &inner}, rest, nil
	case s[0] == '.':
		end := strings.IndexAny(s[1:], ".[")
		if end < 0 {
			end = len(s) - 1
		}
		name := s[1 : 1+end]
		if name == "" {
			return jstep{}, "", errBadPath
		}
		if name == "*" {
			return jstep{kind: stepWild}, s[1+end:], nil
		}
		return jstep{kind: stepName, names: []string{name}}, s[1+end:], nil
	case s[0] == '[':
		return parseBracket(s)
	}
	return jstep{}, "", errBadPath
}

func parseBracket(s string) (jstep, string, error) {
	if len(s) < 2 {
		return jstep{}, "", errBadPath
	}
	if s[1] == '\'' || s[1] == '"' {
		// Quoted names may hold ']' and ','.
		var names []string
		i := 1
		for {
			q := s[i]
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return jstep{}, "", errBadPath
			}
			names = append(names, s[i+1:i+1+end])
			i += end + 2
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if i < len(s) && s[i] == ']' {
				return jstep{kind: stepName, names: names}, s[i+1:], nil
			}
			if i >= len(s) || s[i] != ',' {
				return jstep{}, "", errBadPath
			}
			i++
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if i >= len(s) || (s[i] != '\'' && s[i] != '"') {
				return jstep{}, "", errBadPath
			}
		}
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return jstep{}, "", errBadPath
	}
	body, rest := strings.TrimSpace(s[1:end]), s[end+1:]
	switch {
	case body == "*":
		return jstep{kind: stepWild}, rest, nil
	case strings.Contains(body, ":"):
		parts := strings.Split(body, ":")
		if len(parts) > 2 {
			return jstep{}, "", errBadPath
		}
		st := jstep{kind: stepSlice}
		for i, part := range parts {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			n, err := strconv.Atoi(part)
			if err != nil {
				return jstep{}, "", errBadPath
			}
			if i == 0 {
				st.from = &n
			} else {
				st.to = &n
			}
		}
		return st, rest, nil
	}
	st := jstep{kind: stepIndex}
	for part := range strings.SplitSeq(body, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return jstep{}, "", errBadPath
		}
		st.indexes = append(st.indexes, n)
	}
	return st, rest, nil
}

// A jloc is where a match sits: in an object under key, in an array at
// index, or at the root when parent is nil.
type jloc struct {
	parent *jnode
	key    string
	index  int
	node   *jnode
}

// find returns every match of the path in root, in document order.
func (p jpath) find(root *jnode) []jloc {
	locs := []jloc{{node: root}}
	for _, st := range p.steps {
		var next []jloc
		for _, l := range locs {
			next = st.apply(l.node, next)
		}
		locs = next
	}
	return locs
}

func (st jstep) apply(n *jnode, out []jloc) []jloc {
	switch st.kind {
	case stepName:
		if n.kind == jObj {
			for _, name := range st.names {
				if v := n.member(name); v != nil {
					out = append(out, jloc{parent: n, key: name, node: v})
				}
			}
		}
	case stepWild:
		for i, v := range n.arr {
			out = append(out, jloc{parent: n, index: i, node: v})
		}
		for _, m := range n.obj {
			out = append(out, jloc{parent: n, key: m.key, node: m.val})
		}
	case stepIndex:
		if n.kind == jArr {
			for _, i := range st.indexes {
				if i < 0 {
					i += len(n.arr)
				}
				if i >= 0 && i < len(n.arr) {
					out = append(out, jloc{parent: n, index: i, node: n.arr[i]})
				}
			}
		}
	case stepSlice:
		if n.kind == jArr {
			from, to := 0, len(n.arr)
			if st.from != nil {
				from = clampIndex(*st.from, len(n.arr))
			}
			if st.to != nil {
				to = clampIndex(*st.to, len(n.arr))
			}
			for i := from; i < to; i++ {
				out = append(out, jloc{parent: n, index: i, node: n.arr[i]})
			}
		}
	case stepDescend:
		out = st.inner.apply(n, out)
		for _, v := range n.arr {
			out = st.apply(v, out)
		}
		for _, m := range n.obj {
			out = st.apply(m.val, out)
		}
	}
	return out
}

// clampIndex turns a Python-style index into one in [0, n].
func clampIndex(i, n int) int {
	if i < 0 {
		i += n
	}
	return min(max(i, 0), n)
}

// parentAndName splits a path into the path of the parent and the name of
// its last step, for JSON.SET and JSON.MERGE to add a member.
func (p jpath) parentAndName() (jpath, string, bool) {
	if len(p.steps) == 0 {
		return jpath{}, "", false
	}
	last := p.steps[len(p.steps)-1]
	if last.kind != stepName || len(last.names) != 1 {
		return jpath{}, "", false
	}
	parent := p
	parent.steps = p.steps[:len(p.steps)-1]
	return parent, last.names[0], true
}

// replace puts v where l is; the root is replaced by the caller.
func (l jloc) replace(v *jnode) {
	switch {
	case l.parent == nil:
	case l.parent.kind == jObj:
		l.parent.set(l.key, v)
	default:
		l.parent.arr[l.index] = v
	}
}

// remove deletes the matches that are not the root, and reports how many.
func remove(locs []jloc) int {
	gone := map[*jnode]bool{}
	for _, l := range locs {
		if l.parent != nil {
			gone[l.node] = true
		}
	}
	n := 0
	for _, l := range locs {
		if l.parent == nil || !gone[l.node] {
			continue
		}
		delete(gone, l.node)
		n++
		if l.parent.kind == jObj {
			l.parent.remove(l.key)
			continue
		}
		for i, v := range l.parent.arr {
			if v == l.node {
				l.parent.arr = append(l.parent.arr[:i], l.parent.arr[i+1:]...)
				break
			}
		}
	}
	return n
}
