package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// CSVHeader is the header row of invocations.csv. Durations are in
// milliseconds with three decimals (microseconds), times are RFC 3339 with
// nanoseconds, and an empty intended time means a closed loop.
var CSVHeader = []string{
	"scenario", "seq", "intended", "start", "container", "cold",
	"queued_ms", "init_ms", "client_init_ms", "dns_ms", "connect_ms", "tls_ms", "tls_resumed",
	"ttfb_ms", "redis_ms", "total_ms", "reused", "error",
}

// WriteInvocationsCSV writes CSVHeader and then one record per row, in the
// order given.
func WriteInvocationsCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	for _, r := range rows {
		if err := cw.Write(csvRecord(r)); err != nil {
			return fmt.Errorf("report: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	return nil
}

func csvRecord(r Row) []string {
	return []string{
		r.Scenario,
		strconv.Itoa(r.Seq),
		csvTime(r.Intended),
		csvTime(r.Start),
		strconv.Itoa(r.Container),
		strconv.FormatBool(r.Cold),
		csvMs(r.QueuedMs),
		csvMs(r.InitMs),
		csvMs(r.ClientInitMs),
		csvMs(r.DNSMs),
		csvMs(r.ConnectMs),
		csvMs(r.TLSMs),
		strconv.FormatBool(r.TLSResumed),
		csvMs(r.TTFBMs),
		csvMs(r.RedisMs),
		csvMs(r.TotalMs),
		strconv.FormatBool(r.Reused),
		r.Error,
	}
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func csvMs(ms float64) string { return strconv.FormatFloat(ms, 'f', 3, 64) }
