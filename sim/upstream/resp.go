package upstream

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Reply is one RESP2 reply as miniredis wrote it.
type Reply struct {
	Kind  byte // '+' status, '-' error, ':' integer, '$' bulk, '*' array
	Str   string
	Int   int64
	Null  bool
	Elems []Reply
	Raw   []byte // the reply's exact bytes, for the resp2 response format
}

// Err returns the error text of an error reply, "" otherwise.
func (r Reply) Err() string {
	if r.Kind == '-' {
		return r.Str
	}
	return ""
}

var errIncomplete = errors.New("incomplete RESP reply")

// parseReply reads one reply from the start of b and returns it with the
// number of bytes it took. errIncomplete means b holds only part of a reply.
func parseReply(b []byte) (Reply, int, error) {
	r, n, err := parseValue(b, 0)
	if err != nil {
		return Reply{}, 0, err
	}
	r.Raw = b[:n:n]
	return r, n, nil
}

// parseValue never recurses deeper than miniredis nests its replies, but a
// depth bound keeps a corrupt buffer from exhausting the stack.
func parseValue(b []byte, depth int) (Reply, int, error) {
	if depth > 64 {
		return Reply{}, 0, errors.New("RESP reply nested too deeply")
	}
	line, n, err := readLine(b)
	if err != nil {
		return Reply{}, 0, err
	}
	if len(line) == 0 {
		return Reply{}, 0, errors.New("empty RESP line")
	}
	kind, body := line[0], string(line[1:])
	switch kind {
	case '+', '-':
		return Reply{Kind: kind, Str: body}, n, nil
	case ':':
		i, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return Reply{}, 0, fmt.Errorf("RESP integer %q: %w", body, err)
		}
		return Reply{Kind: kind, Int: i}, n, nil
	case '$':
		size, err := strconv.Atoi(body)
		if err != nil {
			return Reply{}, 0, fmt.Errorf("RESP bulk length %q: %w", body, err)
		}
		if size < 0 {
			return Reply{Kind: kind, Null: true}, n, nil
		}
		if len(b) < n+size+2 {
			return Reply{}, 0, errIncomplete
		}
		return Reply{Kind: kind, Str: string(b[n : n+size])}, n + size + 2, nil
	case '*':
		count, err := strconv.Atoi(body)
		if err != nil {
			return Reply{}, 0, fmt.Errorf("RESP array length %q: %w", body, err)
		}
		if count < 0 {
			return Reply{Kind: kind, Null: true}, n, nil
		}
		r := Reply{Kind: kind, Elems: make([]Reply, 0, min(count, 1024))}
		for range count {
			e, m, err := parseValue(b[n:], depth+1)
			if err != nil {
				return Reply{}, 0, err
			}
			r.Elems = append(r.Elems, e)
			n += m
		}
		return r, n, nil
	}
	return Reply{}, 0, fmt.Errorf("unknown RESP type %q", kind)
}

func readLine(b []byte) ([]byte, int, error) {
	i := bytes.Index(b, []byte("\r\n"))
	if i < 0 {
		return nil, 0, errIncomplete
	}
	return b[:i], i + 2, nil
}
