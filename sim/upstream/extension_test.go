package upstream

import (
	"context"
	"strconv"
	"testing"
)

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
