package upstream

import (
	"slices"
	"strconv"
	"strings"
)

// ZDIFF and ZDIFFSTORE: the members of the first sorted set in none of
// the others, in score order. A set counts as a sorted set with every
// score 1, as in Redis.
var zdiffCommands = []extension{
	{name: "ZDIFF", readOnly: true, run: zdiff},
	{name: "ZDIFFSTORE", run: zdiffstore},
}

// scoredMember is a member and its score as miniredis prints it.
type scoredMember struct{ member, score string }

// sortedMembers reads a sorted set, or a set, in ZRANGE's order.
func (x *extCall) sortedMembers(key string) ([]scoredMember, *Reply) {
	switch t := x.exec("TYPE", key).Str; t {
	case "none":
		return nil, nil
	case "set":
		r := x.exec("SMEMBERS", key)
		out := make([]scoredMember, len(r.Elems))
		for i, el := range r.Elems {
			out[i] = scoredMember{el.Str, "1"}
		}
		// Equal scores sort by member.
		slices.SortFunc(out, func(a, b scoredMember) int { return strings.Compare(a.member, b.member) })
		return out, nil
	case "zset":
		r := x.exec("ZRANGE", key, "0", "-1", "WITHSCORES")
		out := make([]scoredMember, 0, len(r.Elems)/2)
		for i := 0; i+1 < len(r.Elems); i += 2 {
			out = append(out, scoredMember{r.Elems[i].Str, r.Elems[i+1].Str})
		}
		return out, nil
	}
	r := errReply("WRONGTYPE Operation against a key holding the wrong kind of value")
	return nil, &r
}

// diff answers the difference of keys, or an error.
func (x *extCall) diff(keys []string) ([]scoredMember, *Reply) {
	first, bad := x.sortedMembers(keys[0])
	if bad != nil {
		return nil, bad
	}
	gone := map[string]bool{}
	for _, k := range keys[1:] {
		others, bad := x.sortedMembers(k)
		if bad != nil {
			return nil, bad
		}
		for _, m := range others {
			gone[m.member] = true
		}
	}
	out := first[:0]
	for _, m := range first {
		if !gone[m.member] {
			out = append(out, m)
		}
	}
	return out, nil
}

// numKeys reads "numkeys key ..." and what follows the keys.
func numKeys(name string, args []string) ([]string, []string, *Reply) {
	n, err := strconv.Atoi(args[0])
	if err != nil {
		r := errReply(msgNotInt)
		return nil, nil, &r
	}
	if n <= 0 {
		r := errReply("ERR at least 1 input key is needed for '" + strings.ToLower(name) + "' command")
		return nil, nil, &r
	}
	if n > len(args)-1 {
		r := errReply(msgSyntax)
		return nil, nil, &r
	}
	return args[1 : 1+n], args[1+n:], nil
}

// ZDIFF numkeys key ... [WITHSCORES]
func zdiff(x *extCall, args []string) Reply {
	if len(args) < 2 {
		return arity("ZDIFF")
	}
	keys, rest, bad := numKeys("ZDIFF", args)
	if bad != nil {
		return *bad
	}
	withScores := false
	switch {
	case len(rest) == 1 && strings.EqualFold(rest[0], "WITHSCORES"):
		withScores = true
	case len(rest) > 0:
		return errReply(msgSyntax)
	}
	members, bad := x.diff(keys)
	if bad != nil {
		return *bad
	}
	out := make([]Reply, 0, len(members)*2)
	for _, m := range members {
		out = append(out, bulkReply(m.member))
		if withScores {
			out = append(out, bulkReply(m.score))
		}
	}
	return arrayReply(out)
}

// ZDIFFSTORE destination numkeys key ...: stores the difference in
// destination, replacing it; its size.
func zdiffstore(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("ZDIFFSTORE")
	}
	keys, rest, bad := numKeys("ZDIFFSTORE", args[1:])
	if bad != nil {
		return *bad
	}
	if len(rest) > 0 {
		return errReply(msgSyntax)
	}
	members, bad := x.diff(keys)
	if bad != nil {
		return *bad
	}
	x.exec("DEL", args[0])
	if len(members) == 0 {
		return intReply(0)
	}
	zadd := []string{"ZADD", args[0]}
	for _, m := range members {
		zadd = append(zadd, m.score, m.member)
	}
	return x.exec(zadd...)
}
