package agent

import (
	"testing"
	"time"
)

// The read gate: a frozen world holds every arrival; a thaw that sees
// closes before the invocation lets them through and waits until they are
// consumed; one that sees them after holds them until the next freeze,
// except a RST that arrives after the thaw.
func TestWorldReadGate(t *testing.T) {
	for _, tt := range []struct {
		seen ClosesSeen
		// heldAfterThaw: the FIN held during the freeze is still held
		// once Thaw returns; resetPasses: a RST after the thaw is not.
		heldAfterThaw, resetPasses bool
	}{
		{AfterInvocation, true, true},
		{BeforeInvocation, false, true},
	} {
		t.Run(string(tt.seen), func(t *testing.T) {
			w := NewWorld(WithClosesSeen(tt.seen))
			defer w.Close()
			tc := &trackedConn{a: &Agent{world: w}}
			if w.gate(tc, false) != nil {
				t.Fatal("a running world held an arrival")
			}
			w.Freeze()
			held := w.gate(tc, false)
			if held == nil {
				t.Fatal("a frozen world let an arrival through")
			}
			thawed := make(chan struct{})
			go func() {
				w.Thaw()
				close(thawed)
			}()
			<-held // the thaw opens the freeze's gate...
			if tt.seen == BeforeInvocation {
				select {
				case <-thawed:
					t.Fatal("Thaw returned before the held FIN was consumed")
				case <-time.After(20 * time.Millisecond):
				}
				if w.gate(tc, false) != nil {
					t.Fatal("before_invocation held the FIN after the thaw")
				}
				w.consumed(tc, false) // ...and its reader comes back
			}
			<-thawed
			if got := w.gate(tc, false) != nil; got != tt.heldAfterThaw {
				t.Fatalf("FIN held after Thaw returned: %v, want %v", got, tt.heldAfterThaw)
			}
			if got := w.gate(tc, true) == nil; got != tt.resetPasses {
				t.Fatalf("RST after the thaw passes: %v, want %v", got, tt.resetPasses)
			}
			froze := make(chan struct{})
			go func() {
				w.Freeze() // sees the deferred events first
				close(froze)
			}()
			if tt.seen == AfterInvocation {
				select {
				case <-froze:
					t.Fatal("Freeze returned before the deferred FIN was consumed")
				case <-time.After(20 * time.Millisecond):
				}
				w.consumed(tc, true)
			}
			<-froze
			if s := w.io.pending; s != 0 {
				t.Fatalf("%d events still pending", s)
			}
		})
	}
}

// A stopped clock does not count frozen time.
func TestWorldClockStops(t *testing.T) {
	w := NewWorld(WithClockStopped())
	defer w.Close()
	before := w.Now()
	w.Freeze()
	time.Sleep(50 * time.Millisecond)
	w.Thaw()
	if passed := w.Now().Sub(before); passed >= 50*time.Millisecond {
		t.Fatalf("%v passed on a clock stopped for 50 ms", passed)
	}
}
