package upstream

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// db runs commands on an in-process miniredis, with real-time TTLs kept by
// the expiry layer (expire.go).
type db struct {
	m   *miniredis.Miniredis
	srv *server.Server
	exp *expiry
	// alone holds the peers of sessions running a command outside a
	// transaction, where an extension runs without a script.
	alone peerSet
	// inner holds the connections extensions run their commands on.
	inner peerSet
	mem   memory

	mu       sync.Mutex
	monitors map[*backlog]struct{}
}

func newDB() (*db, error) {
	m := miniredis.NewMiniRedis()
	// Dial starts miniredis without a listener; the pipe it returns is not
	// needed, commands go through Dispatch.
	c, err := m.Dial()
	if err != nil {
		return nil, fmt.Errorf("upstream: start miniredis: %w", err)
	}
	c.Close()
	d := &db{m: m, srv: m.Server(), monitors: map[*backlog]struct{}{}, alone: peerSet{m: map[*server.Peer]struct{}{}},
		inner: peerSet{m: map[*server.Peer]struct{}{}}}
	d.exp = newExpiry(m, d.readOnly)
	d.exp.mem = &d.mem
	if err := d.register(jsonCommands, hashExpiryCommands, bitfieldCommands, geoCommands, zdiffCommands, streamCommands, scanCommands, bitopCommands); err != nil {
		d.close()
		return nil, fmt.Errorf("upstream: %w", err)
	}
	return d, nil
}

func (d *db) close() {
	d.exp.close()
	d.m.Close()
}

// peer makes a peer for the server's own use, writing to w; release
// forgets it. Commands on any other peer are taken for a script's.
func (d *db) peer(w *bufio.Writer) *server.Peer { return d.exp.ours.add(server.NewPeer(w)) }

func (d *db) release(p *server.Peer) { d.exp.ours.remove(p) }

// notOverREST are commands that would leave a peer in a state no later
// request can reach (subscribed, RESP3); the REST API has endpoints instead.
var notOverREST = map[string]string{
	"SUBSCRIBE":    "use the /subscribe/<channel> endpoint",
	"PSUBSCRIBE":   "use the /psubscribe/<pattern> endpoint",
	"SSUBSCRIBE":   "use the /subscribe/<channel> endpoint",
	"UNSUBSCRIBE":  "subscriptions end when the event stream is closed",
	"PUNSUBSCRIBE": "subscriptions end when the event stream is closed",
	"MONITOR":      "use the /monitor endpoint",
	"HELLO":        "the REST API speaks RESP2 only",
}

// readOnlyExtra are commands miniredis does not flag read-only but which
// change nothing.
var readOnlyExtra = map[string]bool{
	"PING": true, "ECHO": true, "TIME": true, "DBSIZE": true, "INFO": true,
	"COMMAND": true, "SELECT": true, "PUBSUB": true, "OBJECT": true,
}

func (d *db) readOnly(cmd string) bool {
	up := strings.ToUpper(cmd)
	return readOnlyExtra[up] || d.m.IsReadOnlyCommand(up)
}

// session is one request's connection to the database: commands run on one
// peer, so a pipeline shares SELECT state and MULTI/EXEC is atomic.
type session struct {
	d      *db
	buf    bytes.Buffer
	peer   *server.Peer
	client client
}

// session starts a session; close ends it.
func (d *db) session() *session {
	s := &session{d: d}
	s.peer = d.peer(bufio.NewWriter(&s.buf))
	return s
}

func (s *session) close() { s.d.release(s.peer) }

// do runs one command and returns its reply. A cancelled ctx ends a blocking
// command (BLPOP and friends) early, with no reply written.
func (s *session) do(ctx context.Context, args []string) (Reply, error) {
	if hint, ok := notOverREST[strings.ToUpper(args[0])]; ok {
		return errReply(fmt.Sprintf("ERR %s is not supported over REST: %s", strings.ToUpper(args[0]), hint)), nil
	}
	if rep, ok := s.d.exp.scripts.intercept(args); ok {
		return rep, nil
	}
	if s.d.mem.enabled() {
		if rep, ok := s.d.mem.admit(args, !s.d.readOnly(args[0]), true, s.strlen); !ok {
			return rep, nil
		}
	}
	s.d.monitor(args)
	sent := upstashArgs(args)
	run := s.d.exp.scripts.rewrite(sent)
	rep, err := s.d.exp.run(&s.client, run, func(args []string) (Reply, error) {
		if !s.client.inTx {
			s.d.alone.add(s.peer)
			defer s.d.alone.remove(s.peer)
		}
		return s.dispatch(ctx, args)
	})
	if err != nil {
		return rep, err
	}
	return s.d.exp.scripts.learn(sent, run, rep), nil
}

// strlen is the length of the string key holds in the session's database,
// 0 when it holds none.
func (s *session) strlen(key string) int64 {
	v, err := s.d.m.DB(s.client.db).Get(key)
	if err != nil {
		return 0
	}
	return int64(len(v))
}

func (s *session) dispatch(ctx context.Context, args []string) (Reply, error) {
	stop := context.AfterFunc(ctx, func() {
		s.peer.Close()
		// Any command wakes miniredis' blocked commands, which then see
		// their peer closed and return.
		c := s.d.exp.conn(nil)
		defer c.close()
		c.exec("PING")
	})
	s.d.srv.Dispatch(s.peer, args)
	stop()
	s.peer.Flush()
	if s.buf.Len() == 0 {
		if err := ctx.Err(); err != nil {
			return Reply{}, err
		}
		return Reply{}, fmt.Errorf("upstream: %s wrote no reply", args[0])
	}
	r, n, err := parseReply(s.buf.Bytes())
	if err != nil {
		return Reply{}, fmt.Errorf("upstream: reply to %s: %w", args[0], err)
	}
	r.Raw = bytes.Clone(r.Raw)
	s.buf.Next(n)
	return r, nil
}

// upstashArgs rewrites the commands Upstash answers differently from Redis
// into ones miniredis answers the Upstash way. COPY of a key onto itself in
// the same database is an error in Redis; Upstash copies nothing and
// answers 0. A script that returns 0 answers that alone, in a pipeline and
// inside a transaction alike.
func upstashArgs(args []string) []string {
	if strings.EqualFold(args[0], "COPY") && len(args) >= 3 && args[1] == args[2] &&
		!slices.ContainsFunc(args[3:], func(a string) bool { return strings.EqualFold(a, "DB") }) {
		return []string{"EVAL", "return 0", "0"}
	}
	return args
}

// monitor hands a command to every /monitor stream, one line each; a
// stream that does not keep up is ended rather than slowing the database.
func (d *db) monitor(args []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.monitors) == 0 {
		return
	}
	var b strings.Builder
	now := time.Now()
	fmt.Fprintf(&b, "%d.%06d ", now.Unix(), now.Nanosecond()/1000)
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%q", a)
	}
	b.WriteByte('\n')
	line := []byte(b.String())
	for q := range d.monitors {
		q.Write(line)
	}
}

func (d *db) watch(q *backlog) func() {
	d.mu.Lock()
	d.monitors[q] = struct{}{}
	d.mu.Unlock()
	return func() {
		d.mu.Lock()
		delete(d.monitors, q)
		d.mu.Unlock()
	}
}
