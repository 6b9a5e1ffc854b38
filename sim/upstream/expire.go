package upstream

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// expiry gives miniredis Redis' real-time TTLs at a cost per command that
// does not grow with the number of keys.
//
// miniredis keeps a TTL as a duration that shrinks only when its clock is
// advanced, and advancing it walks and sorts every key. So its clock only
// ever tells the command's time (for EXPIREAT, TIME and stream IDs), and
// the expiry layer keeps the wall-clock deadline of every key and hash
// field with a TTL, in a queue per database ordered by deadline:
//
//   - before a command, each key it names that is past its deadline is
//     deleted, as Redis does on access; before a write, each named key's
//     TTL in miniredis is set to the time it has left, so whatever
//     miniredis compares (GT, LT), copies (COPY, RENAME, MOVE) or keeps
//     (KEEPTTL) is right as of now;
//   - after a write, the TTL of each named key is read back: a value other
//     than the one written was set by the command, at the command's time;
//   - TTL, PTTL, EXPIRETIME, PEXPIRETIME, HTTL and HPTTL are answered from
//     the deadlines, rounded as Redis rounds them;
//   - a cycle ten times a second deletes what nobody touches, the earliest
//     deadline first, a small batch per hold of the lock and for at most a
//     quarter of its period.
//
// Every argument counts as a key name: a name that is not a key has no
// deadline, so the guess costs a map lookup and is never wrong. Scripts
// run their calls through a server hook that does the same work per call.
// The cost per command is O(arguments · log keys with a TTL).
type expiry struct {
	m        *miniredis.Miniredis
	srv      *server.Server
	readOnly func(cmd string) bool

	// mu is held across each command with its expiry work, so no other
	// command comes between a deadline's check and its effect. A command
	// that may block waits without it.
	mu     sync.Mutex
	spaces map[int]*space
	now    time.Time   // the running command's time
	script scriptState // the running command's scripts

	ours peerSet
	// calls holds the connections the hook runs scripts' calls on, where
	// an extension (extension.go) does its work.
	calls peerSet
	mem   *memory // checks each call of a script, as the server checks commands
	// scripts stops a script past its time limit (scriptlimit.go).
	scripts *scripts

	stop, done chan struct{}
	stopOnce   sync.Once
}

const (
	cyclePeriod = 100 * time.Millisecond
	cycleBudget = cyclePeriod / 4
	cycleBatch  = 20
)

func newExpiry(m *miniredis.Miniredis, readOnly func(string) bool) *expiry {
	e := &expiry{
		m: m, srv: m.Server(), readOnly: readOnly,
		spaces:  map[int]*space{},
		ours:    peerSet{m: map[*server.Peer]struct{}{}},
		calls:   peerSet{m: map[*server.Peer]struct{}{}},
		scripts: newScripts(DefaultScriptTimeout),
		stop:    make(chan struct{}), done: make(chan struct{}),
	}
	go e.cycle()
	return e
}

// close stops the expiry cycle; miniredis stays up.
func (e *expiry) close() {
	e.stopOnce.Do(func() { close(e.stop) })
	<-e.done
}

// A client is what the expiry layer follows of one session: the database
// it has selected and what it queued since MULTI.
type client struct {
	db     int
	inTx   bool
	txDB   int // the database selected once the queue has run
	queued []queuedCmd

	// scriptTime is how long the session's scripts have run, which
	// ScriptTimeout bounds.
	scriptTime time.Duration
}

type queuedCmd struct {
	c  command
	db int
}

type command struct {
	name string // upper case
	verb string // as sent, which miniredis quotes in errors
	args []string
}

func newCommand(line []string) command {
	return command{name: strings.ToUpper(line[0]), verb: line[0], args: line[1:]}
}

func (c command) line() []string { return append([]string{c.verb}, c.args...) }

