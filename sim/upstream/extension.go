package upstream

import (
	"strconv"
	"strings"

	"github.com/alicebob/miniredis/v2/server"
)

// An extension is a command Upstash answers and miniredis does not,
// registered on miniredis so it runs wherever a command runs: alone, in a
// pipeline, queued in MULTI and called from a script.
//
// An extension reads and writes the database with miniredis' own
// commands, on a connection sharing its caller's state (the selected
// database). Sent alone, it runs them one after the other while the
// expiry layer holds the database for the command, as it does for any
// command. Queued in MULTI it cannot: miniredis keeps a connection's
// transaction to itself and would queue them too. So there it queues a
// one-line script calling it; run by EXEC, the script's call reaches the
// expiry layer's hook, which does the expiry work around it, and its
// commands run at once under the lock the script holds. Called from a
// script, it runs the same way.
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

// extCall is one run of an extension: exec runs one of miniredis'
// commands in the caller's database, as part of the extension's step.
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
		// An extension's own commands are miniredis' as they are.
		if d.inner.has(p) {
			return false
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
		if !d.exp.calls.has(p) && !d.alone.has(p) {
			d.srv.Dispatch(p, append([]string{"EVAL", callScript, "0", ext.name}, args...))
			return
		}
		c := d.exp.conn(p)
		defer c.close()
		d.inner.add(c.peer)
		defer d.inner.remove(c.peer)
		p.WriteRaw(string(ext.run(&extCall{c: c}, args).Raw))
	}
}

// Replies an extension builds.

// errReply is an error reply. Its message may quote what the client sent
// (a JSON path, a field), so CR and LF become spaces, as Redis does to its
// error replies: one left in would end the line early and leave the rest
// to be read as the next reply.
func errReply(msg string) Reply {
	msg = strings.NewReplacer("\r", " ", "\n", " ").Replace(msg)
	return Reply{Kind: '-', Str: msg, Raw: []byte("-" + msg + "\r\n")}
}

func okReply() Reply { return Reply{Kind: '+', Str: "OK", Raw: []byte("+OK\r\n")} }

func bulkReply(s string) Reply {
	return Reply{Kind: '$', Str: s, Raw: []byte("$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n")}
}

func nilReply() Reply { return Reply{Kind: '$', Null: true, Raw: []byte("$-1\r\n")} }

func nilArrayReply() Reply { return Reply{Kind: '*', Null: true, Raw: []byte("*-1\r\n")} }

func arrayReply(elems []Reply) Reply {
	raw := []byte("*" + strconv.Itoa(len(elems)) + "\r\n")
	for _, e := range elems {
		raw = append(raw, e.Raw...)
	}
	return Reply{Kind: '*', Elems: elems, Raw: raw}
}

// rebuilt writes a parsed reply's bytes anew: parsed elements carry none.
func rebuilt(r Reply) Reply {
	switch {
	case r.Kind == '*' && !r.Null:
		elems := make([]Reply, len(r.Elems))
		for i, el := range r.Elems {
			elems[i] = rebuilt(el)
		}
		return arrayReply(elems)
	case r.Kind == '*':
		return nilArrayReply()
	case r.Kind == '$' && r.Null:
		return nilReply()
	case r.Kind == '$':
		return bulkReply(r.Str)
	case r.Kind == ':':
		return intReply(r.Int)
	}
	r.Raw = []byte(string(r.Kind) + r.Str + "\r\n")
	return r
}
