package upstream

import (
	"strconv"
	"strings"
)

// Stream commands miniredis lacks: XDELEX and XACKDEL (Redis 8.2), and
// XGROUP SETID for a group with nothing pending.
var streamCommands = []extension{
	{name: "XDELEX", run: xdelex},
	{name: "XACKDEL", run: xackdel},
	{name: "XGROUP", when: func(args []string) bool { return len(args) > 0 && strings.EqualFold(args[0], "SETID") }, run: xgroupSetID},
}

// refPolicy reads "[KEEPREF|DELREF|ACKED] IDS numids id ...".
func refPolicy(args []string) (string, []string, string) {
	policy := "KEEPREF"
	if len(args) > 0 {
		switch p := strings.ToUpper(args[0]); p {
		case "KEEPREF", "DELREF", "ACKED":
			policy, args = p, args[1:]
		}
	}
	if len(args) < 2 || !strings.EqualFold(args[0], "IDS") {
		return "", nil, msgSyntax
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n <= 0 {
		return "", nil, "ERR Number of IDs must be a positive integer"
	}
	if len(args)-2 != n {
		return "", nil, "ERR The `numids` parameter must match the number of arguments"
	}
	return policy, args[2:], ""
}

// streamGroup is what XINFO GROUPS tells of a group.
type streamGroup struct{ name, lastID string }

func (x *extCall) groups(key string) []streamGroup {
	var out []streamGroup
	for _, g := range x.exec("XINFO", "GROUPS", key).Elems {
		var sg streamGroup
		for i := 0; i+1 < len(g.Elems); i += 2 {
			switch g.Elems[i].Str {
			case "name":
				sg.name = g.Elems[i+1].Str
			case "last-delivered-id":
				sg.lastID = g.Elems[i+1].Str
			}
		}
		out = append(out, sg)
	}
	return out
}

// parseStreamID reads "ms-seq" or "ms".
func parseStreamID(id string) ([2]uint64, bool) {
	ms, seq, _ := strings.Cut(id, "-")
	a, err1 := strconv.ParseUint(ms, 10, 64)
	b, err2 := uint64(0), error(nil)
	if seq != "" {
		b, err2 = strconv.ParseUint(seq, 10, 64)
	}
	return [2]uint64{a, b}, err1 == nil && err2 == nil
}

// referenced reports whether a group still needs the entry: has it
// pending, or has not yet delivered it.
func (x *extCall) referenced(key, id string, groups []streamGroup) bool {
	want, _ := parseStreamID(id)
	for _, g := range groups {
		last, _ := parseStreamID(g.lastID)
		if last[0] < want[0] || (last[0] == want[0] && last[1] < want[1]) {
			return true
		}
		if len(x.exec("XPENDING", key, g.name, id, id, "1").Elems) > 0 {
			return true
		}
	}
	return false
}

// remove deletes the entry under the policy: 1 when deleted, 2 when ACKED
// kept it for a group that still needs it.
func (x *extCall) removeEntry(key, id, policy string, groups []streamGroup) int64 {
	if policy == "ACKED" && x.referenced(key, id, groups) {
		return 2
	}
	x.exec("XDEL", key, id)
	if policy == "DELREF" {
		for _, g := range groups {
			x.exec("XACK", key, g.name, id)
		}
	}
	return 1
}

func (x *extCall) isStream(key string) (bool, *Reply) {
	switch x.exec("TYPE", key).Str {
	case "stream":
		return true, nil
	case "none":
		return false, nil
	}
	r := errReply("WRONGTYPE Operation against a key holding the wrong kind of value")
	return false, &r
}

// XDELEX key [KEEPREF|DELREF|ACKED] IDS numids id ...: per ID -1 when no
// such entry, 1 when deleted, 2 when ACKED kept it because a group has it
// pending or has yet to deliver it. KEEPREF leaves the groups' pending
// entries, DELREF removes them.
func xdelex(x *extCall, args []string) Reply {
	if len(args) < 3 {
		return arity("XDELEX")
	}
	return deleteEntries(x, args[0], args[1:], func(id string) (bool, *Reply) {
		return len(x.exec("XRANGE", args[0], id, id).Elems) > 0, nil
	})
}

// XACKDEL key group [KEEPREF|DELREF|ACKED] IDS numids id ...: acknowledges
// each ID in the group and deletes the entry as XDELEX does; -1 for an ID
// the group did not have pending.
func xackdel(x *extCall, args []string) Reply {
	if len(args) < 4 {
		return arity("XACKDEL")
	}
	return deleteEntries(x, args[0], args[2:], func(id string) (bool, *Reply) {
		acked := x.exec("XACK", args[0], args[1], id)
		if acked.Kind == '-' {
			return false, &acked
		}
		return acked.Int > 0, nil
	})
}

// deleteEntries reads the reference policy and IDs of XDELEX and XACKDEL
// from rest and answers, per ID, -1 when the stream at key is missing or
// take refuses the ID, else what removing the entry did. take may answer
// an error, which ends the command.
func deleteEntries(x *extCall, key string, rest []string, take func(id string) (bool, *Reply)) Reply {
	policy, ids, bad := refPolicy(rest)
	if bad != "" {
		return errReply(bad)
	}
	ok, wrong := x.isStream(key)
	if wrong != nil {
		return *wrong
	}
	var groups []streamGroup
	if ok {
		groups = x.groups(key)
	}
	out := make([]Reply, len(ids))
	for i, id := range ids {
		if _, valid := parseStreamID(id); !valid {
			return errReply("ERR Invalid stream ID specified as stream command argument")
		}
		if !ok {
			out[i] = intReply(-1)
			continue
		}
		taken, failed := take(id)
		if failed != nil {
			return *failed
		}
		if !taken {
			out[i] = intReply(-1)
			continue
		}
		out[i] = intReply(x.removeEntry(key, id, policy, groups))
	}
	return arrayReply(out)
}

// XGROUP SETID key group id|$ [ENTRIESREAD n]: moves the group's last
// delivered ID. miniredis has no way to move it, so the group is made
// again at the new ID with its consumers, which is exact while nothing is
// pending; with entries pending it is refused.
func xgroupSetID(x *extCall, args []string) Reply {
	if len(args) != 4 && len(args) != 6 {
		return arity("XGROUP SETID")
	}
	key, group, id := args[1], args[2], args[3]
	if len(args) == 6 && !strings.EqualFold(args[4], "ENTRIESREAD") {
		return errReply(msgSyntax)
	}
	ok, wrong := x.isStream(key)
	if wrong != nil {
		return *wrong
	}
	if !ok {
		return errReply("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.")
	}
	pending := x.exec("XPENDING", key, group)
	if pending.Kind == '-' {
		return pending
	}
	if len(pending.Elems) > 0 && pending.Elems[0].Int > 0 {
		return errReply("ERR XGROUP SETID with entries pending is not supported by this simulator")
	}
	if id != "$" {
		if _, valid := parseStreamID(id); !valid {
			return errReply("ERR Invalid stream ID specified as stream command argument")
		}
	}
	consumers := x.exec("XINFO", "CONSUMERS", key, group)
	x.exec("XGROUP", "DESTROY", key, group)
	if r := x.exec("XGROUP", "CREATE", key, group, id); r.Kind == '-' {
		return r
	}
	for _, c := range consumers.Elems {
		if len(c.Elems) >= 2 && c.Elems[0].Str == "name" {
			x.exec("XGROUP", "CREATECONSUMER", key, group, c.Elems[1].Str)
		}
	}
	return okReply()
}