// run runs one command of a session: dispatch sends it to miniredis.
func (e *expiry) run(cl *client, args []string, dispatch func([]string) (Reply, error)) (Reply, error) {
	c := newCommand(args)
	e.mu.Lock()
	defer e.mu.Unlock()
	// Whole milliseconds, as Redis keeps a command's time: a deadline
	// given in milliseconds is then a whole number of them away, which
	// a script's HPTTL reads exactly.
	e.now = time.Now().Truncate(time.Millisecond)
	e.m.SetTime(e.now)
	e.script = scriptState{base: cl.db}
	e.scripts.begin(cl.scriptTime)
	defer func() { cl.scriptTime += e.scripts.end() }()
	if cl.inTx {
		return e.enqueue(cl, c, dispatch)
	}
	rep, err := e.step(e.direct(cl.db, e.now), c, func(args []string) (Reply, error) {
		if mayBlock[c.name] {
			e.mu.Unlock()
			defer e.mu.Lock()
		}
		return dispatch(args)
	})
	if why := e.scripts.stopped; why != "" && err == nil && rep.Kind == '-' {
		rep = errorReply(why)
	}
	if err != nil || rep.Kind == '-' {
		return rep, err
	}
	switch c.name {
	case "SELECT":
		cl.db, _ = strconv.Atoi(c.args[0])
	case "MULTI":
		cl.inTx, cl.txDB, cl.queued = true, cl.db, nil
	}
	return rep, nil
}

// enqueue handles a command sent between MULTI and EXEC.
func (e *expiry) enqueue(cl *client, c command, dispatch func([]string) (Reply, error)) (Reply, error) {
	switch c.name {
	case "EXEC":
		return e.exec(cl, c, dispatch)
	case "DISCARD":
		rep, err := dispatch(c.line())
		if err == nil && rep.Kind != '-' {
			cl.inTx, cl.queued = false, nil
		}
		return rep, err
	}
	line := c.line()
	if q, ok := ttlQueryScript(c); ok {
		line = q
	}
	rep, err := dispatch(line)
	if err != nil || rep.Kind != '+' || rep.Str != "QUEUED" {
		return rep, err
	}
	cl.queued = append(cl.queued, queuedCmd{c: c, db: cl.txDB})
	if n, ok := selected(c); ok {
		cl.txDB = n
	}
	return rep, nil
}

// ttlQueryScript turns a TTL query queued in a transaction into a script
// making it: run by EXEC, its call reaches the hook, which answers it from
// the deadlines as they are at that point of the transaction.
func ttlQueryScript(c command) ([]string, bool) {
	if _, ok := ttlQueries[c.name]; !ok || !validTTLQuery(c) {
		return nil, false
	}
	return append([]string{"EVAL", "return redis.call(ARGV[1], KEYS[1], unpack(ARGV, 2))", "1", c.args[0], c.name}, c.args[1:]...), true
}

// exec runs the queued commands: their keys are readied before EXEC and
// read back after it, in order.
func (e *expiry) exec(cl *client, c command, dispatch func([]string) (Reply, error)) (Reply, error) {
	queued := cl.queued
	cl.inTx, cl.queued = false, nil
	plans := make([]plan, len(queued))
	scripts := false
	for i, q := range queued {
		plans[i] = e.plan(q.db, q.c)
		e.before(e.direct(q.db, e.now), plans[i])
		if scriptCmds[q.c.name] && !scripts {
			// Each script's calls are followed in the database its
			// caller had selected; when scripts in one transaction run
			// in different databases, all count as the first's.
			e.script.base, scripts = q.db, true
		}
	}
	rep, err := dispatch(c.line())
	st := e.direct(cl.db, e.now)
	if err != nil {
		e.settle(st, plans, nil)
		return rep, err
	}
	if rep.Kind != '*' || rep.Null || len(rep.Elems) != len(plans) {
		return rep, nil // discarded: nothing ran
	}
	e.settle(st, plans, rep.Elems)
	cl.db = cl.txDB
	return rep, nil
}

