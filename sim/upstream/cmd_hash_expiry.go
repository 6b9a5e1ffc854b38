package upstream

import (
	"strconv"
	"strings"
)

// Hash-field expiry beyond what miniredis has (HTTL, HPTTL, HPERSIST,
// HSETEX): the millisecond and absolute forms of HEXPIRE, the expire
// times, HGETEX and HGETDEL, and HEXPIRE itself.
//
// A field's TTL is written with HSETEX, which takes milliseconds and
// absolute times, so it is exact; the expiry layer reads it back after the
// command and keeps the deadline, and answers HEXPIRETIME and
// HPEXPIRETIME from it (ttlQueries).
var hashExpiryCommands = []extension{
	// miniredis' HEXPIRE keeps a field whose time is 0 with a TTL of 0;
	// Redis deletes it.
	{name: "HEXPIRE", when: func([]string) bool { return true }, run: hexpireGeneric("HEXPIRE", 1000, false)},
	{name: "HPEXPIRE", run: hexpireGeneric("HPEXPIRE", 1, false)},
	{name: "HEXPIREAT", run: hexpireGeneric("HEXPIREAT", 1000, true)},
	{name: "HPEXPIREAT", run: hexpireGeneric("HPEXPIREAT", 1, true)},
	{name: "HEXPIRETIME", readOnly: true, run: hexpireTime},
	{name: "HPEXPIRETIME", readOnly: true, run: hexpireTime},
	{name: "HGETEX", run: hgetex},
	{name: "HGETDEL", run: hgetdel},
}

const (
	msgNumFieldsMatch = "ERR The `numfields` parameter must match the number of arguments"
	msgNumFieldsBad   = "ERR Number of fields must be a positive integer"
	msgNotInt         = "ERR value is not an integer or out of range"
)

// fieldsArg reads "FIELDS numfields field ..." to the end of args.
func fieldsArg(args []string) ([]string, string) {
	if len(args) < 2 || !strings.EqualFold(args[0], "FIELDS") {
		return nil, "ERR Mandatory argument FIELDS is missing or not at the right position"
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n <= 0 {
		return nil, msgNumFieldsBad
	}
	if len(args)-2 != n {
		return nil, msgNumFieldsMatch
	}
	return args[2:], ""
}

// now is the command's time in Unix milliseconds, as miniredis keeps it.
func (x *extCall) now() int64 {
	r := x.exec("TIME")
	if len(r.Elems) != 2 {
		return 0
	}
	s, _ := strconv.ParseInt(r.Elems[0].Str, 10, 64)
	us, _ := strconv.ParseInt(r.Elems[1].Str, 10, 64)
	return s*1000 + us/1000
}

// hashType answers whether key holds a hash, or the error for a key that
// holds something else.
func (x *extCall) hashType(key string) (bool, *Reply) {
	switch x.exec("TYPE", key).Str {
	case "hash":
		return true, nil
	case "none":
		return false, nil
	}
	r := errReply("WRONGTYPE Operation against a key holding the wrong kind of value")
	return false, &r
}

// fieldTTL is the field's TTL in milliseconds: -2 when there is no field,
// -1 when it has no TTL.
func (x *extCall) fieldTTL(key, field string) int64 {
	r := x.exec("HPTTL", key, "FIELDS", "1", field)
	if len(r.Elems) != 1 {
		return -2
	}
	return r.Elems[0].Int
}

// expireField gives an existing field the deadline at (Unix ms), deleting
// it when that has passed; 1 when set, 2 when deleted.
func (x *extCall) expireField(key, field string, at, now int64) int64 {
	if at <= now {
		// miniredis' HDEL keeps the field's TTL for a field set again.
		x.exec("HPERSIST", key, "FIELDS", "1", field)
		x.exec("HDEL", key, field)
		return 2
	}
	v := x.exec("HGET", key, field)
	x.exec("HSETEX", key, "PXAT", strconv.FormatInt(at, 10), "FIELDS", "1", field, v.Str)
	return 1
}

// HEXPIRE key s, HPEXPIRE key ms, HEXPIREAT key unix-s and HPEXPIREAT key
// unix-ms, each
// [NX|XX|GT|LT] FIELDS n field...: per field -2 when it does not exist, 0
// when the condition refused, 1 when set, 2 when deleted by a time already
// past. GT counts no TTL as infinite, LT as larger than any.
func hexpireGeneric(name string, unit int64, absolute bool) func(*extCall, []string) Reply {
	return func(x *extCall, args []string) Reply {
		if len(args) < 4 {
			return arity(name)
		}
		t, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return errReply(msgNotInt)
		}
		cond, rest := "", args[2:]
		switch c := strings.ToUpper(rest[0]); c {
		case "NX", "XX", "GT", "LT":
			cond, rest = c, rest[1:]
		}
		fields, bad := fieldsArg(rest)
		if bad != "" {
			return errReply(bad)
		}
		if t < 0 || t > (1<<62)/unit {
			return errReply("ERR invalid expire time in '" + strings.ToLower(name) + "' command")
		}
		isHash, wrong := x.hashType(args[0])
		if wrong != nil {
			return *wrong
		}
		now := x.now()
		at := t * unit
		if !absolute {
			at += now
		}
		out := make([]Reply, len(fields))
		for i, f := range fields {
			cur := int64(-2)
			if isHash {
				cur = x.fieldTTL(args[0], f)
			}
			var res int64
			switch {
			case cur == -2:
				res = -2
			case cond == "NX" && cur >= 0, cond == "XX" && cur < 0,
				cond == "GT" && (cur < 0 || at <= now+cur), cond == "LT" && cur >= 0 && at >= now+cur:
				res = 0
			default:
				res = x.expireField(args[0], f, at, now)
			}
			out[i] = intReply(res)
		}
		return arrayReply(out)
	}
}

