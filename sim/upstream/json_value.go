package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// A jnode is one value of a JSON document. Objects keep their members in
// the order they were added, as RedisJSON does; numbers keep the text
// RedisJSON would print for them.
type jnode struct {
	kind jkind
	b    bool
	num  string
	str  string
	arr  []*jnode
	obj  []jmember
}

type jmember struct {
	key string
	val *jnode
}

type jkind int

const (
	jNull jkind = iota
	jBool
	jInt
	jFloat
	jStr
	jArr
	jObj
)

// typeName is the type JSON.TYPE answers.
func (k jkind) typeName() string {
	return [...]string{"null", "boolean", "integer", "number", "string", "array", "object"}[k]
}

var errNotJSON = errors.New("not a JSON value")

// parseJSON reads one JSON value, and nothing after it.
func parseJSON(s string) (*jnode, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	n, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotJSON
	}
	return n, nil
}

func decodeNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, errNotJSON
	}
	switch t := tok.(type) {
	case nil:
		return &jnode{kind: jNull}, nil
	case bool:
		return &jnode{kind: jBool, b: t}, nil
	case string:
		return &jnode{kind: jStr, str: t}, nil
	case json.Number:
		return numberNode(string(t))
	case json.Delim:
		n := &jnode{kind: jArr}
		if t == '{' {
			n.kind = jObj
		}
		for dec.More() {
			var key string
			if n.kind == jObj {
				k, err := dec.Token()
				if err != nil {
					return nil, errNotJSON
				}
				key = k.(string)
			}
			v, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			if n.kind == jObj {
				n.set(key, v)
			} else {
				n.arr = append(n.arr, v)
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, errNotJSON
		}
		return n, nil
	}
	return nil, errNotJSON
}

// numberNode keeps integers that fit 64 bits as integers and every other
// number as a double, printed as RedisJSON prints it.
func numberNode(lit string) (*jnode, error) {
	if !strings.ContainsAny(lit, ".eE") {
		if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return intNode(i), nil
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return nil, errNotJSON
	}
	return floatNode(f), nil
}

func intNode(i int64) *jnode { return &jnode{kind: jInt, num: strconv.FormatInt(i, 10)} }

func floatNode(f float64) *jnode {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if a := math.Abs(f); a != 0 && (a < 1e-5 || a >= 1e16) {
		s = strings.Replace(strconv.FormatFloat(f, 'e', -1, 64), "e+", "e", 1)
	} else if !strings.Contains(s, ".") {
		s += ".0"
	}
	return &jnode{kind: jFloat, num: s}
}

func (n *jnode) float() float64 {
	f, _ := strconv.ParseFloat(n.num, 64)
	return f
}

func (n *jnode) member(key string) *jnode {
	for _, m := range n.obj {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// set replaces the member key or adds it last.
func (n *jnode) set(key string, v *jnode) {
	for i := range n.obj {
		if n.obj[i].key == key {
			n.obj[i].val = v
			return
		}
	}
	n.obj = append(n.obj, jmember{key: key, val: v})
}

func (n *jnode) clone() *jnode {
	c := *n
	c.arr = make([]*jnode, len(n.arr))
	for i, v := range n.arr {
		c.arr[i] = v.clone()
	}
	c.obj = make([]jmember, len(n.obj))
	for i, m := range n.obj {
		c.obj[i] = jmember{key: m.key, val: m.val.clone()}
	}
	return &c
}

// jformat is JSON.GET's INDENT, NEWLINE and SPACE: none gives compact text.
type jformat struct{ indent, newline, space string }

func (n *jnode) String() string {
	var b bytes.Buffer
	n.write(&b, jformat{}, 0)
	return b.String()
}

func (n *jnode) write(b *bytes.Buffer, f jformat, level int) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool:
		b.WriteString(strconv.FormatBool(n.b))
	case jInt, jFloat:
		b.WriteString(n.num)
	case jStr:
		writeJSONString(b, n.str)
	case jArr, jObj:
		open, close, count := byte('['), byte(']'), len(n.arr)
		if n.kind == jObj {
			open, close, count = '{', '}', len(n.obj)
		}
		b.WriteByte(open)
		for i := range count {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.newline)
			b.WriteString(strings.Repeat(f.indent, level+1))
			if n.kind == jObj {
				writeJSONString(b, n.obj[i].key)
				b.WriteByte(':')
				b.WriteString(f.space)
				n.obj[i].val.write(b, f, level+1)
			} else {
				n.arr[i].write(b, f, level+1)
			}
		}
		if count > 0 {
			b.WriteString(f.newline)
			b.WriteString(strings.Repeat(f.indent, level))
		}
		b.WriteByte(close)
	}
}

// writeJSONString quotes s as RedisJSON does, leaving <, > and & alone.
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// equal compares two values as JSON.ARRINDEX does.
func (n *jnode) equal(o *jnode) bool { return n.String() == o.String() }

// mergePatch applies patch to n as RFC 7396 says, returning the result.
func mergePatch(n, patch *jnode) *jnode {
	if patch.kind != jObj {
		return patch.clone()
	}
	if n == nil || n.kind != jObj {
		n = &jnode{kind: jObj}
	}
	for _, m := range patch.obj {
		if m.val.kind == jNull {
			n.remove(m.key)
			continue
		}
		n.set(m.key, mergePatch(n.member(m.key), m.val))
	}
	return n
}

func (n *jnode) remove(key string) bool {
	for i, m := range n.obj {
		if m.key == key {
			n.obj = append(n.obj[:i], n.obj[i+1:]...)
			return true
		}
	}
	return false
}
