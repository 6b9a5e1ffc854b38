package upstream

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// The JSON.* commands of RedisJSON, which Upstash serves and
// @upstash/redis exposes as redis.json.*. A document is kept as its JSON
// text in a string key, so the key's TTL, RENAME, COPY and the expiry
// layer treat it as any key; TYPE answers "string" where RedisJSON
// answers "ReJSON-RL", and JSON.* on a string that is not JSON answers
// WRONGTYPE.
var jsonCommands = []extension{
	{name: "JSON.SET", run: jsonSet},
	{name: "JSON.MSET", run: jsonMSet},
	{name: "JSON.MERGE", run: jsonMerge},
	{name: "JSON.GET", readOnly: true, run: jsonGet},
	{name: "JSON.MGET", readOnly: true, run: jsonMGet},
	{name: "JSON.DEL", run: jsonDel},
	{name: "JSON.FORGET", run: jsonDel},
	{name: "JSON.TYPE", readOnly: true, run: jsonType},
	{name: "JSON.STRLEN", readOnly: true, run: jsonStrLen},
	{name: "JSON.STRAPPEND", run: jsonStrAppend},
	{name: "JSON.NUMINCRBY", run: jsonNumOp(false)},
	{name: "JSON.NUMMULTBY", run: jsonNumOp(true)},
	{name: "JSON.ARRAPPEND", run: jsonArrAppend},
	{name: "JSON.ARRINDEX", readOnly: true, run: jsonArrIndex},
	{name: "JSON.ARRINSERT", run: jsonArrInsert},
	{name: "JSON.ARRLEN", readOnly: true, run: jsonArrLen},
	{name: "JSON.ARRPOP", run: jsonArrPop},
	{name: "JSON.ARRTRIM", run: jsonArrTrim},
	{name: "JSON.OBJKEYS", readOnly: true, run: jsonObjKeys},
	{name: "JSON.OBJLEN", readOnly: true, run: jsonObjLen},
	{name: "JSON.CLEAR", run: jsonClear},
	{name: "JSON.TOGGLE", run: jsonToggle},
	{name: "JSON.RESP", readOnly: true, run: jsonResp},
}

const (
	msgNoKey      = "ERR could not perform this operation on a key that doesn't exist"
	msgNotJSON    = "WRONGTYPE Operation against a key holding the wrong kind of value"
	msgRootOnly   = "ERR new objects must be created at the root"
	msgBadJSON    = "ERR expected value: the argument is not valid JSON"
	msgIndexRange = "ERR index out of bounds"
)

func arity(name string) Reply {
	return errReply("ERR wrong number of arguments for '" + strings.ToLower(name) + "' command")
}

func pathMissing(p jpath) Reply { return errReply("ERR Path '" + p.raw + "' does not exist") }

func wrongType(want string, n *jnode) string {
	return "WRONGTYPE wrong type of path value - expected " + want + " but found " + n.kind.typeName()
}

// load reads the document at key: nil when there is none.
func (x *extCall) load(key string) (*jnode, *Reply) {
	rep := x.exec("GET", key)
	switch {
	case rep.Kind == '-':
		r := errReply(rep.Str)
		return nil, &r
	case rep.Null:
		return nil, nil
	}
	doc, err := parseJSON(rep.Str)
	if err != nil {
		r := errReply(msgNotJSON)
		return nil, &r
	}
	return doc, nil
}

// save writes the document back, keeping the key's TTL as RedisJSON does.
func (x *extCall) save(key string, doc *jnode) {
	x.exec("SET", key, doc.String(), "KEEPTTL")
}

// loadAt parses the path and loads the document at key (nil when there is
// none), or answers the error either gives.
func (x *extCall) loadAt(key, rawPath string) (*jnode, jpath, *Reply) {
	p, err := parseJSONPath(rawPath)
	if err != nil {
		r := errReply(err.Error())
		return nil, jpath{}, &r
	}
	doc, bad := x.load(key)
	return doc, p, bad
}

// withDoc loads the document at key and parses the path, answering the
// error or, for a missing key, missing.
func (x *extCall) withDoc(key, rawPath string, missing Reply, f func(doc *jnode, p jpath) Reply) Reply {
	doc, p, bad := x.loadAt(key, rawPath)
	if bad != nil {
		return *bad
	}
	if doc == nil {
		return missing
	}
	return f(doc, p)
}

