package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// A requestError is a malformed request: it becomes a 400 with its message.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &requestError{msg: "ERR " + fmt.Sprintf(format, a...)}
}

// parseCommand reads one command from a JSON array such as
// ["SET","k","v","EX",60]. Numbers keep their literal text, so 1.5 and 60
// reach Redis as "1.5" and "60"; booleans become "true" and "false", which
// is what Upstash stores for the JavaScript booleans its SDK sends.
func parseCommand(body []byte) ([]string, error) {
	raw, err := decodeArray(body, "a command must be a JSON array such as [\"SET\",\"key\",\"value\"]")
	if err != nil {
		return nil, err
	}
	return commandArgs(raw, "")
}

// parseCommands reads the body of /pipeline and /multi-exec: a JSON array of
// command arrays.
func parseCommands(body []byte) ([][]string, error) {
	raw, err := decodeArray(body, "the body must be a JSON array of commands such as [[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]")
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, badRequest("empty pipeline: send at least one command")
	}
	cmds := make([][]string, len(raw))
	for i, r := range raw {
		var elems []json.RawMessage
		if err := unmarshal(r, &elems); err != nil {
			return nil, badRequest("command %d is %s, want an array of strings, numbers and booleans", i+1, kindOf(r))
		}
		if cmds[i], err = commandArgs(elems, fmt.Sprintf("command %d: ", i+1)); err != nil {
			return nil, err
		}
	}
	return cmds, nil
}

func decodeArray(body []byte, want string) ([]json.RawMessage, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("empty body: %s", want)
	}
	if !json.Valid(body) {
		return nil, badRequest("malformed JSON: %s", want)
	}
	var raw []json.RawMessage
	if err := unmarshal(body, &raw); err != nil {
		return nil, badRequest("got %s: %s", kindOf(body), want)
	}
	return raw, nil
}

func commandArgs(raw []json.RawMessage, where string) ([]string, error) {
	if len(raw) == 0 {
		return nil, badRequest("%sempty command", where)
	}
	args := make([]string, len(raw))
	for i, r := range raw {
		r = bytes.TrimSpace(r)
		switch {
		case len(r) > 0 && r[0] == '"':
			if err := json.Unmarshal(r, &args[i]); err != nil {
				return nil, badRequest("%sargument %d: %v", where, i+1, err)
			}
		case len(r) > 0 && (r[0] == '-' || r[0] >= '0' && r[0] <= '9'):
			args[i] = string(r)
		case string(r) == "true" || string(r) == "false":
			args[i] = string(r)
		default:
			return nil, badRequest("%sargument %d is %s, want a string, a number or a boolean", where, i+1, kindOf(r))
		}
	}
	return args, nil
}

func unmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after JSON value")
	}
	return nil
}

func kindOf(r []byte) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return "nothing"
	}
	switch r[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// parsePath reads the path form: /set/foo/bar/EX/100. Each segment is
// percent-decoded on its own, so %2F puts a slash inside an argument. A
// POST body, when present, is the last argument; query parameters other than
// _token follow it in order, as name then value.
func parsePath(escapedPath, rawQuery string, body []byte, hasBody bool) ([]string, error) {
	var args []string
	for _, seg := range strings.Split(strings.Trim(escapedPath, "/"), "/") {
		s, err := url.PathUnescape(seg)
		if err != nil {
			return nil, badRequest("path segment %q: %v", seg, err)
		}
		args = append(args, s)
	}
	if len(args) == 0 || args[0] == "" {
		return nil, badRequest("no command: POST a JSON array to / or name the command in the path, as in /get/key")
	}
	if hasBody {
		args = append(args, string(body))
	}
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, hasValue := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return nil, badRequest("query parameter %q: %v", kv, err)
		}
		if k == "_token" {
			continue
		}
		args = append(args, k)
		if hasValue && v != "" {
			v, err := url.QueryUnescape(v)
			if err != nil {
				return nil, badRequest("query parameter %q: %v", kv, err)
			}
			args = append(args, v)
		}
	}
	return args, nil
}
