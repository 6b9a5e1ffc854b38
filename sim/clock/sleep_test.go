package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/clock"
)

func TestSleep(t *testing.T) {
	for _, tc := range []struct {
		name    string
		d       time.Duration
		cancel  bool
		wantErr error
	}{
		{"waits the duration out", 20 * time.Millisecond, false, nil},
		{"ends with the context", time.Hour, true, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				time.AfterFunc(10*time.Millisecond, cancel)
			}
			start := time.Now()
			err := clock.Sleep(ctx, tc.d)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Sleep(%v) = %v, want %v", tc.d, err, tc.wantErr)
			}
			if err == nil && time.Since(start) < tc.d {
				t.Fatalf("Sleep(%v) returned after %v, early", tc.d, time.Since(start))
			}
		})
	}
}
