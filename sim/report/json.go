package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// SummaryFile is the document in summary.json. The scenarios sit under a
// key, not at the top level, so the file can grow without breaking readers.
type SummaryFile struct {
	Scenarios []Summary `json:"scenarios"`
}

// WriteSummaryJSON writes summaries as an indented SummaryFile.
func WriteSummaryJSON(w io.Writer, summaries []Summary) error {
	if summaries == nil {
		summaries = []Summary{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(SummaryFile{Scenarios: summaries}); err != nil {
		return fmt.Errorf("report: write summary json: %w", err)
	}
	return nil
}
