package upstream

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alicebob/miniredis/v2/server"
	"github.com/yuin/gopher-lua/parse"
)

// Scripts run under a time limit, as in Redis, so that a script such as
// "while true do end" cannot hold the database for good.
//
// miniredis runs a script on a Lua state of its own, which nothing outside
// can interrupt. So the server gives every script a way to be interrupted
// before handing it over: a tick, a counter and a test, at the start of
// every loop body and function body and before every goto, which are all
// the ways Lua has to run long. Every 100th tick calls the server, through
// the hook that sees a script's calls, and the server answers with an error
// once the scripts of the request have run past ScriptTimeout (so a
// pipeline of endless scripts holds the database no longer than one does),
// once SCRIPT KILL was sent, or once the heap has passed MaxMemory. From
// then on every tick raises the error, so it ends the script even through a
// loop that catches it with pcall. Ticks go on the lines of the code they
// follow, so errors name the lines the client wrote.
//
// miniredis keeps a script under the SHA1 of the text it ran, so the server
// keeps the client's SHA1 of each script beside it, for EVALSHA and SCRIPT.
type scripts struct {
	timeout time.Duration

	// seq numbers the commands; stopped says why the running command's
	// script was stopped; spent is what the scripts of the request running
	// it had already used of timeout. All are used under expiry.mu.
	seq     int64
	stopped string
	spent   time.Duration
	start   time.Time // the running command's, to the nanosecond
	// running is the seq of the command whose script has ticked, 0 when
	// none; kill is the seq SCRIPT KILL was sent for. SCRIPT KILL reads
	// them without expiry.mu, which the running script holds.
	running, kill atomic.Int64

	mu   sync.Mutex
	shas map[string]string // the client's SHA1 → the one miniredis knows
}

const (
	tickCmd = "COLDWIRE.SCRIPT.TICK"
	// tickPrefix goes before a script, on its first line. Once the
	// server has answered an error, every tick raises it, so a loop
	// catching it with pcall is ended by its own next tick.
	tickPrefix = "local __coldwire_n, __coldwire_pcall, __coldwire_stop, __coldwire_type, __coldwire_error = 0, redis.pcall, nil, type, error; " +
		"local function __coldwire_tick() " +
		"if __coldwire_stop then __coldwire_error(__coldwire_stop, 0) end " +
		"__coldwire_n = 0; " +
		"local r = __coldwire_pcall('" + tickCmd + "'); " +
		"if __coldwire_type(r) == 'table' and r.err then __coldwire_stop, __coldwire_n = r.err, 100; __coldwire_error(r.err, 0) end end; "
	tick = " __coldwire_n = __coldwire_n + 1; if __coldwire_n >= 100 then __coldwire_tick() end;"

	killedError  = "ERR Script killed by user with SCRIPT KILL..."
	notBusyError = "NOTBUSY No scripts in execution right now."
)

func newScripts(timeout time.Duration) *scripts {
	return &scripts{timeout: timeout, shas: map[string]string{}}
}

// begin starts a command of a request whose scripts already ran for spent.
// It runs under expiry.mu.
func (s *scripts) begin(spent time.Duration) {
	s.seq++
	s.stopped = ""
	s.spent = spent
	// Not the command's time, which is whole milliseconds: a limit
	// counted from it would stop a script up to a millisecond early.
	s.start = time.Now()
}

// end finishes the command, under expiry.mu, and returns how long its
// scripts ran: the whole command, if a script ticked.
func (s *scripts) end() time.Duration {
	if s.running.Swap(0) == 0 {
		return 0
	}
	return time.Since(s.start)
}

// tick answers a script's tick: OK, or the error that stops it.
func (e *expiry) tick(p *server.Peer) {
	s := e.scripts
	s.running.Store(s.seq)
	var why string
	switch {
	case s.kill.Load() == s.seq:
		why = killedError
	case s.spent+time.Since(s.start) > s.timeout:
		why = fmt.Sprintf("BUSY scripts ran longer than %v, the server's limit for the scripts of one request, and this one was stopped", s.timeout)
	case e.mem.over():
		why = oomError
	}
	if why == "" {
		p.WriteOK()
		return
	}
	s.stopped = why
	p.WriteError(why)
}

// intercept answers SCRIPT KILL, which must not wait for the database the
// script holds.
func (s *scripts) intercept(args []string) (Reply, bool) {
	if len(args) != 2 || !strings.EqualFold(args[0], "SCRIPT") || !strings.EqualFold(args[1], "KILL") {
		return Reply{}, false
	}
	seq := s.running.Load()
	if seq == 0 {
		return errorReply(notBusyError), true
	}
	s.kill.Store(seq)
	return Reply{Kind: '+', Str: "OK", Raw: []byte("+OK\r\n")}, true
}