// perMatch answers f's reply for every match of a $-path, in an array,
// and f's reply for the first match of a legacy path, an error when
// nothing matches. f answers "" as its refusal for a match of the wrong
// type: nil in the array, the error for a legacy path.
func perMatch(doc *jnode, p jpath, f func(l jloc) (Reply, string)) Reply {
	locs := p.find(doc)
	if p.legacy && len(locs) == 0 {
		return pathMissing(p)
	}
	out := make([]Reply, len(locs))
	for i, l := range locs {
		rep, refused := f(l)
		if refused != "" {
			if p.legacy {
				return errReply(refused)
			}
			rep = nilReply()
		}
		out[i] = rep
	}
	if p.legacy {
		return out[0]
	}
	return arrayReply(out)
}

// JSON.SET key path value [NX|XX]: sets the value at every match, or adds
// it as the member the path's last step names; OK, or nil when NX/XX or
// a missing parent prevented it.
func jsonSet(x *extCall, args []string) Reply {
	if len(args) < 3 || len(args) > 4 {
		return arity("JSON.SET")
	}
	nx, xx := false, false
	if len(args) == 4 {
		switch strings.ToUpper(args[3]) {
		case "NX":
			nx = true
		case "XX":
			xx = true
		default:
			return errReply("ERR syntax error")
		}
	}
	v, err := parseJSON(args[2])
	if err != nil {
		return errReply(msgBadJSON)
	}
	return x.setAt(args[0], args[1], v, nx, xx, func(_, v *jnode) *jnode { return v.clone() })
}

// setAt puts what put makes of the old value and v at every match of path
// in the document at key, or adds it where the path's last step names a
// missing member.
func (x *extCall) setAt(key, rawPath string, v *jnode, nx, xx bool, put func(old, v *jnode) *jnode) Reply {
	doc, p, bad := x.loadAt(key, rawPath)
	if bad != nil {
		return *bad
	}
	if doc == nil {
		if len(p.steps) > 0 {
			return errReply(msgRootOnly)
		}
		if xx {
			return nilReply()
		}
		x.save(key, put(nil, v))
		return okReply()
	}
	if locs := p.find(doc); len(locs) > 0 {
		if nx {
			return nilReply()
		}
		for _, l := range locs {
			if l.parent == nil {
				doc = put(doc, v)
				continue
			}
			l.replace(put(l.node, v))
		}
		x.save(key, doc)
		return okReply()
	}
	parent, name, ok := p.parentAndName()
	if !ok || xx {
		return nilReply()
	}
	added := false
	for _, l := range parent.find(doc) {
		if l.node.kind == jObj {
			l.node.set(name, put(nil, v))
			added = true
		}
	}
	if !added {
		return nilReply()
	}
	x.save(key, doc)
	return okReply()
}

// JSON.MSET key path value [key path value ...]: JSON.SET for each
// triplet, all or none.
func jsonMSet(x *extCall, args []string) Reply {
	if len(args) == 0 || len(args)%3 != 0 {
		return arity("JSON.MSET")
	}
	vals := make([]*jnode, 0, len(args)/3)
	for i := 0; i < len(args); i += 3 {
		v, err := parseJSON(args[i+2])
		if err != nil {
			return errReply(msgBadJSON)
		}
		p, err := parseJSONPath(args[i+1])
		if err != nil {
			return errReply(err.Error())
		}
		// What would refuse a triplet is checked before any is set.
		doc, bad := x.load(args[i])
		switch {
		case bad != nil:
			return *bad
		case doc == nil && len(p.steps) > 0 && !setEarlier(args, i):
			return errReply(msgRootOnly)
		}
		vals = append(vals, v)
	}
	for i := 0; i < len(args); i += 3 {
		if rep := x.setAt(args[i], args[i+1], vals[i/3], false, false, func(_, v *jnode) *jnode { return v.clone() }); rep.Kind == '-' {
			return rep
		}
	}
	return okReply()
}

// setEarlier reports whether a triplet before the one at i sets its key.
func setEarlier(args []string, i int) bool {
	for j := 0; j < i; j += 3 {
		if args[j] == args[i] {
			return true
		}
	}
	return false
}

// JSON.MERGE key path value: merges value into every match as a JSON
// merge patch (RFC 7396): null deletes a member, objects merge, anything
// else replaces.
func jsonMerge(x *extCall, args []string) Reply {
	if len(args) != 3 {
		return arity("JSON.MERGE")
	}
	v, err := parseJSON(args[2])
	if err != nil {
		return errReply(msgBadJSON)
	}
	return x.setAt(args[0], args[1], v, false, false, mergePatch)
}

