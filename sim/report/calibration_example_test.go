package report_test

import (
	"fmt"
	"os"

	"github.com/coldwire/coldwire/sim/report"
)

// A calibration sets a scenario's run with the in-process model beside its
// run with real Node processes.
func ExampleWriteCalibrationCSV() {
	run := func(redis ...float64) report.Summary {
		return report.Summary{Invocations: len(redis), ColdStarts: 1, RedisMs: report.NewLatency(redis), TotalMs: report.NewLatency(redis)}
	}
	c := report.Calibration{Rows: []report.CalibrationRow{{
		Scenario: "keepalive-global",
		Go:       run(7.7, 2.1, 2.0, 2.2),
		Node:     run(12.3, 2.3, 2.4, 2.3),
	}}}
	if err := report.WriteCalibrationCSV(os.Stdout, c); err != nil {
		fmt.Println(err)
	}
	// Output:
	// scenario,runtime,invocations,errors,cold_starts,redis_p50_ms,redis_p99_ms,redis_first_ms,total_first_ms,over_limits
	// keepalive-global,go,4,0,1,2.100,7.700,7.700,7.700,false
	// keepalive-global,node,4,0,1,2.300,12.300,12.300,12.300,false
}
