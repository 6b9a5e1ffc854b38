package scenario

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// place is where in the file a node was written: a key of a block or an
// index of a list, under the place of its parent. The field path it stands
// for, such as scenarios[2].network.rtt, is spelled out only for a message,
// so that a deep or wide file costs one place per node, not one path.
type place struct {
	up    *place
	key   string
	index int // -1 for a key
}

func (p *place) child(key string) *place { return &place{up: p, key: key, index: -1} }

func (p *place) item(i int) *place { return &place{up: p, index: i} }

// parent is the place of the block or list p is in. A node the walk never
// reached, inside a key, has no place and no parent.
func (p *place) parent() *place {
	if p == nil {
		return nil
	}
	return p.up
}

// String returns the field path; the top of the file is "".
func (p *place) String() string {
	var steps []*place
	for ; p != nil; p = p.up {
		steps = append(steps, p)
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		switch {
		case s.index >= 0:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case b.Len() > 0:
			b.WriteString("." + clip(s.key))
		default:
			b.WriteString(clip(s.key))
		}
	}
	return b.String()
}

// maxShown bounds what a message quotes of the file.
const maxShown = 64

// clip shortens s for a message. A mistake in the defaults is found again
// in every scenario, so quoting a long value whole would cost its length
// as many times.
func clip(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