// JSON.GET key [INDENT s] [NEWLINE s] [SPACE s] [path ...]: the document
// as JSON text. No path is the legacy root; one $-path gives the array of
// its matches; several paths give an object of each path's answer.
func jsonGet(x *extCall, args []string) Reply {
	if len(args) == 0 {
		return arity("JSON.GET")
	}
	var f jformat
	rest := args[1:]
format:
	for len(rest) >= 2 {
		switch strings.ToUpper(rest[0]) {
		case "INDENT":
			f.indent = rest[1]
		case "NEWLINE":
			f.newline = rest[1]
		case "SPACE":
			f.space = rest[1]
		default:
			break format
		}
		rest = rest[2:]
	}
	paths := make([]jpath, 0, len(rest))
	for _, raw := range rest {
		p, err := parseJSONPath(raw)
		if err != nil {
			return errReply(err.Error())
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		paths = append(paths, jpath{raw: ".", legacy: true})
	}
	doc, bad := x.load(args[0])
	if bad != nil {
		return *bad
	}
	if doc == nil {
		return nilReply()
	}
	legacy := true
	for _, p := range paths {
		legacy = legacy && p.legacy
	}
	answer := func(p jpath) (*jnode, *Reply) {
		locs := p.find(doc)
		if legacy {
			if len(locs) == 0 {
				r := pathMissing(p)
				return nil, &r
			}
			return locs[0].node, nil
		}
		arr := &jnode{kind: jArr}
		for _, l := range locs {
			arr.arr = append(arr.arr, l.node)
		}
		return arr, nil
	}
	var out *jnode
	if len(paths) == 1 {
		v, bad := answer(paths[0])
		if bad != nil {
			return *bad
		}
		out = v
	} else {
		out = &jnode{kind: jObj}
		for _, p := range paths {
			v, bad := answer(p)
			if bad != nil {
				return *bad
			}
			out.set(p.raw, v)
		}
	}
	var b bytes.Buffer
	out.write(&b, f, 0)
	return bulkReply(b.String())
}

// JSON.MGET key [key ...] path: each key's answer to JSON.GET key path,
// nil for a key that holds no document.
func jsonMGet(x *extCall, args []string) Reply {
	if len(args) < 2 {
		return arity("JSON.MGET")
	}
	path := args[len(args)-1]
	if _, err := parseJSONPath(path); err != nil {
		return errReply(err.Error())
	}
	out := make([]Reply, 0, len(args)-1)
	for _, key := range args[:len(args)-1] {
		rep := jsonGet(x, []string{key, path})
		if rep.Kind == '-' {
			rep = nilReply()
		}
		out = append(out, rep)
	}
	return arrayReply(out)
}

// JSON.DEL key [path] (and JSON.FORGET): deletes the matches, the key
// itself for the root; the number deleted.
func jsonDel(x *extCall, args []string) Reply {
	if len(args) < 1 || len(args) > 2 {
		return arity("JSON.DEL")
	}
	path := "$"
	if len(args) == 2 {
		path = args[1]
	}
	return x.withDoc(args[0], path, intReply(0), func(doc *jnode, p jpath) Reply {
		if len(p.steps) == 0 {
			x.exec("DEL", args[0])
			return intReply(1)
		}
		n := remove(p.find(doc))
		if n > 0 {
			x.save(args[0], doc)
		}
		return intReply(int64(n))
	})
}

// readPath is a read command's "key [path]", the legacy root by default.
func readPath(args []string, name string, f func(key, path string) Reply) Reply {
	switch len(args) {
	case 1:
		return f(args[0], ".")
	case 2:
		return f(args[0], args[1])
	}
	return arity(name)
}

// JSON.TYPE key [path]: the type of each match.
func jsonType(x *extCall, args []string) Reply {
	return readPath(args, "JSON.TYPE", func(key, path string) Reply {
		return x.withDoc(key, path, nilReply(), func(doc *jnode, p jpath) Reply {
			if p.legacy && len(p.find(doc)) == 0 {
				return nilReply()
			}
			return perMatch(doc, p, func(l jloc) (Reply, string) { return bulkReply(l.node.kind.typeName()), "" })
		})
	})
}

// JSON.STRLEN key [path]: the length of each string match.
func jsonStrLen(x *extCall, args []string) Reply {
	return jsonLen(x, args, "JSON.STRLEN", jStr, "string", func(n *jnode) int { return len(n.str) })
}

// jsonLen answers the length of each match of kind, the shared shape of
// JSON.STRLEN, JSON.ARRLEN and JSON.OBJLEN; a match of another kind is a
// type error naming want.
func jsonLen(x *extCall, args []string, name string, kind jkind, want string, length func(*jnode) int) Reply {
	return readPath(args, name, func(key, path string) Reply {
		return x.withDoc(key, path, nilReply(), func(doc *jnode, p jpath) Reply {
			return perMatch(doc, p, func(l jloc) (Reply, string) {
				if l.node.kind != kind {
					return Reply{}, wrongType(want, l.node)
				}
				return intReply(int64(length(l.node))), ""
			})
		})
	})
}

// write runs a command that changes matches and saves the document when
// it answered without an error.
func (x *extCall) write(key, path string, f func(doc *jnode, p jpath) Reply) Reply {
	var saved *jnode
	rep := x.withDoc(key, path, errReply(msgNoKey), func(doc *jnode, p jpath) Reply {
		saved = doc
		return f(doc, p)
	})
	if saved != nil && rep.Kind != '-' {
		x.save(key, saved)
	}
	return rep
}

// JSON.STRAPPEND key [path] value: appends the JSON string value to each
// string match; the new lengths.
func jsonStrAppend(x *extCall, args []string) Reply {
	path := "."
	switch len(args) {
	case 2:
	case 3:
		path = args[1]
	default:
		return arity("JSON.STRAPPEND")
	}
	v, err := parseJSON(args[len(args)-1])
	if err != nil || v.kind != jStr {
		return errReply(msgBadJSON)
	}
	return x.write(args[0], path, func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jStr {
				return Reply{}, wrongType("string", l.node)
			}
			l.node.str += v.str
			return intReply(int64(len(l.node.str))), ""
		})
	})
}

