package upstream

import "strings"

// BITOP's operations of Redis 8.2 that miniredis lacks: DIFF, DIFF1, ANDOR
// and ONE. AND, OR, XOR and NOT stay miniredis'.
var bitopCommands = []extension{
	{name: "BITOP", when: newBitop, run: bitop},
}

func newBitop(args []string) bool {
	return len(args) > 0 && bitopFuncs[strings.ToUpper(args[0])] != nil
}

// bitopFuncs combine, byte by byte, the first source x with the OR of the
// others (or, for ONE, with the bits set in exactly one source).
var bitopFuncs = map[string]func(x byte, rest []byte) byte{
	// DIFF: the bits of the first source in none of the others.
	"DIFF": func(x byte, rest []byte) byte { return x &^ orAll(rest) },
	// DIFF1: the bits of any other source not in the first.
	"DIFF1": func(x byte, rest []byte) byte { return orAll(rest) &^ x },
	// ANDOR: the bits of the first source in at least one other.
	"ANDOR": func(x byte, rest []byte) byte { return x & orAll(rest) },
	// ONE: the bits set in exactly one source.
	"ONE": func(x byte, rest []byte) byte {
		once, more := x, byte(0)
		for _, b := range rest {
			more |= once & b
			once ^= b
		}
		return once &^ more
	},
}

func orAll(bs []byte) byte {
	var o byte
	for _, b := range bs {
		o |= b
	}
	return o
}

// BITOP DIFF|DIFF1|ANDOR|ONE destination key ...: stores the result,
// as long as the longest source (shorter ones count as zero bytes), in
// destination, deleting it for an empty result; the result's length.
// DIFF, DIFF1 and ANDOR take at least two sources.
func bitop(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("BITOP")
	}
	op := strings.ToUpper(args[0])
	srcs := args[2:]
	if op != "ONE" && len(srcs) < 2 {
		return errReply("ERR BITOP " + op + " must be called with at least two source keys.")
	}
	vals := make([][]byte, len(srcs))
	size := 0
	for i, k := range srcs {
		r := x.exec("GET", k)
		if r.Kind == '-' {
			return r
		}
		vals[i] = []byte(r.Str)
		size = max(size, len(vals[i]))
	}
	if size == 0 {
		x.exec("DEL", args[1])
		return intReply(0)
	}
	f := bitopFuncs[op]
	out := make([]byte, size)
	rest := make([]byte, len(vals)-1)
	at := func(v []byte, i int) byte {
		if i < len(v) {
			return v[i]
		}
		return 0
	}
	for i := range out {
		for j, v := range vals[1:] {
			rest[j] = at(v, i)
		}
		out[i] = f(at(vals[0], i), rest)
	}
	x.exec("SET", args[1], string(out))
	return intReply(int64(size))
}
