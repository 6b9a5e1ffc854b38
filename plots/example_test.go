package plots_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/report"
)

func ExampleWriteAll() {
	dir, err := os.MkdirTemp("", "coldwire-plots")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	start := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var rows []report.Row
	for i, ms := range []float64{43, 2.1, 2.3, 1.9} {
		rows = append(rows, report.Row{Scenario: "keepalive-global", Seq: i, RedisMs: ms, TTFBMs: 2, TotalMs: ms + 1})
	}
	// One container: no timeline.
	spans := []report.Span{{Scenario: "keepalive-global", Container: 1, Start: start, End: start.Add(time.Second)}}
	tallies := report.Tallies(rows, nil, []string{"keepalive-global"})
	files, err := plots.WriteAll(dir, tallies, spans)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// latency-by-request.png
	// latency-cdf.png
	// phases.png
}
