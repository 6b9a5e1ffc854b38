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
	"queued_ms", "init_ms", "client_init_ms", "socket_wait_ms", "dns_ms", "connect_ms", "tls_ms", "tls_resumed",
	"ttfb_ms", "redis_ms", "total_ms", "reused", "error",
	"attempts", "stale_reuses", "error_kind", "closes_seen",
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
		csvMs(r.SocketWaitMs),
		csvMs(r.DNSMs),
		csvMs(r.ConnectMs),
		csvMs(r.TLSMs),
		strconv.FormatBool(r.TLSResumed),
		csvMs(r.TTFBMs),
		csvMs(r.RedisMs),
		csvMs(r.TotalMs),
		strconv.FormatBool(r.Reused),
		r.Error,
		strconv.Itoa(r.Attempts),
		strconv.Itoa(r.StaleReuses),
		r.ErrorKind,
		strconv.Itoa(r.ClosesSeen),
	}
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func csvMs(ms float64) string { return strconv.FormatFloat(ms, 'f', 3, 64) }

// ReadInvocationsCSV reads rows written by WriteInvocationsCSV or a
// Recorder. Columns are found by their header names, so a file with fewer
// or more columns than CSVHeader reads as far as they match.
func ReadInvocationsCSV(r io.Reader) ([]Row, error) {
	var rows []Row
	err := ScanInvocationsCSV(r, func(row Row) error {
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// ScanInvocationsCSV reads rows as ReadInvocationsCSV does and hands each to
// fn as it is read, holding none; an error from fn stops the scan.
func ScanInvocationsCSV(r io.Reader, fn func(Row) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("report: read csv header: %w", err)
	}
	col := make(map[string]int, len(head))
	for i, h := range head {
		col[h] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("report: read csv: %w", err)
		}
		p := rowParser{rec: rec, col: col}
		r := Row{
			Scenario:     p.str("scenario"),
			Seq:          p.int("seq"),
			Intended:     p.time("intended"),
			Start:        p.time("start"),
			Container:    p.int("container"),
			Cold:         p.bool("cold"),
			QueuedMs:     p.float("queued_ms"),
			InitMs:       p.float("init_ms"),
			ClientInitMs: p.float("client_init_ms"),
			SocketWaitMs: p.float("socket_wait_ms"),
			DNSMs:        p.float("dns_ms"),
			ConnectMs:    p.float("connect_ms"),
			TLSMs:        p.float("tls_ms"),
			TLSResumed:   p.bool("tls_resumed"),
			TTFBMs:       p.float("ttfb_ms"),
			RedisMs:      p.float("redis_ms"),
			TotalMs:      p.float("total_ms"),
			Reused:       p.bool("reused"),
			Error:        p.str("error"),
			Attempts:     p.int("attempts"),
			StaleReuses:  p.int("stale_reuses"),
			ErrorKind:    p.str("error_kind"),
			ClosesSeen:   p.int("closes_seen"),
		}
		if p.err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("report: read csv line %d: %w", line, p.err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

// rowParser reads one record's fields by column name, keeping the first
// error.
type rowParser struct {
	rec []string
	col map[string]int
	err error
}

func (p *rowParser) str(name string) string {
	i, ok := p.col[name]
	if !ok || i >= len(p.rec) {
		return ""
	}
	return p.rec[i]
}

func (p *rowParser) keep(name string, err error) {
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s: %w", name, err)
	}
}

func (p *rowParser) int(name string) int {
	v := p.str(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	p.keep(name, err)
	return n
}

func (p *rowParser) float(name string) float64 {
	v := p.str(name)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	p.keep(name, err)
	return f
}

func (p *rowParser) bool(name string) bool {
	v := p.str(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	p.keep(name, err)
	return b
}

func (p *rowParser) time(name string) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	p.keep(name, err)
	return t
}