// rewrite gives the scripts a command carries their ticks, and the SHA1s
// it names the ones miniredis knows.
func (s *scripts) rewrite(args []string) []string {
	name := strings.ToUpper(args[0])
	switch {
	case (name == "EVAL" || name == "EVAL_RO") && len(args) > 1:
		args = append([]string(nil), args...)
		args[1] = instrument(args[1])
	case (name == "EVALSHA" || name == "EVALSHA_RO") && len(args) > 1:
		args = append([]string(nil), args...)
		args[1] = s.sha(args[1])
	case name == "SCRIPT" && len(args) == 3 && strings.EqualFold(args[1], "LOAD"):
		args = append([]string(nil), args...)
		args[2] = instrument(args[2])
	case name == "SCRIPT" && len(args) > 2 && strings.EqualFold(args[1], "EXISTS"):
		args = append([]string(nil), args...)
		for i := 2; i < len(args); i++ {
			args[i] = s.sha(args[i])
		}
	}
	return args
}

func (s *scripts) sha(client string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ours, ok := s.shas[strings.ToLower(client)]; ok {
		return ours
	}
	return client
}

// learn records, from a command as the client sent it, the one run and its
// reply, the SHA1s of the scripts miniredis now keeps, and answers SCRIPT
// LOAD with the client's SHA1.
func (s *scripts) learn(sent, ran []string, rep Reply) Reply {
	if rep.Kind == '-' {
		return rep
	}
	name := strings.ToUpper(sent[0])
	switch {
	case (name == "EVAL" || name == "EVAL_RO") && len(sent) > 1:
		s.remember(sha1Hex(sent[1]), sha1Hex(ran[1]))
	case name == "SCRIPT" && len(sent) == 3 && strings.EqualFold(sent[1], "LOAD") && rep.Kind == '$':
		client := sha1Hex(sent[2])
		s.remember(client, rep.Str)
		rep = Reply{Kind: '$', Str: client, Raw: []byte(fmt.Sprintf("$%d\r\n%s\r\n", len(client), client))}
	case name == "SCRIPT" && len(sent) >= 2 && strings.EqualFold(sent[1], "FLUSH"):
		s.mu.Lock()
		clear(s.shas)
		s.mu.Unlock()
	}
	return rep
}

func (s *scripts) remember(client, ours string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shas[client] = ours
}

func sha1Hex(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

// instrument returns src with its ticks, after "do", "repeat" and a
// function's parameters, and before "goto". Text the Lua scanner refuses is
// returned as it is, for miniredis to refuse with Lua's own message.
func instrument(src string) string {
	var at []int // byte offsets after which a tick goes
	lines := lineStarts(src)
	sc := parse.NewScanner(strings.NewReader(src), "")
	lx := &parse.Lexer{}
	inFunc := false
	for {
		tok, err := sc.Scan(lx)
		if err != nil {
			return src
		}
		if tok.Type < 0 {
			break
		}
		lx.PrevTokenType = tok.Type
		if tok.Pos.Line < 1 || tok.Pos.Line > len(lines) {
			return src
		}
		start := lines[tok.Pos.Line-1] + tok.Pos.Column - 1
		end := start + len(tok.Str)
		if tick := tok.Type == parse.TDo || tok.Type == parse.TRepeat || tok.Type == parse.TGoto || tok.Type == ')'; tick && (end > len(src) || src[start:end] != tok.Str) {
			// The positions are not where the text is: better run the
			// script as sent than break it.
			return src
		}
		switch {
		case tok.Type == parse.TDo || tok.Type == parse.TRepeat:
			at = append(at, end)
		case tok.Type == parse.TFunction:
			inFunc = true
		case inFunc && tok.Type == ')':
			// A parameter list holds no parentheses: the first closes it.
			at, inFunc = append(at, end), false
		case tok.Type == parse.TGoto:
			// Before the jump rather than after its label: a statement
			// after a label that ends a block would put the label in
			// the scope of the block's locals, which Lua refuses.
			at = append(at, start)
		}
	}
	var b strings.Builder
	b.Grow(len(tickPrefix) + len(src) + len(at)*len(tick))
	b.WriteString(tickPrefix)
	prev := 0
	for _, i := range at {
		b.WriteString(src[prev:i])
		b.WriteString(tick)
		prev = i
	}
	b.WriteString(src[prev:])
	return b.String()
}

// lineStarts are the byte offsets where the lines of src start, counted as
// the Lua scanner counts them: "\n", "\r", "\r\n" and "\n\r" each end one.
func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '\n' && c != '\r' {
			continue
		}
		if i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r') && src[i+1] != c {
			i++
		}
		starts = append(starts, i+1)
	}
	return starts
}
