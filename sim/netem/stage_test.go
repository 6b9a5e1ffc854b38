package netem

import (
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// delays runs n chunks, written 100 us apart, through the up path of the
// first connection of a link with cfg, and returns their one-way delays.
func delays(t *testing.T, cfg Config, n int) []time.Duration {
	t.Helper()
	l, err := NewLink(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cn, err := l.newConnection(nil, 2, func(*connection) {})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Unix(1000, 0)
	var out []time.Duration
	for i := range n {
		sent := base.Add(time.Duration(i) * 100 * time.Microsecond)
		c := &chunk{data: []byte{1}, at: sent}
		for _, s := range cn.up.stages {
			s.apply(c)
		}
		out = append(out, c.at.Sub(sent))
	}
	return out
}

func TestJitterRepeatsWithSeed(t *testing.T) {
	cfg := Config{
		RTT:    10 * time.Millisecond,
		Jitter: dist.Duration{Kind: dist.Normal, Spread: time.Millisecond, Cap: 3 * time.Millisecond},
		Spikes: dist.Spikes{Probability: 0.02, Size: dist.Constant(20 * time.Millisecond)},
		Seed:   42,
	}
	a, b := delays(t, cfg, 500), delays(t, cfg, 500)
	if !slices.Equal(a, b) {
		t.Error("two links with one seed delayed chunks differently")
	}
	cfg.Seed = 43
	if slices.Equal(a, delays(t, cfg, 500)) {
		t.Error("another seed gave the same delays")
	}
	if slices.Min(a) == slices.Max(a) {
		t.Error("jitter had no effect")
	}
	var spiked int
	for _, d := range a {
		if d < 0 {
			t.Fatalf("negative delay %v", d)
		}
		if d > 15*time.Millisecond {
			spiked++
		}
	}
	if spiked == 0 {
		t.Error("no spike in 500 flights at p=0.02")
	}
}

func TestLatencyStageNeverReorders(t *testing.T) {
	s := newLatencyStage(Config{RTT: 2 * time.Millisecond, Jitter: dist.Duration{Kind: dist.Uniform, Spread: 5 * time.Millisecond}}, 1)
	base := time.Unix(0, 0)
	var last time.Time
	for i := range 1000 {
		sent := base.Add(time.Duration(i) * 10 * time.Microsecond)
		c := &chunk{at: sent}
		s.apply(c)
		if c.at.Before(last) || c.at.Before(sent) {
			t.Fatalf("chunk %d arrives at %v, before %v or its own departure", i, c.at.Sub(base), last.Sub(base))
		}
		last = c.at
	}
}

func TestBandwidthStageSerialises(t *testing.T) {
	s := &bandwidthStage{bytesPerSecond: 1000}
	base := time.Unix(0, 0)
	tests := []struct {
		sent time.Duration
		size int
		want time.Duration
	}{
		{0, 100, 100 * time.Millisecond},                     // line idle: 100 bytes take 100 ms
		{50 * time.Millisecond, 100, 200 * time.Millisecond}, // queued behind the first
		{time.Second, 10, time.Second + 10*time.Millisecond}, // idle again
	}
	for _, tt := range tests {
		c := &chunk{data: make([]byte, tt.size), at: base.Add(tt.sent)}
		s.apply(c)
		if got := c.at.Sub(base); got != tt.want {
			t.Errorf("chunk sent at %v done at %v, want %v", tt.sent, got, tt.want)
		}
	}
}