// JSON.NUMINCRBY and JSON.NUMMULTBY key path number: adds to or multiplies
// each number match; the new values as JSON text, an array for a $-path.
func jsonNumOp(mult bool) func(*extCall, []string) Reply {
	name := "JSON.NUMINCRBY"
	if mult {
		name = "JSON.NUMMULTBY"
	}
	return func(x *extCall, args []string) Reply {
		if len(args) != 3 {
			return arity(name)
		}
		by, err := parseJSON(args[2])
		if err != nil || (by.kind != jInt && by.kind != jFloat) {
			return errReply(msgBadJSON)
		}
		return x.write(args[0], args[1], func(doc *jnode, p jpath) Reply {
			out := &jnode{kind: jArr}
			rep := perMatch(doc, p, func(l jloc) (Reply, string) {
				if l.node.kind != jInt && l.node.kind != jFloat {
					out.arr = append(out.arr, &jnode{kind: jNull})
					return Reply{}, wrongType("number", l.node)
				}
				n := arith(l.node, by, mult)
				*l.node = *n
				out.arr = append(out.arr, n)
				return bulkReply(n.String()), ""
			})
			if rep.Kind == '-' || p.legacy {
				return rep
			}
			return bulkReply(out.String())
		})
	}
}

// arith is a+b or a·b: an integer when both are and the result fits.
func arith(a, b *jnode, mult bool) *jnode {
	if a.kind == jInt && b.kind == jInt {
		x, _ := strconv.ParseInt(a.num, 10, 64)
		y, _ := strconv.ParseInt(b.num, 10, 64)
		if mult {
			if r := x * y; x == 0 || (r/x == y && !(x == -1 && y == math.MinInt64)) {
				return intNode(r)
			}
		} else if r := x + y; (r > x) == (y > 0) {
			return intNode(r)
		}
	}
	if mult {
		return floatNode(a.float() * b.float())
	}
	return floatNode(a.float() + b.float())
}

// JSON.ARRAPPEND key [path] value [value ...]: appends to each array
// match; the new lengths.
func jsonArrAppend(x *extCall, args []string) Reply {
	if len(args) < 2 {
		return arity("JSON.ARRAPPEND")
	}
	path, raw := ".", args[1:]
	if len(args) >= 3 {
		path, raw = args[1], args[2:]
	}
	vals, bad := parseValues(raw)
	if bad != nil {
		return *bad
	}
	return x.write(args[0], path, func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jArr {
				return Reply{}, wrongType("array", l.node)
			}
			for _, v := range vals {
				l.node.arr = append(l.node.arr, v.clone())
			}
			return intReply(int64(len(l.node.arr))), ""
		})
	})
}

