package scenario

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decoder turns yaml nodes into values, collecting every mistake with the
// line and field it belongs to.
type decoder struct {
	file string
	// origin maps every node of the file to its place, so that a node
	// reached through a merge is still reported where it was written.
	origin map[*yaml.Node]*place
	errs   Errors
	// reported counts every mistake found, repeats included, so a caller
	// can tell whether its part of the file had any; seen keeps errs free
	// of repeats, which a file could otherwise multiply by its scenarios.
	reported int
	seen     map[Error]bool
	// extent holds the expanded size and depth of the file's nodes.
	extent map[*yaml.Node]extent
	// lines is the number of lines in the file. At the end of a file
	// without a final line break, the yaml package counts one more.
	lines int
	// at maps field paths within the scenario being decoded (such as
	// "load.pattern") to their merged nodes, for checks across fields.
	at map[string]*yaml.Node
	// traces holds the trace rows read so far, so that scenarios sharing
	// one read it once.
	traces map[traceKey][]int
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.add(&Error{File: d.file, Line: n.Line, Path: d.path(n), Msg: fmt.Sprintf(format, args...)})
}

// add records e unless the same mistake was recorded before: a mistake in
// the defaults is found once per scenario that inherits it.
func (d *decoder) add(e *Error) {
	d.reported++
	e.Line = min(e.Line, d.lines)
	key := Error{Line: e.Line, Path: e.Path, Msg: e.Msg}
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	d.errs = append(d.errs, e)
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// show renders a scalar as the user wrote it: strings quoted, numbers bare.
func show(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a block"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "empty"
	case n.ShortTag() == "!!str":
		return strconv.Quote(clip(n.Value))
	default:
		return clip(n.Value)
	}
}

// scalar checks that n is a scalar with a value, reporting what was wanted.
func (d *decoder) scalar(n *yaml.Node, want string) bool {
	switch {
	case n.Kind != yaml.ScalarNode:
		d.errorf(n, "is %s, want %s", show(n), want)
	case isNull(n):
		d.errorf(n, "has no value, want %s", want)
	default:
		return true
	}
	return false
}

// duration reads a non-negative Go duration. A bare number other than 0 is
// rejected: "20" could mean seconds or milliseconds.
func (d *decoder) duration(n *yaml.Node) (time.Duration, bool) {
	const want = `a duration such as "20ms"`
	if !d.scalar(n, want) {
		return 0, false
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f == 0 {
			return 0, true
		}
		d.errorf(n, "%s has no unit; write it as a duration such as %q", clip(n.Value), clip(n.Value)+"ms")
		return 0, false
	case "!!str":
	default:
		d.errorf(n, "is %s, want %s", show(n), want)
		return 0, false
	}
	v, err := time.ParseDuration(strings.TrimSpace(n.Value))
	if err != nil {
		d.errorf(n, "%s is not a duration; write e.g. \"20ms\", \"1.5s\" (units ns, us, ms, s, m, h)", show(n))
		return 0, false
	}
	if v < 0 {
		d.errorf(n, "%s is negative", show(n))
		return 0, false
	}
	return v, true
}

func (d *decoder) boolean(n *yaml.Node) (bool, bool) {
	if !d.scalar(n, "true or false") {
		return false, false
	}
	var b bool
	if n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		d.errorf(n, "%s is not a boolean; write true or false", show(n))
		return false, false
	}
	return b, true
}

// integer reads a whole number of at least low; hint says what low means.
func (d *decoder) integer(n *yaml.Node, low int, hint string) (int, bool) {
	if !d.scalar(n, "a whole number") {
		return 0, false
	}
	var v int64
	if n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		d.errorf(n, "%s is not a whole number", show(n))
		return 0, false
	}
	if v > math.MaxInt32 {
		d.errorf(n, "%s is too large", clip(n.Value))
		return 0, false
	}
	if v < int64(low) {
		d.errorf(n, "must be at least %d, not %d%s", low, v, hint)
		return 0, false
	}
	return int(v), true
}