// HEXPIRETIME and HPEXPIRETIME key FIELDS n field...: per field the Unix
// time it expires at (the expiry layer puts in the exact deadline), -1
// without a TTL, -2 without the field.
func hexpireTime(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("HEXPIRETIME")
	}
	fields, bad := fieldsArg(args[1:])
	if bad != "" {
		return errReply(bad)
	}
	isHash, wrong := x.hashType(args[0])
	if wrong != nil {
		return *wrong
	}
	now := x.now()
	out := make([]Reply, len(fields))
	for i, f := range fields {
		ttl := int64(-2)
		if isHash {
			ttl = x.fieldTTL(args[0], f)
		}
		if ttl >= 0 {
			ttl += now
		}
		out[i] = intReply(ttl)
	}
	return arrayReply(out)
}

// HGETEX key [EX s|PX ms|EXAT unix-s|PXAT unix-ms|PERSIST] FIELDS n
// field...: the fields' values, nil for a missing one, setting or removing
// the TTL of those that exist.
func hgetex(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("HGETEX")
	}
	mode, rest := "", args[1:]
	var t int64
	switch m := strings.ToUpper(rest[0]); m {
	case "PERSIST":
		mode, rest = m, rest[1:]
	case "EX", "PX", "EXAT", "PXAT":
		if len(rest) < 2 {
			return errReply("ERR syntax error")
		}
		n, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return errReply(msgNotInt)
		}
		if n <= 0 || n > 1<<52 {
			return errReply("ERR invalid expire time in 'hgetex' command")
		}
		mode, t, rest = m, n, rest[2:]
	}
	fields, bad := fieldsArg(rest)
	if bad != "" {
		return errReply(bad)
	}
	vals := x.exec(append([]string{"HMGET", args[0]}, fields...)...)
	if vals.Kind == '-' {
		return vals
	}
	if mode == "" {
		return vals
	}
	now := x.now()
	at := map[string]int64{"EX": now + t*1000, "PX": now + t, "EXAT": t * 1000, "PXAT": t}[mode]
	for i, f := range fields {
		if vals.Elems[i].Null {
			continue
		}
		if mode == "PERSIST" {
			x.exec("HPERSIST", args[0], "FIELDS", "1", f)
			continue
		}
		x.expireField(args[0], f, at, now)
	}
	return vals
}

// HGETDEL key FIELDS n field...: the fields' values, nil for a missing
// one, deleting those that exist (and the key with its last field).
func hgetdel(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("HGETDEL")
	}
	fields, bad := fieldsArg(args[1:])
	if bad != "" {
		return errReply(bad)
	}
	vals := x.exec(append([]string{"HMGET", args[0]}, fields...)...)
	if vals.Kind == '-' {
		return vals
	}
	x.exec(append([]string{"HDEL", args[0]}, fields...)...)
	return vals
}
