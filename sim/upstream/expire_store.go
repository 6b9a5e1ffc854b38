package upstream

import (
	"bufio"
	"bytes"
	"strconv"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// A store is how the expiry layer reads and changes the TTLs of one
// miniredis database. Between commands it calls miniredis directly; inside
// a script, which holds miniredis' lock, it sends commands on the script's
// own connection instead.
type store interface {
	db() int
	// ttl is the key's TTL as miniredis holds it, with the deadline it
	// stands for at the command's time; false when the key has none.
	ttl(key string) (deadline, bool)
	setTTL(key string, left int64)
	del(key string)
	fieldTTL(key, field string) (deadline, bool)
	// setFieldTTL stores a field's TTL and returns the milliseconds
	// miniredis holds for it, which may be rounded.
	setFieldTTL(key, field string, left int64) int64
	delField(key, field string)
	persistField(key, field string)
	isHash(key string) bool
	// in is the same kind of store for another database.
	in(db int) store
}

// directStore calls miniredis' own API, for commands outside scripts and
// for the expiry cycle.
type directStore struct {
	e   *expiry
	id  int
	rdb *miniredis.RedisDB
	now time.Time // miniredis' time for the command
}

func (e *expiry) direct(id int, now time.Time) directStore {
	return directStore{e: e, id: id, rdb: e.m.DB(id), now: now}
}

func (s directStore) db() int { return s.id }

func (s directStore) ttl(key string) (deadline, bool) { return s.mark(s.rdb.TTL(key)) }

// mark turns a TTL miniredis holds into the deadline it stands for: the
// command's time plus the TTL, which for EXPIREAT and its kin is exactly
// the time asked for.
func (s directStore) mark(d time.Duration) (deadline, bool) {
	if d <= 0 {
		return deadline{}, false
	}
	return deadline{at: s.now.Add(d).UnixMilli(), stored: d.Milliseconds()}, true
}

func (s directStore) setTTL(key string, left int64) {
	s.rdb.SetTTL(key, time.Duration(left)*time.Millisecond)
}

func (s directStore) del(key string) { s.rdb.Del(key) }

func (s directStore) fieldTTL(key, field string) (deadline, bool) {
	return s.mark(s.rdb.HTTL(key, field))
}

func (s directStore) setFieldTTL(key, field string, left int64) int64 {
	s.rdb.HExpire(key, field, time.Duration(left)*time.Millisecond)
	return left
}

func (s directStore) delField(key, field string) {
	s.rdb.HPersist(key, field)
	// HDEL, unlike the direct API, deletes the hash with its last field.
	c := s.e.conn(nil)
	defer c.close()
	c.call(s.id, "HDEL", key, field)
}

func (s directStore) persistField(key, field string) { s.rdb.HPersist(key, field) }

func (s directStore) isHash(key string) bool { return s.rdb.Type(key) == "hash" }

func (s directStore) in(id int) store {
	if id == s.id {
		return s
	}
	return s.e.direct(id, s.now)
}

// scriptStore sends commands on a script's connection: miniredis runs them
// without taking the lock the script holds. PEXPIRETIME gives a key's
// deadline exactly, and HPTTL a field's, as the command's time is whole
// milliseconds (expiry.run). A field's TTL is written with HSETEX, which
// takes milliseconds; it writes the field's value again.
type scriptStore struct {
	c   *conn
	id  int
	now int64 // the command's time, Unix ms
}

func (s scriptStore) db() int { return s.id }

func (s scriptStore) ttl(key string) (deadline, bool) {
	left := s.c.call(s.id, "PTTL", key).Int
	if left < 0 {
		return deadline{}, false
	}
	return deadline{at: s.c.call(s.id, "PEXPIRETIME", key).Int, stored: left}, true
}

func (s scriptStore) setTTL(key string, left int64) {
	s.c.call(s.id, "PEXPIRE", key, strconv.FormatInt(left, 10))
}

func (s scriptStore) del(key string) { s.c.call(s.id, "DEL", key) }

func (s scriptStore) fieldTTL(key, field string) (deadline, bool) {
	r := s.c.call(s.id, "HPTTL", key, "FIELDS", "1", field)
	if len(r.Elems) != 1 || r.Elems[0].Int < 0 {
		return deadline{}, false
	}
	left := r.Elems[0].Int
	return deadline{at: s.now + left, stored: left}, true
}

func (s scriptStore) setFieldTTL(key, field string, left int64) int64 {
	v := s.c.call(s.id, "HGET", key, field)
	if v.Kind != '$' || v.Null {
		return left
	}
	s.c.call(s.id, "HSETEX", key, "PX", strconv.FormatInt(left, 10), "FIELDS", "1", field, v.Str)
	return left
}

func (s scriptStore) delField(key, field string) {
	s.c.call(s.id, "HPERSIST", key, "FIELDS", "1", field)
	s.c.call(s.id, "HDEL", key, field)
}

func (s scriptStore) persistField(key, field string) {
	s.c.call(s.id, "HPERSIST", key, "FIELDS", "1", field)
}

func (s scriptStore) isHash(key string) bool { return s.c.call(s.id, "TYPE", key).Str == "hash" }

func (s scriptStore) in(id int) store {
	s.id = id
	return s
}

// A conn is a peer of the expiry layer's own. It shares a script's
// connection state when made for one, and otherwise has its own.
type conn struct {
	e    *expiry
	peer *server.Peer
	buf  bytes.Buffer
	db   int // the database the connection has selected
}

// conn makes a connection sharing the state of a script's peer, or a fresh
// one for nil. close releases it.
func (e *expiry) conn(script *server.Peer) *conn {
	c := &conn{e: e}
	c.peer = e.ours.add(server.NewPeer(bufio.NewWriter(&c.buf)))
	if script != nil {
		c.peer.Ctx = script.Ctx
		c.db = e.script.db(script.Ctx)
	}
	return c
}

func (c *conn) close() { c.e.ours.remove(c.peer) }

// call runs one command in database id and returns its reply, selecting
// the connection's database again afterwards.
func (c *conn) call(id int, args ...string) Reply {
	if id != c.db {
		c.exec("SELECT", strconv.Itoa(id))
		defer c.exec("SELECT", strconv.Itoa(c.db))
	}
	return c.exec(args...)
}

func (c *conn) exec(args ...string) Reply {
	c.e.srv.Dispatch(c.peer, args)
	c.peer.Flush()
	r, n, err := parseReply(c.buf.Bytes())
	if err != nil {
		// miniredis answers every command it is given; a reply this
		// layer cannot read is no TTL and no type.
		c.buf.Reset()
		return Reply{}
	}
	r.Raw = bytes.Clone(r.Raw)
	c.buf.Next(n)
	return r
}
