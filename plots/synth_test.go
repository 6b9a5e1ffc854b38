package plots

import (
	"math/rand/v2"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

var articleOrder = []string{"keepalive-global", "keepalive-handler", "no-keepalive-global", "no-keepalive-handler"}

// articleRun is synthetic data shaped like the article's run: four
// scenarios of n sequential calls, each starting cold; only keep-alive with
// a global agent reuses its connection after the first call. It returns the
// rows and one container span per scenario.
func articleRun(n int) ([]report.Row, []report.Span) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []report.Row
	var spans []report.Span
	at := t0
	for si, name := range articleOrder {
		span := report.Span{Scenario: name, Container: si + 1, Start: at, ColdStarts: []time.Time{at}}
		for i := range n {
			r := report.Row{Scenario: name, Seq: i, Start: at, Container: si + 1, Cold: i == 0}
			fresh := si > 0 || i == 0
			if r.Cold {
				r.InitMs = 120
			}
			if fresh {
				r.DNSMs = map[bool]float64{true: 2, false: 0}[i == 0]
				r.ConnectMs = 2 + rng.Float64()*0.5
				r.TLSMs = 4 + rng.Float64()
			}
			r.TTFBMs = 1.8 + rng.ExpFloat64()*0.3
			r.RedisMs = r.DNSMs + r.ConnectMs + r.TLSMs + r.TTFBMs
			if i == 0 {
				r.RedisMs += 30
			}
			r.TotalMs = r.RedisMs + r.InitMs + 1
			if si == 3 && i == 500 {
				r.Error = "connection reset"
			}
			rows = append(rows, r)
			at = at.Add(time.Duration(r.TotalMs * float64(time.Millisecond)))
		}
		span.End = at
		spans = append(spans, span)
		at = at.Add(50 * time.Millisecond)
	}
	return rows, spans
}
