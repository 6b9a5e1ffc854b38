package upstream

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// oomError is Redis's answer to a write past maxmemory.
const oomError = "OOM command not allowed when used memory > 'maxmemory'."

// memory enforces Config.MaxMemory. Used memory is the process's heap, as
// the runtime counts it: reading it costs the same whatever the number of
// keys. A command is refused when that plus what it may allocate, as
// estimated from its arguments alone, would pass the limit. As in Redis,
// commands that only read or free (DEL, EXPIRE, FLUSHALL, ...) always run,
// so a full database can be emptied.
type memory struct {
	max int64

	gcMu   sync.Mutex
	lastGC time.Time
}

// gcEvery bounds how often a refusal may first collect garbage: the heap
// counts dead objects until the collector runs, and a collection costs
// time in proportion to the live heap.
const gcEvery = time.Second

// heapSample is filled in place by each read, under heapMu, so reading the
// heap allocates nothing. It counts live objects and dead ones not yet
// swept, the runtime's closest to an allocator's used memory.
var (
	heapMu     sync.Mutex
	heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
)

func heapInUse() int64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSample)
	return int64(heapSample[0].Value.Uint64())
}

// admit reports whether args, a write when write is set, may run, with the
// OOM error when not. collect allows a garbage collection before refusing,
// for callers that hold no lock other commands wait on. size is the length
// of the string a key holds, 0 for none, or nil when it cannot be read.
func (m *memory) admit(args []string, write, collect bool, size func(key string) int64) (Reply, bool) {
	if !m.enabled() {
		return Reply{}, true
	}
	need, ok := growth(args, write, size)
	if !ok {
		return Reply{}, true
	}
	if need <= m.max && heapInUse()+need <= m.max {
		return Reply{}, true
	}
	if collect && need <= m.max && m.collect() && heapInUse()+need <= m.max {
		return Reply{}, true
	}
	return errorReply(oomError), false
}

func (m *memory) enabled() bool { return m != nil && m.max > 0 }

// over reports a heap past the limit, for a running script's ticks.
func (m *memory) over() bool { return m.enabled() && heapInUse() > m.max }

// collect runs the garbage collector unless it was forced less than gcEvery
// ago, and reports whether it ran.
func (m *memory) collect() bool {
	m.gcMu.Lock()
	defer m.gcMu.Unlock()
	if time.Since(m.lastGC) < gcEvery {
		return false
	}
	runtime.GC()
	m.lastGC = time.Now()
	return true
}

func errorReply(msg string) Reply {
	return Reply{Kind: '-', Str: msg, Raw: []byte("-" + msg + "\r\n")}
}

// perArg is what an argument costs beyond its bytes once stored: a string
// header, a map or list entry.
const perArg = 64

// growth estimates the bytes a command may allocate, and false for commands
// that never count against the limit. Most writes store at most their
// arguments; a few commands allocate from a number they are given, and
// those count what the number asks for. The commands that change a string
// in place make a new copy of it in miniredis, and count its size too.
func growth(args []string, write bool, size func(key string) int64) (int64, bool) {
	name := strings.ToUpper(args[0])
	var n int64
	for _, a := range args[1:] {
		n += int64(len(a)) + perArg
	}
	if copiesString[name] && len(args) > 1 && size != nil {
		n += size(args[1])
	}
	switch name {
	case "SETRANGE":
		if len(args) == 4 {
			n += atLeastZero(args[2])
		}
		return n, true
	case "SETBIT":
		if len(args) == 4 {
			n += atLeastZero(args[2]) / 8
		}
		return n, true
	case "BITFIELD":
		if len(args) > 2 {
			n += bitfieldGrowth(args[2:])
		}
		return n, true
	case "SRANDMEMBER", "HRANDFIELD", "ZRANDMEMBER":
		// A negative count repeats members: the reply may be far larger
		// than the key.
		if len(args) >= 3 {
			if c, err := strconv.ParseInt(args[2], 10, 64); err == nil && c < 0 && c > -1<<62 {
				return n + satMul(-c, 2*perArg), true
			}
		}
	}
	return n, write && !frees[name]
}

var copiesString = map[string]bool{"APPEND": true, "SETRANGE": true, "SETBIT": true, "BITFIELD": true}

// frees are the writes Redis runs past maxmemory: they free or change
// state that does not grow, so a full database can be emptied.
var frees = map[string]bool{
	"DEL": true, "UNLINK": true, "FLUSHDB": true, "FLUSHALL": true, "GETDEL": true,
	"EXPIRE": true, "PEXPIRE": true, "EXPIREAT": true, "PEXPIREAT": true, "PERSIST": true,
	"HEXPIRE": true, "HPEXPIRE": true, "HPERSIST": true,
	"HDEL": true, "SREM": true, "ZREM": true, "LREM": true, "LTRIM": true, "XDEL": true, "XTRIM": true,
	"LPOP": true, "RPOP": true, "SPOP": true, "ZPOPMIN": true, "ZPOPMAX": true,
	"SELECT": true, "MULTI": true, "EXEC": true, "DISCARD": true, "WATCH": true, "UNWATCH": true,
	"SCRIPT": true, "PUBLISH": true,
}

// bitfieldGrowth is the size a BITFIELD's SET and INCRBY subcommands may
// grow the string to: offset plus width, in bytes; "#n" offsets count in
// widths.
func bitfieldGrowth(args []string) int64 {
	var most int64
	for i := 0; i+2 < len(args); i++ {
		op := strings.ToUpper(args[i])
		if op != "SET" && op != "INCRBY" {
			continue
		}
		bits, err := strconv.ParseInt(args[i+1][min(1, len(args[i+1])):], 10, 64)
		if err != nil || bits <= 0 {
			continue
		}
		off := args[i+2]
		scale := int64(1)
		if strings.HasPrefix(off, "#") {
			off, scale = off[1:], bits
		}
		most = max(most, satMul(atLeastZero(off), scale)/8+bits/8+1)
	}
	return most
}

func atLeastZero(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// satMul multiplies without overflowing past the largest int64.
func satMul(a, b int64) int64 {
	if a != 0 && b > (1<<63-1)/a {
		return 1<<63 - 1
	}
	return a * b
}