// number reads a finite number, integer or not.
func (d *decoder) number(n *yaml.Node) (float64, bool) {
	if !d.scalar(n, "a number") {
		return 0, false
	}
	var v float64
	if tag := n.ShortTag(); tag != "!!int" && tag != "!!float" || n.Decode(&v) != nil {
		d.errorf(n, "%s is not a number", show(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, "%s is not a finite number", clip(n.Value))
		return 0, false
	}
	return v, true
}

// enum reads one of a fixed set of words. Numbers count by their text, so
// that tls: 1.3 works unquoted.
func (d *decoder) enum(n *yaml.Node, allowed ...string) (string, bool) {
	want := "one of " + strings.Join(allowed, ", ")
	if !d.scalar(n, want) {
		return "", false
	}
	for _, a := range allowed {
		if n.Value == a {
			return a, true
		}
	}
	d.errorf(n, "%s is not %s", show(n), want)
	return "", false
}

var bandwidthRE = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmg]?)bit\s*$`)

// bandwidth reads bits per second with a unit ("100Mbit", SI prefixes, as
// tc writes them) and returns bytes per second; "unlimited" is 0.
func (d *decoder) bandwidth(n *yaml.Node) (int64, bool) {
	const want = `a rate such as "100Mbit" or unlimited`
	if !d.scalar(n, want) {
		return 0, false
	}
	if n.ShortTag() == "!!int" || n.ShortTag() == "!!float" {
		d.errorf(n, "%s has no unit; write bits per second such as %q", clip(n.Value), clip(n.Value)+"Mbit")
		return 0, false
	}
	if n.Value == "unlimited" {
		return 0, true
	}
	m := bandwidthRE.FindStringSubmatch(n.Value)
	if m == nil {
		d.errorf(n, "%s is not %s (units bit, kbit, Mbit, Gbit)", show(n), want)
		return 0, false
	}
	bits, _ := strconv.ParseFloat(m[1], 64)
	bits *= map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[strings.ToLower(m[2])]
	bytes := bits / 8
	if bytes < 1 || bytes > math.MaxInt64/2 {
		d.errorf(n, "%s is out of range: at least 8bit, or unlimited", show(n))
		return 0, false
	}
	return int64(bytes), true
}

// scripting are the commands that run or manage server-side scripts. The
// database runs a script holding its lock, and a script can loop for ever.
var scripting = []string{"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO", "FUNCTION", "SCRIPT"}

// commands reads a list of commands, each a non-empty list of arguments.
func (d *decoder) commands(n *yaml.Node) ([][]string, bool) {
	const want = "a list of commands such as [[SET, key, value]]"
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "is %s, want %s", show(n), want)
		return nil, false
	}
	if len(n.Content) == 0 {
		d.errorf(n, "is empty; leave it out for the default SET, or list commands such as [[GET, key]]")
		return nil, false
	}
	ok := true
	out := make([][]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.SequenceNode || len(c.Content) == 0 {
			d.errorf(c, "is %s, want a command as a list of arguments such as [GET, key]", show(c))
			ok = false
			continue
		}
		args := make([]string, 0, len(c.Content))
		for _, a := range c.Content {
			a = resolve(a)
			if !d.scalar(a, "an argument") {
				ok = false
				continue
			}
			args = append(args, a.Value)
		}
		if len(args) < len(c.Content) {
			continue
		}
		name := strings.ToUpper(strings.TrimSpace(args[0]))
		switch {
		case name == "":
			d.errorf(resolve(c.Content[0]), "the command name is empty")
			ok = false
		case slices.Contains(scripting, name):
			d.errorf(resolve(c.Content[0]), "%s is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts", show(resolve(c.Content[0])))
			ok = false
		}
		out = append(out, args)
	}
	return out, ok
}
