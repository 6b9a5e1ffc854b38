package trace_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/trace"
)

const day = `HashOwner,HashApp,HashFunction,Trigger,1,2,3
o1,a1,f1,http,0,3,1
o1,a1,f2,timer,1,1,1
o2,a2,f3,queue,12,0,0
`

func TestFindsARow(t *testing.T) {
	for _, tc := range []struct {
		name string
		find func() (trace.Function, error)
		want trace.Function
	}{
		{"by hash", func() (trace.Function, error) { return trace.ByHash(strings.NewReader(day), "f2") },
			trace.Function{Owner: "o1", App: "a1", Hash: "f2", Trigger: "timer", Index: 1, PerMinute: []int{1, 1, 1}}},
		{"by index", func() (trace.Function, error) { return trace.ByIndex(strings.NewReader(day), 2) },
			trace.Function{Owner: "o2", App: "a2", Hash: "f3", Trigger: "queue", Index: 2, PerMinute: []int{12, 0, 0}}},
		{"first row", func() (trace.Function, error) { return trace.ByIndex(strings.NewReader(day), 0) },
			trace.Function{Owner: "o1", App: "a1", Hash: "f1", Trigger: "http", Index: 0, PerMinute: []int{0, 3, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.find()
			if err != nil {
				t.Fatal(err)
			}
			if got.Hash != tc.want.Hash || got.Index != tc.want.Index || got.Trigger != tc.want.Trigger ||
				!slices.Equal(got.PerMinute, tc.want.PerMinute) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if got.Total() != tc.want.Total() {
				t.Errorf("Total() = %d, want %d", got.Total(), tc.want.Total())
			}
		})
	}
}

// Rows after the one asked for are not read, so a bad row there is no
// error; the rows before it are checked.
func TestStopsAtTheMatch(t *testing.T) {
	file := day + "o3,a3,f4,http,x,y\n"
	if _, err := trace.ByHash(strings.NewReader(file), "f1"); err != nil {
		t.Errorf("a bad row after the match: %v", err)
	}
	if _, err := trace.ByHash(strings.NewReader(file), "nope"); err == nil {
		t.Error("a bad row before the end was not reported")
	}
}

func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file, hash string
		line             int
		msg              string
	}{
		{"empty", "", "f1", 0, "empty"},
		{"no minutes", "HashOwner,HashApp,HashFunction,Trigger\n", "f1", 1, "one per minute"},
		{"wrong column", "HashOwner,HashApp,Function,Trigger,1\n", "f1", 1, `column 3 is "Function", want "HashFunction"`},
		{"minutes out of order", "HashOwner,HashApp,HashFunction,Trigger,1,3\n", "f1", 1, "want minute 2"},
		{"short row", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f1,http,1\n", "f1", 2, "5 columns, want 6"},
		{"not a count", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f1,http,1,two\n", "f1", 2, `minute 2 (column 6): "two" is not a count`},
		{"negative", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f1,http,-1\n", "f1", 2, "minute 1"},
		{"absurd count", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f1,http,99999999999\n", "f1", 2, "minute 1"},
		{"bad quoting", "HashOwner,HashApp,HashFunction,Trigger,1\no,\"a,f1,http,1\n", "f1", 2, "quote"},
		{"missing", day, "f9", 0, `no function with HashFunction "f9" among its 3 functions`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := trace.ByHash(strings.NewReader(tc.file), tc.hash)
			var te *trace.Error
			if !errors.As(err, &te) {
				t.Fatalf("error %v is not a *trace.Error", err)
			}
			if te.Line != tc.line || !strings.Contains(te.Msg, tc.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", te.Line, te.Msg, tc.line, tc.msg)
			}
		})
	}
	if _, err := trace.ByIndex(strings.NewReader(day), -1); err == nil {
		t.Error("a negative index was accepted")
	}
}
