package upstream

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
)

// encoding is how strings travel in a JSON response.
type encoding int

const (
	plainJSON  encoding = iota
	base64JSON          // Upstash-Encoding: base64
)

// result renders one command's reply as the object the REST API answers
// with: {"result": ...} for a value (null included) or {"error": "..."}.
// Errors are never base64-encoded: the SDK reads them as they are.
func (e encoding) result(r Reply) map[string]any {
	if r.Kind == '-' {
		return map[string]any{"error": r.Str}
	}
	// A top-level "OK" status stays raw under base64: Upstash sends it that way
	// and the SDK special-cases it. Everything else is encoded, because the SDK
	// base64-decodes every other string it finds.
	if e == base64JSON && r.Kind == '+' && r.Str == "OK" {
		return map[string]any{"result": "OK"}
	}
	return map[string]any{"result": e.value(r)}
}

// value renders a reply as a JSON value. Maps stay flat arrays and floats stay
// strings, exactly as RESP2 carries them. Inside arrays every string is
// encoded, "OK" included: the SDK decodes a raw "OK" in an array as base64
// and would turn it into "8".
func (e encoding) value(r Reply) any {
	switch {
	case r.Null:
		return nil
	case r.Kind == ':':
		return r.Int
	case r.Kind == '-':
		return map[string]any{"error": r.Str}
	case r.Kind == '*':
		out := make([]any, len(r.Elems))
		for i, el := range r.Elems {
			out[i] = e.value(el)
		}
		return out
	}
	if e == base64JSON {
		return base64.StdEncoding.EncodeToString([]byte(r.Str))
	}
	return r.Str
}

// marshal encodes v without HTML escaping, so error texts read as written;
// the values built above always encode.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte(`{"error":"ERR cannot encode reply"}`)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
