package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Names of the files a sweep writes.
const (
	SweepCSVFile  = "sweep.csv"
	SweepJSONFile = "sweep.json"
)

// Sweep is the outcome of a sweep: every scenario at every point of a grid
// of field values. It is the document in sweep.json.
type Sweep struct {
	Axes []SweepAxis `json:"axes"`
	// Rows are one per scenario and point, points in order (the first axis
	// varying slowest), scenarios in file order within a point.
	Rows []SweepRow `json:"rows"`
}

// SweepAxis is one swept field and its values as written.
type SweepAxis struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// SweepRow is one scenario at one point.
type SweepRow struct {
	// Run numbers the run within the whole sweep, from 0: points in order,
	// scenarios in order within a point. Shards of a sweep keep it, so
	// their rows merge back in order.
	Run int `json:"run"`
	// Point holds one value per axis, in the axes' order.
	Point   []string `json:"point"`
	Summary Summary  `json:"summary"`
	// RedisP10Ms and TotalP10Ms are the 10th percentiles, the low edge of
	// the bands the sweep's charts draw; nil when nothing was measured.
	RedisP10Ms *float64 `json:"redis_p10_ms"`
	TotalP10Ms *float64 `json:"total_p10_ms"`
}

// NewSweepRow summarizes t, one scenario's run at point.
func NewSweepRow(point []string, t *Tally) SweepRow {
	r := SweepRow{Point: point, Summary: t.Summary()}
	p10 := func(v []float64) *float64 {
		if len(v) == 0 {
			return nil
		}
		s := slices.Clone(v)
		slices.Sort(s)
		p := Percentile(s, 10)
		return &p
	}
	r.RedisP10Ms, r.TotalP10Ms = p10(t.RedisMs), p10(t.TotalMs)
	return r
}

// WriteSweepJSON writes sw, indented.
func WriteSweepJSON(w io.Writer, sw Sweep) error {
	if sw.Rows == nil {
		sw.Rows = []SweepRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sw); err != nil {
		return fmt.Errorf("report: write sweep json: %w", err)
	}
	return nil
}

// WriteSweepCSV writes one record per row: the point's values under the
// axes' paths, then every figure of the summary in summary.json's order,
// nested blocks flattened with dots (redis_ms.p50, platform.cost), then the
// 10th percentiles. A figure a row does not have (an unpriced cost) is
// empty.
func WriteSweepCSV(w io.Writer, sw Sweep) error {
	records := make([][]field, len(sw.Rows))
	var header []string
	for i, r := range sw.Rows {
		fs, err := flatten(r.Summary)
		if err != nil {
			return err
		}
		fs = append(fs, field{"redis_ms.p10", number(r.RedisP10Ms)}, field{"total_ms.p10", number(r.TotalP10Ms)})
		records[i] = fs
		header = union(header, fs)
	}
	cw := csv.NewWriter(w)
	head := make([]string, 0, len(sw.Axes)+len(header))
	for _, a := range sw.Axes {
		head = append(head, a.Path)
	}
	if err := cw.Write(append(head, header...)); err != nil {
		return fmt.Errorf("report: write sweep csv: %w", err)
	}
	for i, r := range sw.Rows {
		at := make(map[string]string, len(records[i]))
		for _, f := range records[i] {
			at[f.key] = f.value
		}
		rec := slices.Clone(r.Point)
		for _, k := range header {
			rec = append(rec, at[k])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report: write sweep csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write sweep csv: %w", err)
	}
	return nil
}

type field struct{ key, value string }

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// flatten lists s's JSON figures in order, so that a figure added to
// Summary reaches the sweep's columns without a change here.
func flatten(s Summary) ([]field, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("report: sweep csv: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var (
		out  []field
		walk func(prefix string) error
	)
	walk = func(prefix string) error {
		if _, err := dec.Token(); err != nil { // {
			return err
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			key := prefix + t.(string)
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			raw = bytes.TrimSpace(raw)
			switch {
			case len(raw) > 0 && raw[0] == '{':
				sub := json.NewDecoder(bytes.NewReader(raw))
				sub.UseNumber()
				saved := dec
				dec = sub
				err := walk(key + ".")
				dec = saved
				if err != nil {
					return err
				}
			case string(raw) == "null":
				// A block never measured: its figures' columns stay empty.
			default:
				var v any
				if err := json.Unmarshal(raw, &v); err != nil {
					return err
				}
				if str, ok := v.(string); ok {
					out = append(out, field{key, str})
				} else {
					out = append(out, field{key, string(raw)})
				}
			}
		}
		_, err := dec.Token() // }
		return err
	}
	if err := walk(""); err != nil {
		return nil, fmt.Errorf("report: sweep csv: %w", err)
	}
	return out, nil
}

// union adds the keys of fs missing from header, each after the key that
// precedes it in fs, so that columns keep summary.json's order even when
// only some rows have a figure.
func union(header []string, fs []field) []string {
	prev := -1
	for _, f := range fs {
		i := slices.Index(header, f.key)
		if i < 0 {
			i = prev + 1
			header = slices.Insert(header, i, f.key)
		}
		prev = i
	}
	return header
}

// WriteSweepFiles creates dir if needed and writes sweep.csv and
// sweep.json there.
func WriteSweepFiles(dir string, sw Sweep) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := writeFile(filepath.Join(dir, SweepCSVFile), func(w io.Writer) error { return WriteSweepCSV(w, sw) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, SweepJSONFile), func(w io.Writer) error { return WriteSweepJSON(w, sw) })
}