func parseValues(raw []string) ([]*jnode, *Reply) {
	vals := make([]*jnode, len(raw))
	for i, s := range raw {
		v, err := parseJSON(s)
		if err != nil {
			r := errReply(msgBadJSON)
			return nil, &r
		}
		vals[i] = v
	}
	return vals, nil
}

// JSON.ARRINDEX key path value [start [stop]]: the first index of value in
// each array match between start and stop (Python-style, stop 0 meaning
// the end), -1 when absent.
func jsonArrIndex(x *extCall, args []string) Reply {
	if len(args) < 3 || len(args) > 5 {
		return arity("JSON.ARRINDEX")
	}
	v, err := parseJSON(args[2])
	if err != nil {
		return errReply(msgBadJSON)
	}
	bounds := [2]int{}
	for i, s := range args[3:] {
		n, err := strconv.Atoi(s)
		if err != nil {
			return errReply("ERR value is not an integer or out of range")
		}
		bounds[i] = n
	}
	return x.withDoc(args[0], args[1], nilReply(), func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jArr {
				return Reply{}, wrongType("array", l.node)
			}
			n := len(l.node.arr)
			from, to := clampIndex(bounds[0], n), n
			if bounds[1] != 0 {
				to = clampIndex(bounds[1], n)
			}
			for i := from; i < to; i++ {
				if l.node.arr[i].equal(v) {
					return intReply(int64(i)), ""
				}
			}
			return intReply(-1), ""
		})
	})
}

// JSON.ARRINSERT key path index value [value ...]: inserts before index
// (negative from the end) in each array match; the new lengths.
func jsonArrInsert(x *extCall, args []string) Reply {
	if len(args) < 4 {
		return arity("JSON.ARRINSERT")
	}
	at, err := strconv.Atoi(args[2])
	if err != nil {
		return errReply("ERR value is not an integer or out of range")
	}
	vals, bad := parseValues(args[3:])
	if bad != nil {
		return *bad
	}
	return x.write(args[0], args[1], func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jArr {
				return Reply{}, wrongType("array", l.node)
			}
			i := at
			if i < 0 {
				i += len(l.node.arr)
			}
			if i < 0 || i > len(l.node.arr) {
				return Reply{}, msgIndexRange
			}
			ins := make([]*jnode, len(vals))
			for j, v := range vals {
				ins[j] = v.clone()
			}
			l.node.arr = append(l.node.arr[:i], append(ins, l.node.arr[i:]...)...)
			return intReply(int64(len(l.node.arr))), ""
		})
	})
}

// JSON.ARRLEN key [path]: the length of each array match.
func jsonArrLen(x *extCall, args []string) Reply {
	return jsonLen(x, args, "JSON.ARRLEN", jArr, "array", func(n *jnode) int { return len(n.arr) })
}

// JSON.ARRPOP key [path [index]]: removes and answers, as JSON text, the
// element at index (default -1, clamped) of each array match; nil for an
// empty array.
func jsonArrPop(x *extCall, args []string) Reply {
	if len(args) < 1 || len(args) > 3 {
		return arity("JSON.ARRPOP")
	}
	path, at := ".", -1
	if len(args) >= 2 {
		path = args[1]
	}
	if len(args) == 3 {
		n, err := strconv.Atoi(args[2])
		if err != nil {
			return errReply("ERR value is not an integer or out of range")
		}
		at = n
	}
	return x.write(args[0], path, func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jArr {
				return Reply{}, wrongType("array", l.node)
			}
			n := len(l.node.arr)
			if n == 0 {
				return nilReply(), ""
			}
			i := at
			if i < 0 {
				i += n
			}
			i = min(max(i, 0), n-1)
			v := l.node.arr[i]
			l.node.arr = append(l.node.arr[:i], l.node.arr[i+1:]...)
			return bulkReply(v.String()), ""
		})
	})
}

