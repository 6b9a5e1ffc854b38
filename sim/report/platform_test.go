package report

import (
	"strings"
	"testing"
)

// TestPlatformMarkdown checks the platform table: a row per scenario with
// figures, and a cost column only when some scenario is priced.
func TestPlatformMarkdown(t *testing.T) {
	cost := 0.5
	tests := []struct {
		name      string
		summaries []Summary
		want      []string
		wantNot   []string
	}{
		{
			name:      "unpriced",
			summaries: []Summary{{Name: "a", Platform: &Platform{ColdStartProbability: 0.25, MeanLiveContainers: 1.5, PeakLiveContainers: 2, MeanInFlight: 1.25, MemoryMB: 1024, IdleGBSeconds: 3}}, {Name: "b"}},
			want:      []string{"| scenario | cold-start probability | mean live | peak live | mean in flight | busy container-s | idle container-s | memory (MB) | idle GB-s |", "| a | 0.250 | 1.50 | 2 | 1.25 | 0.00 | 0.00 | 1024 | 3.00 |"},
			wantNot:   []string{"cost"},
		},
		{
			name:      "priced",
			summaries: []Summary{{Name: "a", Platform: &Platform{MemoryMB: 128, Cost: &cost}}, {Name: "b", Platform: &Platform{MemoryMB: 128}}},
			want:      []string{"| idle GB-s | cost |", "| 128 | 0.00 | 0.5 |", "| 128 | 0.00 | – |"},
		},
		{name: "none", summaries: []Summary{{Name: "a"}}, wantNot: []string{"Platform"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteSummaryMarkdown(&b, tt.summaries); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("missing %q in:\n%s", w, b.String())
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(b.String(), w) {
					t.Errorf("unexpected %q in:\n%s", w, b.String())
				}
			}
		})
	}
}