// step runs one command outside a transaction, with the expiry work
// around it; run dispatches it.
func (e *expiry) step(st store, c command, run func([]string) (Reply, error)) (Reply, error) {
	p := e.plan(st.db(), c)
	e.before(st, p)
	rep, err := run(c.line())
	if err != nil {
		// The command may have run before it was cut short.
		e.settle(st, []plan{p}, nil)
		return rep, err
	}
	e.settle(st, []plan{p}, []Reply{rep})
	return e.answer(st, p, rep), nil
}

// scriptState follows, during one command, the database each connection
// of its scripts has selected: a script starts in its caller's database
// and may SELECT another.
type scriptState struct {
	base int
	dbs  map[any]int
}

func (s *scriptState) db(ctx any) int {
	if id, ok := s.dbs[ctx]; ok {
		return id
	}
	return s.base
}

func (s *scriptState) selected(ctx any, id int) {
	if s.dbs == nil {
		s.dbs = map[any]int{}
	}
	s.dbs[ctx] = id
}

// hook sees every command miniredis dispatches (the database installs
// it, register in extension.go). Those on the server's own
// peers pass; any other peer is a script's, whose calls get the expiry
// work a command gets, through a connection sharing the script's state.
// A script runs inside a command that holds e.mu.
func (e *expiry) hook(p *server.Peer, cmd string, args ...string) bool {
	if e.ours.has(p) {
		return false
	}
	if cmd == tickCmd {
		e.tick(p)
		return true
	}
	if e.mem.enabled() {
		if rep, ok := e.mem.admit(append([]string{cmd}, args...), !e.readOnly(cmd), false, nil); !ok {
			p.WriteRaw(string(rep.Raw))
			return true
		}
	}
	c := e.conn(p)
	defer c.close()
	e.calls.add(c.peer)
	defer e.calls.remove(c.peer)
	st := scriptStore{c: c, id: c.db, now: e.now.UnixMilli()}
	cm := command{name: cmd, verb: cmd, args: args}
	rep, _ := e.step(st, cm, func(line []string) (Reply, error) {
		return c.exec(nonBlocking(cm, line)...), nil
	})
	if n, ok := selected(cm); ok && rep.Kind == '+' {
		e.script.selected(p.Ctx, n)
	}
	p.WriteRaw(string(rep.Raw))
	return true
}

// A plan is the expiry work around one command: the keys it may touch, by
// database, with the hash fields of each it may touch.
type plan struct {
	c     command
	db    int
	write bool
	keys  []keyRef
}

type keyRef struct {
	db     int
	name   string
	fields []string
}

func (e *expiry) plan(db int, c command) plan {
	p := plan{c: c, db: db, write: !e.readOnly(c.name)}
	if scriptCmds[c.name] {
		// The script's own calls get the work, each in its turn.
		return p
	}
	p.keys = make([]keyRef, 0, len(c.args)+1)
	for _, a := range c.args {
		p.keys = append(p.keys, keyRef{db: db, name: a})
	}
	if other, name, ok := otherDB(c); ok {
		p.keys = append(p.keys, keyRef{db: other, name: name})
	}
	switch {
	case keyMovers[c.name]:
		// The key takes its fields' TTLs along.
		var fields []string
		for _, k := range p.keys {
			if sp := e.spaces[k.db]; sp != nil && sp.key(k.name) != nil {
				for f := range sp.key(k.name).fields {
					fields = append(fields, f)
				}
			}
		}
		for i := range p.keys {
			p.keys[i].fields = fields
		}
	case strings.HasPrefix(c.name, "H") && len(c.args) > 1:
		p.keys[0].fields = c.args[1:]
	}
	return p
}

