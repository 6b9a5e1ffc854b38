package upstream

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzExtensions sends the extensions arbitrary arguments, on keys holding
// a JSON document, a hash, a string, a sorted set and a stream: none may
// panic, and the database must answer afterwards. args are separated by
// NUL; name picks the command.
func FuzzExtensions(f *testing.F) {
	var names []string
	for _, family := range [][]extension{jsonCommands, hashExpiryCommands, bitfieldCommands, geoCommands, zdiffCommands, streamCommands, scanCommands, bitopCommands} {
		for _, ext := range family {
			names = append(names, ext.name)
		}
	}
	seeds := []struct {
		name uint8
		args string
	}{
		{0, "doc\x00$..a[0:2]\x00[1,{\"a\":2}]"},
		{3, "doc\x00INDENT\x00\t\x00$['a','b']\x00$.*"},
		{12, "doc\x00$.a\x00-1\x00\"x\""},
		{25, "h\x00-1\x00GT\x00FIELDS\x001\x00f"},
		{30, "s\x00OVERFLOW\x00FAIL\x00INCRBY\x00i64\x00#3\x009223372036854775807"},
		{36, "geo\x00NX\x00CH\x00180\x0085\x00m"},
		{40, "x\x00g\x00ACKED\x00IDS\x001\x001-0"},
		{44, "ONE\x00dst\x00s\x00doc"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.args)
	}
	d, err := newDB()
	if err != nil {
		f.Fatal(err)
	}
	defer d.close()
	sess := d.session()
	defer sess.close()
	for _, c := range [][]string{
		{"JSON.SET", "doc", "$", `{"a":[1,2,{"a":true}],"b":"x","n":1.5}`},
		{"HSET", "h", "f", "v", "g", "w"},
		{"SET", "s", "abc"},
		{"ZADD", "z", "1", "a"},
		{"GEOADD", "geo", "13", "38", "m"},
		{"XADD", "x", "1-0", "a", "1"},
		{"XGROUP", "CREATE", "x", "g", "0"},
	} {
		if _, err := sess.do(context.Background(), c); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, name uint8, args string) {
		cmd := append([]string{names[int(name)%len(names)]}, strings.Split(args, "\x00")...)
		if strings.HasPrefix(cmd[0], "BITFIELD") && slices.ContainsFunc(cmd, func(a string) bool {
			n, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64)
			return err == nil && n > 1<<16
		}) {
			// Redis lets BITFIELD grow a string to 512 MB; a fuzzer doing
			// that on every input would test the allocator.
			return
		}
		if _, err := sess.do(context.Background(), cmd); err != nil {
			t.Fatalf("%q: %v", cmd, err)
		}
		if r, err := sess.do(context.Background(), []string{"ECHO", "alive"}); err != nil || r.Str != "alive" {
			t.Fatalf("after %q the database answers %v %v", cmd, r, err)
		}
	})
}

// BenchmarkExtensionCost measures what running as a script's call costs an
// extension: GET beside JSON.GET of a small document, with no other key
// and with 100000 keys holding TTLs; the cost must not grow with the keys
// (x-keys=0 near 1, as for BenchmarkCommandCost).
func BenchmarkExtensionCost(b *testing.B) {
	for _, cmd := range [][]string{{"GET", "doc"}, {"JSON.GET", "doc", "$.a"}} {
		b.Run(cmd[0], func(b *testing.B) {
			var base float64
			for _, n := range []int{0, 100_000} {
				d, err := newDB()
				if err != nil {
					b.Fatal(err)
				}
				sess := d.session()
				do := func(args ...string) {
					if _, err := sess.do(context.Background(), args); err != nil {
						b.Fatal(err)
					}
				}
				for i := range n {
					do("SET", "key:"+strconv.Itoa(i), "value", "EX", "60")
				}
				do("JSON.SET", "doc", "$", `{"a":[1,2,3],"b":"x"}`)
				b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
					for b.Loop() {
						do(cmd...)
					}
					perOp := float64(b.Elapsed()) / float64(b.N)
					if n == 0 {
						base = perOp
					} else if base > 0 {
						b.ReportMetric(perOp/base, "x-keys=0")
					}
				})
				sess.close()
				d.close()
			}
		})
	}
}

// An error that quotes what the client sent stays one RESP line, as
// Redis keeps it: a CR or LF in a JSON path becomes a space, and the next
// command reads its own reply, not the rest of the error.
func TestErrorRepliesStayOneLine(t *testing.T) {
	d, err := newDB()
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	sess := d.session()
	defer sess.close()
	ctx := context.Background()
	if _, err := sess.do(ctx, []string{"JSON.SET", "doc", "$", `{"a":1}`}); err != nil {
		t.Fatal(err)
	}
	r, err := sess.do(ctx, []string{"JSON.STRLEN", "doc", "b\r\nc\nd"})
	if err != nil || r.Kind != '-' || r.Str != "ERR Path 'b  c d' does not exist" {
		t.Fatalf("JSON.STRLEN on a path with CR LF: %q %v; want the error on one line, CR and LF as spaces", r.Str, err)
	}
	if r, err := sess.do(ctx, []string{"ECHO", "alive"}); err != nil || r.Str != "alive" {
		t.Fatalf("the next command read %q, %v; want its own reply", r.Str, err)
	}
}
