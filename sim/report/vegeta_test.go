package report

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// articleRows is a scenario shaped like the article's first one: a cold
// call that opens a connection, then warm calls that reuse it, one failed.
func articleRows(scenario string) []Row {
	lat := []time.Duration{43 * time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond, 5 * time.Millisecond}
	var rows []Row
	at := t0
	for i, l := range lat {
		r := Row{Scenario: scenario, Seq: i, Start: at, TotalMs: durationMs(l), RedisMs: durationMs(l) - 1}
		r.Result = vegeta.Result{
			Attack: scenario, Seq: uint64(i), Code: 200, Timestamp: at, Latency: l,
			BytesOut: 0, BytesIn: 120, Method: "GET", URL: "http://127.0.0.1:1/fn",
			Body: []byte(`{"seq":1}`), Headers: http.Header{"X-Coldwire-Start": []string{"warm"}},
		}
		if i == 3 {
			r.Error, r.Result.Code, r.Result.Error = "500 Internal Server Error", 500, "500 Internal Server Error"
		}
		rows = append(rows, r)
		at = at.Add(l)
	}
	return rows
}

func decodeAll(t *testing.T, dec vegeta.Decoder) []vegeta.Result {
	t.Helper()
	if dec == nil {
		t.Fatal("vegeta did not recognise the encoding")
	}
	var out []vegeta.Result
	for {
		var r vegeta.Result
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("decode result %d: %v", len(out), err)
		}
		out = append(out, r)
	}
}

func TestWriteVegetaResultsRoundTrip(t *testing.T) {
	rows := articleRows("keepalive-global")
	decoders := []struct {
		name string
		dec  func(io.Reader) vegeta.Decoder
	}{
		{"NewJSONDecoder", vegeta.NewJSONDecoder},
		{"DecoderFor detects JSON", vegeta.DecoderFor},
	}
	for _, d := range decoders {
		t.Run(d.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteVegetaResults(&buf, rows); err != nil {
				t.Fatal(err)
			}
			got := decodeAll(t, d.dec(&buf))
			if len(got) != len(rows) {
				t.Fatalf("decoded %d results, want %d", len(got), len(rows))
			}
			for i := range rows {
				if !got[i].Equal(rows[i].Result) {
					t.Errorf("result %d = %+v, want %+v", i, got[i], rows[i].Result)
				}
			}
		})
	}
}

func TestVegetaResultFromRow(t *testing.T) {
	tests := []struct {
		name string
		row  Row
		want vegeta.Result
	}{
		{
			"success without a recorded result",
			Row{Scenario: "s", Seq: 4, Start: t0, TotalMs: 2.5},
			vegeta.Result{Attack: "s", Seq: 4, Code: 200, Timestamp: t0, Latency: 2500 * time.Microsecond},
		},
		{
			"error without a recorded result has no status",
			Row{Scenario: "s", Seq: 1, Start: t0, TotalMs: 1, Error: "refused"},
			vegeta.Result{Attack: "s", Seq: 1, Timestamp: t0, Latency: time.Millisecond, Error: "refused"},
		},
		{
			"recorded result is kept, attack named after the scenario",
			Row{Scenario: "s", TotalMs: 99, Result: vegeta.Result{Code: 201, Timestamp: t0, Latency: time.Second}},
			vegeta.Result{Attack: "s", Code: 201, Timestamp: t0, Latency: time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.row.VegetaResult(); !got.Equal(tt.want) {
				t.Errorf("VegetaResult() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestVegetaReportReadsResultsFile is acceptance 4: vegeta's decoder and its
// text report read results-<scenario>.json as written by WriteAll.
func TestVegetaReportReadsResultsFile(t *testing.T) {
	dir := t.TempDir()
	rows := append(articleRows("keepalive-global"), articleRows("no-keepalive-handler")[:2]...)
	if err := WriteAll(dir, rows, nil, []string{"keepalive-global", "no-keepalive-handler"}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "results-keepalive-global.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m vegeta.Metrics
	for _, r := range decodeAll(t, vegeta.DecoderFor(f)) {
		if r.Attack != "keepalive-global" {
			t.Errorf("result of attack %q in keepalive-global's file", r.Attack)
		}
		m.Add(&r)
	}
	m.Close()
	if m.Requests != 4 || m.Latencies.Max != 43*time.Millisecond || m.Latencies.Min != 2*time.Millisecond {
		t.Errorf("metrics: requests %d, latency min %v max %v; want 4, 2ms, 43ms",
			m.Requests, m.Latencies.Min, m.Latencies.Max)
	}
	var out bytes.Buffer
	if err := vegeta.NewTextReporter(&m).Report(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Requests", "  4, ", "Latencies", "43ms", "Success", "75.00%", "200:3", "500:1",
		"500 Internal Server Error"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("vegeta report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestResultsFileName(t *testing.T) {
	tests := []struct{ scenario, want string }{
		{"keepalive-global", "results-keepalive-global.json"},
		{"no keepalive/handler", "results-no-keepalive-handler.json"},
		{"../../etc/passwd", "results-..-..-etc-passwd.json"},
		{"..", "results-...json"},
		{"ü", "results--.json"},
	}
	for _, tt := range tests {
		if got := ResultsFileName(tt.scenario); got != tt.want {
			t.Errorf("ResultsFileName(%q) = %q, want %q", tt.scenario, got, tt.want)
		}
		if filepath.Base(ResultsFileName(tt.scenario)) != ResultsFileName(tt.scenario) {
			t.Errorf("ResultsFileName(%q) leaves the directory", tt.scenario)
		}
	}
}
