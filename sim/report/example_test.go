package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

var start = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// rows of one scenario shaped like the article's: a cold first call, then
// warm calls over a kept-alive connection.
func exampleRows() []report.Row {
	redis := []float64{43, 2.1, 2.3, 1.9, 2.2}
	rows := make([]report.Row, len(redis))
	for i, ms := range redis {
		rows[i] = report.Row{
			Scenario: "keepalive-global", Seq: i, Start: start.Add(time.Duration(i) * 50 * time.Millisecond),
			Container: 1, Cold: i == 0, Reused: i > 0, RedisMs: ms, TotalMs: ms + 1,
		}
	}
	return rows
}

func ExamplePercentile() {
	sorted := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	fmt.Println(report.Percentile(sorted, 50), report.Percentile(sorted, 90), report.Percentile(sorted, 99))
	// Output: 5 9 10
}

func ExampleNewLatency() {
	l := report.NewLatency([]float64{43, 2.1, 2.3, 1.9, 2.2})
	fmt.Printf("first %.1f mean %.2f p50 %.1f max %.1f\n", l.First, l.Mean, l.P50, l.Max)
	// Output: first 43.0 mean 10.30 p50 2.2 max 43.0
}

func ExampleSummarize() {
	counts := map[string]report.ScenarioCounts{"keepalive-global": {ConnectionsOpened: 1, TLSFull: 1}}
	for _, s := range report.Summarize(exampleRows(), counts, []string{"keepalive-global"}) {
		fmt.Printf("%s: %d calls, %d cold, %d connection, redis first %.0f ms, p50 %.1f ms\n",
			s.Name, s.Invocations, s.ColdStarts, s.ConnectionsOpened, s.RedisMs.First, s.RedisMs.P50)
	}
	// Output: keepalive-global: 5 calls, 1 cold, 1 connection, redis first 43 ms, p50 2.2 ms
}

func ExampleFormatTable() {
	summaries := report.Summarize(exampleRows(), nil, nil)
	if err := report.FormatTable(os.Stdout, summaries); err != nil {
		fmt.Println(err)
	}
	// Output:
	// scenario          calls  errors  cold  conns  left open  tls full  tls resumed  redis first   p50   mean    p99    max  total p50  total p99
	// keepalive-global      5       0     1      0          0         0            0        43.00  2.20  10.30  43.00  43.00       3.20      44.00
}

func ExampleWriteInvocationsCSV() {
	if err := report.WriteInvocationsCSV(os.Stdout, exampleRows()[:2]); err != nil {
		fmt.Println(err)
	}
	// Output:
	// scenario,seq,intended,start,container,cold,queued_ms,init_ms,client_init_ms,socket_wait_ms,dns_ms,connect_ms,tls_ms,tls_resumed,ttfb_ms,redis_ms,total_ms,reused,error,attempts,stale_reuses,error_kind,closes_seen
	// keepalive-global,0,,2024-05-01T12:00:00Z,1,true,0.000,0.000,0.000,0.000,0.000,0.000,0.000,false,0.000,43.000,44.000,false,,0,0,,0
	// keepalive-global,1,,2024-05-01T12:00:00.05Z,1,false,0.000,0.000,0.000,0.000,0.000,0.000,0.000,false,0.000,2.100,3.100,true,,0,0,,0
}

func ExampleWriteVegetaResults() {
	if err := report.WriteVegetaResults(os.Stdout, exampleRows()[:1]); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"attack":"keepalive-global","seq":0,"code":200,"timestamp":"2024-05-01T12:00:00Z","latency":44000000,"bytes_out":0,"bytes_in":0,"error":"","body":null,"method":"","url":"","headers":null}
}

func ExampleWriteAll() {
	dir, err := os.MkdirTemp("", "coldwire-report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	if err := report.WriteAll(dir, exampleRows(), nil, []string{"keepalive-global"}); err != nil {
		fmt.Println(err)
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// invocations.csv
	// results-keepalive-global.json
	// summary.json
	// summary.md
}
