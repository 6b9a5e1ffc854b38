package trace

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Function is one row of a trace: a function and its invocations per
// minute.
type Function struct {
	Owner, App, Hash, Trigger string
	// Index is the row's position among the file's functions, from 0.
	Index int
	// PerMinute holds the invocations of each minute, in order.
	PerMinute []int
}

// Total is the number of invocations over the whole row.
func (f Function) Total() int {
	n := 0
	for _, c := range f.PerMinute {
		n += c
	}
	return n
}

// Error is a problem with a trace file, at the line where it is.
type Error struct {
	Line int // 0 when it concerns the file as a whole
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// The first columns of the format, before the minutes.
var header = []string{"HashOwner", "HashApp", "HashFunction", "Trigger"}

// maxCount bounds a minute's count: more than ten million invocations a
// minute from one function is a corrupt file, not a load a laptop replays.
const maxCount = 10_000_000

// ByHash reads r up to the row whose HashFunction is hash.
func ByHash(r io.Reader, hash string) (Function, error) {
	return find(r, func(f *Function) bool { return f.Hash == hash },
		fmt.Sprintf("no function with HashFunction %q", hash))
}

// ByIndex reads r up to its row number i, counting functions from 0.
func ByIndex(r io.Reader, i int) (Function, error) {
	if i < 0 {
		return Function{}, &Error{Msg: fmt.Sprintf("function index %d is negative", i)}
	}
	return find(r, func(f *Function) bool { return f.Index == i },
		fmt.Sprintf("no function at index %d", i))
}

// find checks the header and every row up to the first that match
// accepts. The rows after it are not read: a day's trace of the dataset
// holds tens of thousands of functions.
func find(r io.Reader, match func(*Function) bool, missing string) (Function, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	// Rows of the wrong width get this package's message, with the width
	// the header set.
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return Function{}, &Error{Msg: "the file is empty; want a header " + strings.Join(header, ",") + ",1,2,..."}
	}
	if err != nil {
		return Function{}, csvError(err)
	}
	minutes, err := checkHeader(head)
	if err != nil {
		return Function{}, err
	}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return Function{}, &Error{Msg: fmt.Sprintf("%s among its %d functions", missing, i)}
		}
		if err != nil {
			return Function{}, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header)+minutes {
			return Function{}, &Error{Line: line, Msg: fmt.Sprintf("%d columns, want %d as in the header", len(rec), len(header)+minutes)}
		}
		f := Function{Owner: rec[0], App: rec[1], Hash: rec[2], Trigger: rec[3], Index: i}
		if !match(&f) {
			continue
		}
		f.PerMinute = make([]int, minutes)
		for m := range minutes {
			v := rec[len(header)+m]
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || n > maxCount {
				return Function{}, &Error{Line: line, Msg: fmt.Sprintf("minute %d (column %d): %q is not a count of invocations from 0 to %d", m+1, len(header)+m+1, v, maxCount)}
			}
			f.PerMinute[m] = n
		}
		return f, nil
	}
}

// checkHeader returns the number of minute columns.
func checkHeader(head []string) (int, error) {
	if len(head) <= len(header) {
		return 0, &Error{Line: 1, Msg: fmt.Sprintf("header has %d columns, want %s then one per minute", len(head), strings.Join(header, ","))}
	}
	for i, want := range header {
		if strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")) != want {
			return 0, &Error{Line: 1, Msg: fmt.Sprintf("column %d is %q, want %q", i+1, head[i], want)}
		}
	}
	for m, v := range head[len(header):] {
		if strings.TrimSpace(v) != strconv.Itoa(m+1) {
			return 0, &Error{Line: 1, Msg: fmt.Sprintf("column %d is %q, want minute %d", len(header)+m+1, v, m+1)}
		}
	}
	return len(head) - len(header), nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Line: pe.Line, Msg: pe.Err.Error(), Err: err}
	}
	return &Error{Msg: err.Error(), Err: err}
}
