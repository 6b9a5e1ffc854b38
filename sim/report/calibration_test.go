package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

func calibration() report.Calibration {
	return report.Calibration{Rows: []report.CalibrationRow{
		{
			Scenario: "warm",
			Go: report.Summary{Invocations: 3, ColdStarts: 1,
				RedisMs: &report.Latency{First: 8, P50: 2, P99: 4}, TotalMs: &report.Latency{First: 9}},
			Node: report.Summary{Invocations: 3, ColdStarts: 1, Errors: 1,
				RedisMs: &report.Latency{First: 14, P50: 2.5, P99: 5}, TotalMs: &report.Latency{First: 150},
				Emulation: &report.Emulation{OverLimits: true, Warning: "the link was late"}},
			NodeIgnores: []string{"function.client_init: 6ms"},
		},
		{Scenario: "broken", Go: report.Summary{Invocations: 1, Errors: 1}, Node: report.Summary{Invocations: 1, Errors: 1}},
	}}
}

// A record per scenario and runtime; a figure never measured is empty, not 0.
func TestWriteCalibrationCSV(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteCalibrationCSV(&b, calibration()); err != nil {
		t.Fatal(err)
	}
	want := `scenario,runtime,invocations,errors,cold_starts,redis_p50_ms,redis_p99_ms,redis_first_ms,total_first_ms,over_limits
warm,go,3,0,1,2.000,4.000,8.000,9.000,false
warm,node,3,1,1,2.500,5.000,14.000,150.000,true
broken,go,1,1,0,,,,,false
broken,node,1,1,0,,,,,false
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Each figure for go, for node and their ratio; what makes a line doubtful
// is said below the table.
func TestWriteCalibrationMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteCalibrationMarkdown(&b, calibration()); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"| scenario | redis p50 go | redis p50 node | node/go | redis p99 go | redis p99 node | node/go | first call go | first call node | node/go | first invocation go | first invocation node | node/go |\n",
		"| warm | 2.00 | 2.50 | 1.25 | 4.00 | 5.00 | 1.25 | 8.00 | 14.00 | 1.75 | 9.00 | 150.00 | 16.67 |\n",
		"| broken | – | – | – | – | – | – | – | – | – | – | – | – |\n",
		"- warm, node: 1 of 3 invocations failed; the figures are of the others.\n",
		"- warm, node: the link was late\n",
		"- warm: the go run applied function.client_init: 6ms, which the node handler does not read.\n",
		"- broken, go: 1 of 1 invocations failed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}
