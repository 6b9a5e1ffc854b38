package report

import (
	"fmt"
	"io"
	"strings"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// ResultsFileName is the name of a scenario's vegeta results file. Bytes
// that are unsafe in a file name are replaced by '-', so a scenario name
// can never write outside the output directory (the prefix keeps even
// ".." a plain name).
func ResultsFileName(scenario string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '-'
	}, scenario)
	return "results-" + safe + ".json"
}

// WriteVegetaResults writes the rows' vegeta results (see Row.VegetaResult)
// with vegeta's JSON encoder, one object per line, in the order given.
func WriteVegetaResults(w io.Writer, rows []Row) error {
	enc := vegeta.NewJSONEncoder(w)
	for _, r := range rows {
		res := r.VegetaResult()
		if err := enc.Encode(&res); err != nil {
			return fmt.Errorf("report: write vegeta results: %w", err)
		}
	}
	return nil
}
