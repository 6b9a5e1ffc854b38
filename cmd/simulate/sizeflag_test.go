package main

import "testing"

func TestSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		str  string
	}{
		{"0", 0, "0"},
		{"1000", 1000, "1000"},
		{"1k", 1000, "1000"},
		{"1kb", 1024, "1kb"},
		{"256mb", 256 << 20, "256mb"},
		{"256MB", 256 << 20, "256mb"},
		{"2m", 2e6, "2000000"},
		{"1gb", 1 << 30, "1gb"},
		{"3g", 3e9, "3000000000"},
		{"12b", 12, "12"},
	}
	for _, tt := range tests {
		var s size
		if err := s.Set(tt.in); err != nil || int64(s) != tt.want || s.String() != tt.str {
			t.Errorf("Set(%q) = %d (%s), %v; want %d (%s)", tt.in, s, s.String(), err, tt.want, tt.str)
		}
	}
	for _, bad := range []string{"", "mb", "-1mb", "1.5gb", "1tb", "9999999999gb"} {
		var s size
		if err := s.Set(bad); err == nil {
			t.Errorf("Set(%q) = %d, want an error", bad, s)
		}
	}
}
