package scenario

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the yaml package's parser (not scanner) errors, whose
// line it reports counting from 0 and leaves out on the first line.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// readerProblems are the yaml package's errors about the file's encoding,
// which it reports with a byte offset it leaves out of the message.
var readerProblems = []string{
	"invalid leading UTF-8 octet",
	"incomplete UTF-8 octet sequence",
	"invalid trailing UTF-8 octet",
	"invalid length of a UTF-8 sequence",
	"invalid Unicode character",
	"incomplete UTF-16 character",
	"unexpected low surrogate area",
	"incomplete UTF-16 surrogate pair",
	"expected low surrogate area",
	"control characters are not allowed",
}

var unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// syntaxError turns the yaml package's message into one with the file's
// name and a 1-based line in front, like every other error. The package
// leaves the line out on the first line, for the file's encoding and for an
// unknown anchor; those are found here.
func (d *decoder) syntaxError(data []byte, err error) *Error {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: d.file, Msg: "invalid YAML: " + err.Error(), Err: err}
	}
	line, _ := strconv.Atoi(m[1])
	text, badAt := decodeText(data)
	switch a := unknownAnchorRE.FindStringSubmatch(m[2]); {
	case slices.Contains(readerProblems, m[2]):
		line = 0
		if badAt >= 0 {
			line = lineAt(text, badAt)
		}
	case a != nil:
		line = aliasLine(text, a[1])
	case slices.Contains(parserProblems, m[2]):
		line++
	case line == 0:
		line = 1
	}
	return &Error{File: d.file, Line: line, Msg: "invalid YAML: " + m[2], Err: err}
}

// decodeText returns data as UTF-8, decoded as the yaml package does (UTF-16
// after its byte order mark, else UTF-8), up to the first character the
// package refuses, and that character's offset in the result, or -1.
func decodeText(data []byte) (text []byte, badAt int) {
	var bigEndian bool
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		bigEndian = true
	default:
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 || !allowed(r) {
				return data[:i], i
			}
			i += n
		}
		return data, -1
	}
	data = data[2:]
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i += 2 {
		if i+1 >= len(data) {
			return out, len(out)
		}
		r := unit(i)
		if utf16.IsSurrogate(r) {
			if r >= 0xdc00 || i+3 >= len(data) {
				return out, len(out)
			}
			if r = utf16.DecodeRune(r, unit(i+2)); r == utf8.RuneError {
				return out, len(out)
			}
			i += 2
		}
		if !allowed(r) {
			return out, len(out)
		}
		out = utf8.AppendRune(out, r)
	}
	return out, -1
}

// allowed reports whether YAML allows r in a file.
func allowed(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r == 0x85 ||
		r >= 0x20 && r <= 0x7e || r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

// lineAt returns the 1-based line of offset i in text, counting line
// breaks as YAML does.
func lineAt(text []byte, i int) int {
	line := 1
	for j := 0; j < i; {
		r, n := utf8.DecodeRune(text[j:])
		switch r {
		case '\r':
			if j+1 < i && text[j+1] == '\n' {
				n++
			}
			line++
		case '\n', 0x85, 0x2028, 0x2029:
			line++
		}
		j += n
	}
	return line
}

// aliasLine returns the line of the first alias *name in text, or 0.
func aliasLine(text []byte, name string) int {
	re := regexp.MustCompile(`(?:^|[^0-9A-Za-z_*-])(\*` + regexp.QuoteMeta(name) + `)(?:[\s?:,\]}%@` + "`" + `]|$)`)
	if m := re.FindSubmatchIndex(text); m != nil {
		return lineAt(text, m[2])
	}
	return 0
}