// JSON.ARRTRIM key path start stop: keeps the elements from start to stop
// inclusive (negative from the end) of each array match; the new lengths.
func jsonArrTrim(x *extCall, args []string) Reply {
	if len(args) != 4 {
		return arity("JSON.ARRTRIM")
	}
	start, err1 := strconv.Atoi(args[2])
	stop, err2 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil {
		return errReply("ERR value is not an integer or out of range")
	}
	return x.write(args[0], args[1], func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jArr {
				return Reply{}, wrongType("array", l.node)
			}
			n := len(l.node.arr)
			from, to := start, stop
			if from < 0 {
				from = max(from+n, 0)
			}
			if to < 0 {
				to += n
			}
			to = min(to, n-1)
			if from >= n || from > to {
				l.node.arr = nil
			} else {
				l.node.arr = l.node.arr[from : to+1]
			}
			return intReply(int64(len(l.node.arr))), ""
		})
	})
}

// JSON.OBJKEYS key [path]: the member names of each object match.
func jsonObjKeys(x *extCall, args []string) Reply {
	return readPath(args, "JSON.OBJKEYS", func(key, path string) Reply {
		return x.withDoc(key, path, nilReply(), func(doc *jnode, p jpath) Reply {
			return perMatch(doc, p, func(l jloc) (Reply, string) {
				if l.node.kind != jObj {
					return Reply{}, wrongType("object", l.node)
				}
				keys := make([]Reply, len(l.node.obj))
				for i, m := range l.node.obj {
					keys[i] = bulkReply(m.key)
				}
				return arrayReply(keys), ""
			})
		})
	})
}

// JSON.OBJLEN key [path]: the number of members of each object match.
func jsonObjLen(x *extCall, args []string) Reply {
	return jsonLen(x, args, "JSON.OBJLEN", jObj, "object", func(n *jnode) int { return len(n.obj) })
}

// JSON.CLEAR key [path]: empties the arrays and objects and zeroes the
// numbers among the matches (default $); how many it changed.
func jsonClear(x *extCall, args []string) Reply {
	path := "$"
	switch len(args) {
	case 1:
	case 2:
		path = args[1]
	default:
		return arity("JSON.CLEAR")
	}
	return x.write(args[0], path, func(doc *jnode, p jpath) Reply {
		n := 0
		for _, l := range p.find(doc) {
			switch l.node.kind {
			case jArr, jObj:
				if len(l.node.arr)+len(l.node.obj) > 0 {
					l.node.arr, l.node.obj = nil, nil
					n++
				}
			case jInt, jFloat:
				if l.node.float() != 0 {
					*l.node = *intNode(0)
					n++
				}
			}
		}
		return intReply(int64(n))
	})
}

// JSON.TOGGLE key path: flips each boolean match; the new values, 1 or 0
// for a $-path, "true" or "false" for a legacy one.
func jsonToggle(x *extCall, args []string) Reply {
	if len(args) != 2 {
		return arity("JSON.TOGGLE")
	}
	return x.write(args[0], args[1], func(doc *jnode, p jpath) Reply {
		return perMatch(doc, p, func(l jloc) (Reply, string) {
			if l.node.kind != jBool {
				return Reply{}, wrongType("boolean", l.node)
			}
			l.node.b = !l.node.b
			if p.legacy {
				return bulkReply(strconv.FormatBool(l.node.b)), ""
			}
			if l.node.b {
				return intReply(1), ""
			}
			return intReply(0), ""
		})
	})
}

// JSON.RESP key [path]: each match in RESP: null as nil, booleans and
// strings as bulk strings, integers as integers, other numbers as bulk
// strings, an array as "[" and its elements, an object as "{" and its
// names and values.
func jsonResp(x *extCall, args []string) Reply {
	return readPath(args, "JSON.RESP", func(key, path string) Reply {
		return x.withDoc(key, path, nilReply(), func(doc *jnode, p jpath) Reply {
			return perMatch(doc, p, func(l jloc) (Reply, string) { return respOf(l.node), "" })
		})
	})
}

func respOf(n *jnode) Reply {
	switch n.kind {
	case jNull:
		return nilReply()
	case jBool:
		return bulkReply(strconv.FormatBool(n.b))
	case jInt:
		i, _ := strconv.ParseInt(n.num, 10, 64)
		return intReply(i)
	case jFloat:
		return bulkReply(n.num)
	case jStr:
		return bulkReply(n.str)
	case jArr:
		out := []Reply{bulkReply("[")}
		for _, v := range n.arr {
			out = append(out, respOf(v))
		}
		return arrayReply(out)
	}
	out := []Reply{bulkReply("{")}
	for _, m := range n.obj {
		out = append(out, bulkReply(m.key), respOf(m.val))
	}
	return arrayReply(out)
}
