package upstream

import (
	"math/big"
	"strconv"
	"strings"
)

// BITFIELD and BITFIELD_RO treat a string as an array of integers of any
// width from 1 to 64 bits (63 unsigned) at any bit offset, the first bit
// being the most significant of the first byte, as Redis does.
var bitfieldCommands = []extension{
	{name: "BITFIELD", run: bitfield(false)},
	{name: "BITFIELD_RO", readOnly: true, run: bitfield(true)},
}

const (
	msgBitType   = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
	msgBitOffset = "ERR bit offset is not an integer or out of range"
	msgOverflow  = "ERR Invalid OVERFLOW type specified"
	msgSyntax    = "ERR syntax error"
)

// maxBitOffset keeps a string within Redis' 512 MB.
const maxBitOffset = 512<<20*8 - 1

type bitOp struct {
	op       string // GET, SET or INCRBY
	signed   bool
	bits     uint
	offset   int64
	value    int64
	overflow string // WRAP, SAT or FAIL
}

func parseBitOps(args []string, readOnly bool) ([]bitOp, string) {
	var ops []bitOp
	overflow := "WRAP"
	for i := 0; i < len(args); {
		op := strings.ToUpper(args[i])
		switch op {
		case "OVERFLOW":
			if i+1 >= len(args) {
				return nil, msgSyntax
			}
			overflow = strings.ToUpper(args[i+1])
			if overflow != "WRAP" && overflow != "SAT" && overflow != "FAIL" {
				return nil, msgOverflow
			}
			i += 2
			continue
		case "GET", "SET", "INCRBY":
		default:
			return nil, msgSyntax
		}
		if readOnly && op != "GET" {
			return nil, "ERR BITFIELD_RO only supports the GET subcommand"
		}
		n := 3
		if op != "GET" {
			n = 4
		}
		if i+n > len(args) {
			return nil, msgSyntax
		}
		b := bitOp{op: op, overflow: overflow}
		t := args[i+1]
		if len(t) < 2 || (t[0] != 'i' && t[0] != 'u' && t[0] != 'I' && t[0] != 'U') {
			return nil, msgBitType
		}
		b.signed = t[0] == 'i' || t[0] == 'I'
		w, err := strconv.Atoi(t[1:])
		if err != nil || w < 1 || w > 64 || (!b.signed && w > 63) {
			return nil, msgBitType
		}
		b.bits = uint(w)
		off, mult := args[i+2], int64(1)
		if strings.HasPrefix(off, "#") {
			off, mult = off[1:], int64(w)
		}
		o, err := strconv.ParseInt(off, 10, 64)
		if err != nil || o < 0 || o > maxBitOffset/mult || o*mult+int64(w)-1 > maxBitOffset {
			return nil, msgBitOffset
		}
		b.offset = o * mult
		if op != "GET" {
			v, err := strconv.ParseInt(args[i+3], 10, 64)
			if err != nil {
				return nil, msgNotInt
			}
			b.value = v
		}
		ops = append(ops, b)
		i += n
	}
	return ops, ""
}

// BITFIELD key [GET type offset] [SET type offset value] [INCRBY type
// offset increment] [OVERFLOW WRAP|SAT|FAIL] ...: per GET the value, per
// SET the old value, per INCRBY the new one; nil where OVERFLOW FAIL
// refused. Types are i1..i64 and u1..u63; an offset #n counts in
// widths of the type. Writes grow the string with zero bytes.
func bitfield(readOnly bool) func(*extCall, []string) Reply {
	name := "BITFIELD"
	if readOnly {
		name = "BITFIELD_RO"
	}
	return func(x *extCall, args []string) Reply {
		if len(args) < 1 {
			return arity(name)
		}
		ops, bad := parseBitOps(args[1:], readOnly)
		if bad != "" {
			return errReply(bad)
		}
		cur := x.exec("GET", args[0])
		if cur.Kind == '-' {
			return cur
		}
		buf := []byte(cur.Str)
		write := false
		out := make([]Reply, len(ops))
		for i, op := range ops {
			if op.op != "GET" {
				write = true
				if need := int((op.offset + int64(op.bits) + 7) / 8); len(buf) < need {
					buf = append(buf, make([]byte, need-len(buf))...)
				}
			}
			old := getBits(buf, op)
			switch op.op {
			case "GET":
				out[i] = intReply(old)
				continue
			case "SET":
				v, ok := fit(big.NewInt(op.value), op)
				if !ok {
					out[i] = nilReply()
					continue
				}
				setBits(buf, op, v)
				out[i] = intReply(old)
			case "INCRBY":
				sum := new(big.Int).Add(big.NewInt(old), big.NewInt(op.value))
				v, ok := fit(sum, op)
				if !ok {
					out[i] = nilReply()
					continue
				}
				setBits(buf, op, v)
				out[i] = intReply(v)
			}
		}
		if write {
			x.exec("SET", args[0], string(buf), "KEEPTTL")
		}
		return arrayReply(out)
	}
}

// getBits reads the field, as zeros past the end of the string.
func getBits(buf []byte, op bitOp) int64 {
	var u uint64
	for i := range int64(op.bits) {
		bit := op.offset + i
		u <<= 1
		if byteAt := bit / 8; byteAt < int64(len(buf)) && buf[byteAt]&(0x80>>(bit%8)) != 0 {
			u |= 1
		}
	}
	if op.signed && op.bits < 64 && u&(1<<(op.bits-1)) != 0 {
		u |= ^uint64(0) << op.bits
	}
	return int64(u)
}

func setBits(buf []byte, op bitOp, v int64) {
	u := uint64(v)
	for i := range int64(op.bits) {
		bit := op.offset + i
		mask := byte(0x80 >> (bit % 8))
		if u&(1<<(int64(op.bits)-1-i)) != 0 {
			buf[bit/8] |= mask
		} else {
			buf[bit/8] &^= mask
		}
	}
}

// fit brings v into the type's range as its overflow mode says; false
// when FAIL refuses.
func fit(v *big.Int, op bitOp) (int64, bool) {
	lo, hi := big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), op.bits)
	if op.signed {
		lo = new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), op.bits-1))
		hi = new(big.Int).Lsh(big.NewInt(1), op.bits-1)
	}
	hi.Sub(hi, big.NewInt(1))
	if v.Cmp(lo) >= 0 && v.Cmp(hi) <= 0 {
		return v.Int64(), true
	}
	switch op.overflow {
	case "FAIL":
		return 0, false
	case "SAT":
		if v.Cmp(lo) < 0 {
			return lo.Int64(), true
		}
		return hi.Int64(), true
	}
	span := new(big.Int).Lsh(big.NewInt(1), op.bits)
	w := new(big.Int).Mod(v, span)
	if op.signed && w.Cmp(hi) > 0 {
		w.Sub(w, span)
	}
	return w.Int64(), true
}
