package upstream

import (
	"strconv"

	"github.com/alicebob/miniredis/v2/server"
)

// An extension is a command Upstash answers and miniredis does not,
// registered on miniredis so it runs wherever a command runs: alone, in a
// pipeline, queued in MULTI and called from a script.
//
// miniredis keeps a connection's selected database and transaction to
// itself, and holds its lock only inside its own commands. So an extension
// always runs as a script's call: sent by a client, it runs a one-line
// script that calls it (one atomic step, queued by MULTI like any command),
// and as a script's call it reaches the expiry layer's hook, which does the
// expiry work around it and hands it a connection sharing the script's
// state. On that connection the extension reads and writes the database
// with miniredis' own commands, which run at once under the lock the
// script holds.
//
// An extension may also take over a command miniredis has for the forms
// miniredis lacks (GEOADD NX, SCAN WITHTYPE): when says which. It is then
// registered under a name of its own, and the server's hook sends those
// forms there before miniredis sees them. Its script calls it by the name
// it was called by, so the expiry layer knows it as that command.
type extension struct {
	name     string
	readOnly bool
	when     func(args []string) bool
	run      func(x *extCall, args []string) Reply
}

// registered is the name an extension runs under.
func (ext extension) registered() string {
	if ext.when != nil {
		return ext.name + "@UPSTASH"
	}
	return ext.name
}

// extCall is one run of an extension: exec runs a command in the caller's
// database, inside the caller's script.
type extCall struct{ c *conn }

func (x *extCall) exec(args ...string) Reply { return x.c.exec(args...) }

// callScript runs its arguments as one command and answers that
// command's reply as its own.
const callScript = "return redis.pcall(unpack(ARGV))"

// register adds the extensions to miniredis and installs the server's
// hook, which hands taken-over forms to their extension and every command
// to the expiry layer's hook.
func (d *db) register(exts ...[]extension) error {
	over := map[string][]extension{}
	for _, family := range exts {
		for _, ext := range family {
			var opts []server.CmdOption
			if ext.readOnly {
				opts = append(opts, server.ReadOnlyOption())
			}
			if err := d.srv.Register(ext.registered(), d.extHandler(ext), opts...); err != nil {
				return err
			}
			if ext.when != nil {
				over[ext.name] = append(over[ext.name], ext)
			}
		}
	}
	d.srv.SetPreHook(func(p *server.Peer, cmd string, args ...string) bool {
		// A script's call gets its expiry work under the name it was
		// called by, and comes back here on the hook's own connection.
		if d.exp.hook(p, cmd, args...) {
			return true
		}
		for _, ext := range over[cmd] {
			if ext.when(args) {
				d.srv.Dispatch(p, append([]string{ext.registered()}, args...))
				return true
			}
		}
		return false
	})
	return nil
}

func (d *db) extHandler(ext extension) server.Cmd {
	return func(p *server.Peer, cmd string, args []string) {
		if !d.exp.calls.has(p) {
			d.srv.Dispatch(p, append([]string{"EVAL", callScript, "0", ext.name}, args...))
			return
		}
		c := d.exp.conn(p)
		defer c.close()
		p.WriteRaw(string(ext.run(&extCall{c: c}, args).Raw))
	}
}

// Replies an extension builds.

func errReply(msg string) Reply {
	return Reply{Kind: '-', Str: msg, Raw: []byte("-" + msg + "\r\n")}
}

func okReply() Reply { return Reply{Kind: '+', Str: "OK", Raw: []byte("+OK\r\n")} }

func bulkReply(s string) Reply {
	return Reply{Kind: '$', Str: s, Raw: []byte("$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n")}
}

func nilReply() Reply { return Reply{Kind: '$', Null: true, Raw: []byte("$-1\r\n")} }

func arrayReply(elems []Reply) Reply {
	raw := []byte("*" + strconv.Itoa(len(elems)) + "\r\n")
	for _, e := range elems {
		raw = append(raw, e.Raw...)
	}
	return Reply{Kind: '*', Elems: elems, Raw: raw}
}