// before deletes what the command would find expired and, for a write,
// sets the TTLs miniredis holds to the time left.
func (e *expiry) before(st store, p plan) {
	now := e.now.UnixMilli()
	over := overwritten(p.c)
	if enumerators[p.c.name] {
		if sp := e.spaces[p.db]; sp != nil {
			for k, ok := sp.next(now); ok; k, ok = sp.next(now) {
				e.expire(st, sp, k, now)
			}
		}
	}
	for _, ref := range p.keys {
		sp := e.spaces[ref.db]
		if sp == nil || sp.key(ref.name) == nil {
			continue
		}
		kst := st.in(ref.db)
		if k := sp.key(ref.name); k.due() <= now {
			e.expire(kst, sp, k, now)
		}
		k := sp.key(ref.name)
		if !p.write || k == nil {
			continue
		}
		if k.hasOwn {
			k.own.stored = k.own.at - now
			kst.setTTL(ref.name, k.own.stored)
		}
		if ref.db == p.db && ref.name == p.c.args[0] {
			// miniredis keeps the TTL of a field deleted or set again,
			// for the field to come back with; Redis drops it.
			for _, f := range over {
				if k.fields[f] != nil {
					kst.persistField(ref.name, f)
					sp.clearField(ref.name, f)
				}
			}
		}
		for _, f := range ref.fields {
			if ft := k.fields[f]; ft != nil {
				ft.stored = kst.setFieldTTL(ref.name, f, ft.at-now)
			}
		}
	}
}

// overwritten are the hash fields a command deletes or sets anew, which
// lose their TTLs.
func overwritten(c command) []string {
	switch c.name {
	case "HSET", "HMSET":
		var fs []string
		for i := 1; i < len(c.args); i += 2 {
			fs = append(fs, c.args[i])
		}
		return fs
	case "HDEL":
		if len(c.args) > 1 {
			return c.args[1:]
		}
	case "HGETDEL":
		if len(c.args) > 3 && strings.EqualFold(c.args[1], "FIELDS") {
			return c.args[3:]
		}
	}
	return nil
}

// expire deletes the parts of k past their deadline and reports how many
// it deleted. A TTL miniredis no longer holds was removed with its key.
func (e *expiry) expire(st store, sp *space, k *keyTTL, now int64) int {
	if k.hasOwn && k.own.at <= now {
		if _, ok := st.ttl(k.name); ok {
			st.del(k.name)
		}
		sp.drop(k.name)
		return 1
	}
	n := 0
	for f, ok := k.queue.first(); ok && f.at <= now; f, ok = k.queue.first() {
		if _, ok := st.fieldTTL(k.name, f.name); ok {
			st.delField(k.name, f.name)
		}
		sp.clearField(k.name, f.name)
		n++
	}
	return n
}

// settle follows what the commands did, with their replies in order (nil
// when unknown): SWAPDB and FLUSH move or drop deadlines, and the keys of
// every write are read back once all have run.
func (e *expiry) settle(st store, plans []plan, reps []Reply) {
	var touched []keyRef
	for i, p := range plans {
		if reps != nil {
			if reps[i].Kind == '-' {
				continue
			}
			e.restructure(p, touched)
		}
		if p.write {
			touched = append(touched, p.keys...)
		}
	}
	for _, ref := range touched {
		e.readBack(st.in(ref.db), ref)
	}
}

// restructure follows commands that move or drop whole databases; touched
// names keys by database as they were before.
func (e *expiry) restructure(p plan, touched []keyRef) {
	switch p.c.name {
	case "SWAPDB":
		a, _ := strconv.Atoi(p.c.args[0])
		b, _ := strconv.Atoi(p.c.args[1])
		e.spaces[a], e.spaces[b] = e.spaces[b], e.spaces[a]
		for _, id := range []int{a, b} {
			if e.spaces[id] == nil {
				delete(e.spaces, id)
			}
		}
		for i := range touched {
			switch touched[i].db {
			case a:
				touched[i].db = b
			case b:
				touched[i].db = a
			}
		}
	case "FLUSHDB":
		delete(e.spaces, p.db)
	case "FLUSHALL":
		clear(e.spaces)
	}
}

