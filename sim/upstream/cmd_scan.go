package upstream

import "strings"

// SCAN ... WITHTYPE, Upstash's form of SCAN that answers each key with its
// type: [cursor, [key, type, key, type, ...]]. SCAN's TYPE filter is
// miniredis' own.
var scanCommands = []extension{
	{name: "SCAN", readOnly: true, when: withType, run: scanWithType},
}

func withType(args []string) bool {
	for _, a := range args {
		if strings.EqualFold(a, "WITHTYPE") {
			return true
		}
	}
	return false
}

func scanWithType(x *extCall, args []string) Reply {
	scan := []string{"SCAN"}
	for _, a := range args {
		if !strings.EqualFold(a, "WITHTYPE") {
			scan = append(scan, a)
		}
	}
	r := x.exec(scan...)
	if r.Kind == '-' || len(r.Elems) != 2 {
		return r
	}
	keys := make([]Reply, 0, 2*len(r.Elems[1].Elems))
	for _, k := range r.Elems[1].Elems {
		keys = append(keys, bulkReply(k.Str), bulkReply(x.exec("TYPE", k.Str).Str))
	}
	return arrayReply([]Reply{bulkReply(r.Elems[0].Str), arrayReply(keys)})
}