// readBack records the TTLs miniredis holds for a key and the named fields.
func (e *expiry) readBack(st store, ref keyRef) {
	sp := e.spaces[ref.db]
	if d, ok := st.ttl(ref.name); ok {
		if sp == nil {
			sp = newSpace()
			e.spaces[ref.db] = sp
		}
		if k := sp.key(ref.name); k == nil || !k.hasOwn || k.own.stored != d.stored {
			sp.setOwn(ref.name, d)
		}
	} else if sp != nil {
		sp.clearOwn(ref.name)
	}
	if sp != nil {
		if k := sp.key(ref.name); k != nil && len(k.fields) > 0 && !st.isHash(ref.name) {
			sp.clearFields(ref.name)
		}
	}
	for _, f := range ref.fields {
		d, ok := st.fieldTTL(ref.name, f)
		switch {
		case ok:
			if sp == nil {
				sp = newSpace()
				e.spaces[ref.db] = sp
			}
			if k := sp.key(ref.name); k == nil || k.fields[f] == nil || k.fields[f].stored != d.stored {
				sp.setField(ref.name, f, d)
			}
		case sp != nil:
			sp.clearField(ref.name, f)
		}
	}
}

// answer replaces miniredis' answer to a TTL query, which it gives from
// the TTL as last written, with the one from the deadline.
func (e *expiry) answer(st store, p plan, rep Reply) Reply {
	unit, ok := ttlQueries[p.c.name]
	if !ok || !validTTLQuery(p.c) {
		return rep
	}
	now := e.now.UnixMilli()
	key := p.c.args[0]
	if len(p.c.args) == 1 {
		if rep.Kind != ':' || rep.Int < 0 {
			return rep
		}
		e.readBack(st, keyRef{db: p.db, name: key})
		if k := e.recorded(p.db, key); k != nil && k.hasOwn {
			return intReply(unit(k.own.at, now))
		}
		return rep
	}
	fields := p.c.args[3:]
	if rep.Kind != '*' || len(rep.Elems) != len(fields) {
		return rep
	}
	e.readBack(st, keyRef{db: p.db, name: key, fields: fields})
	out := Reply{Kind: '*', Elems: make([]Reply, len(fields))}
	raw := []byte("*" + strconv.Itoa(len(fields)) + "\r\n")
	for i, el := range rep.Elems {
		// Parsed elements carry no bytes of their own: each is written anew.
		if el.Kind == ':' {
			n := el.Int
			if k := e.recorded(p.db, key); n >= 0 && k != nil && k.fields[fields[i]] != nil {
				n = unit(k.fields[fields[i]].at, now)
			}
			el = intReply(n)
		}
		out.Elems[i] = el
		raw = append(raw, el.Raw...)
	}
	out.Raw = raw
	return out
}

func (e *expiry) recorded(db int, key string) *keyTTL {
	if sp := e.spaces[db]; sp != nil {
		return sp.key(key)
	}
	return nil
}

func intReply(n int64) Reply {
	return Reply{Kind: ':', Int: n, Raw: []byte(":" + strconv.FormatInt(n, 10) + "\r\n")}
}

// ttlQueries answer from a deadline and the command's time, in Unix ms,
// rounding as Redis does: to the nearest second for keys, up for fields.
var ttlQueries = map[string]func(at, now int64) int64{
	"TTL":          func(at, now int64) int64 { return (max(at-now, 0) + 500) / 1000 },
	"PTTL":         func(at, now int64) int64 { return max(at-now, 0) },
	"EXPIRETIME":   func(at, _ int64) int64 { return (at + 500) / 1000 },
	"PEXPIRETIME":  func(at, _ int64) int64 { return at },
	"HTTL":         func(at, now int64) int64 { return (max(at-now, 0) + 999) / 1000 },
	"HPTTL":        func(at, now int64) int64 { return max(at-now, 0) },
	"HEXPIRETIME":  func(at, _ int64) int64 { return (at + 999) / 1000 },
	"HPEXPIRETIME": func(at, _ int64) int64 { return at },
}

// validTTLQuery reports a well-formed query: one key, or for fields
// "key FIELDS n" and n fields.
func validTTLQuery(c command) bool {
	if strings.HasPrefix(c.name, "H") {
		if len(c.args) < 4 || !strings.EqualFold(c.args[1], "FIELDS") {
			return false
		}
		n, err := strconv.Atoi(c.args[2])
		return err == nil && n == len(c.args)-3
	}
	return len(c.args) == 1
}

// selected is the database a well-formed SELECT picks.
func selected(c command) (int, bool) {
	if c.name != "SELECT" || len(c.args) != 1 {
		return 0, false
	}
	n, err := strconv.Atoi(c.args[0])
	return n, err == nil && n >= 0
}

// otherDB is the key a command names in another database: MOVE's target,
// COPY's destination with DB.
func otherDB(c command) (int, string, bool) {
	switch {
	case c.name == "MOVE" && len(c.args) == 2:
		n, err := strconv.Atoi(c.args[1])
		return n, c.args[0], err == nil
	case c.name == "COPY" && len(c.args) >= 2:
		for i := 2; i+1 < len(c.args); i++ {
			if strings.EqualFold(c.args[i], "DB") {
				n, err := strconv.Atoi(c.args[i+1])
				return n, c.args[1], err == nil
			}
		}
	}
	return 0, "", false
}

var (
	scriptCmds  = map[string]bool{"EVAL": true, "EVALSHA": true, "EVAL_RO": true, "EVALSHA_RO": true}
	keyMovers   = map[string]bool{"RENAME": true, "RENAMENX": true, "MOVE": true, "COPY": true}
	enumerators = map[string]bool{"KEYS": true, "SCAN": true, "RANDOMKEY": true}
	mayBlock    = map[string]bool{
		"BLPOP": true, "BRPOP": true, "BRPOPLPUSH": true, "BLMOVE": true,
		"BZPOPMIN": true, "BZPOPMAX": true, "BZMPOP": true, "XREAD": true, "XREADGROUP": true,
	}
)

// nonBlocking makes a blocking call from a script return at once, as in
// Redis: a script holds the database, so nothing could come to wake it.
// BZMPOP already does.
func nonBlocking(c command, line []string) []string {
	switch c.name {
	case "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BZPOPMIN", "BZPOPMAX":
		if t, err := strconv.ParseFloat(line[len(line)-1], 64); err == nil && t >= 0 {
			return append(line[:len(line)-1:len(line)-1], "0.000001")
		}
	case "XREAD", "XREADGROUP":
		for i := 1; i+1 < len(line); i++ {
			if ms, err := strconv.Atoi(line[i+1]); strings.EqualFold(line[i], "BLOCK") && err == nil && ms >= 0 {
				return append(line[:i:i], line[i+2:]...)
			}
		}
	}
	return line
}

// cycle deletes, ten times a second, what has expired without anyone
// touching it.
func (e *expiry) cycle() {
	defer close(e.done)
	t := time.NewTicker(cyclePeriod)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			start := time.Now()
			for e.sweep(cycleBatch) == cycleBatch && time.Since(start) < cycleBudget {
			}
		}
	}
}

// sweep deletes up to n keys or fields past their deadline, the earliest
// first, and reports how many.
func (e *expiry) sweep(n int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	done := 0
	for id, sp := range e.spaces {
		st := e.direct(id, now)
		for done < n {
			k, ok := sp.next(now.UnixMilli())
			if !ok {
				break
			}
			done += e.expire(st, sp, k, now.UnixMilli())
		}
	}
	return done
}

// peerSet holds the peers the server made.
type peerSet struct {
	mu sync.Mutex
	m  map[*server.Peer]struct{}
}

func (s *peerSet) add(p *server.Peer) *server.Peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[p] = struct{}{}
	return p
}

func (s *peerSet) remove(p *server.Peer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, p)
}

func (s *peerSet) has(p *server.Peer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[p]
	return ok
}
