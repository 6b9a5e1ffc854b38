package lifecycle

import (
	"slices"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

// With room for 10 invocations per container, 50 at once fill 5 containers:
// the invocations that arrive while a container starts join it rather
// than starting another.
func TestConcurrencyFillsContainersBeforeScaleOut(t *testing.T) {
	body := &fakeBody{delay: func(int64) time.Duration { return 100 * time.Millisecond }}
	p := fakePlatform(t, Function{Concurrency: 10, Init: dist.Constant(50 * time.Millisecond)}, body)
	per := map[int]int{}
	for _, inv := range burst(t, p, 50) {
		per[inv.Container]++
	}
	if len(per) != 5 {
		t.Fatalf("50 invocations at concurrency 10 ran in %d containers, want 5: %v", len(per), per)
	}
	for c, n := range per {
		if n != 10 {
			t.Errorf("container %d ran %d invocations, want 10", c, n)
		}
	}
}

// A container runs two overlapping invocations: it is frozen once, after
// the later one ends, and thawed once when the next invocation comes.
func TestFrozenOnlyAfterLastInvocation(t *testing.T) {
	body := &fakeBody{delay: func(seq int64) time.Duration {
		if seq == 1 {
			return 150 * time.Millisecond
		}
		return 30 * time.Millisecond
	}}
	rec := &recorder{}
	p := fakePlatform(t, Function{Concurrency: 2, IdleTimeout: time.Minute}, body, WithEvents(rec.add))
	invs := burst(t, p, 2)
	if invs[0].Container != invs[1].Container {
		t.Fatalf("two invocations at concurrency 2 ran in containers %d and %d", invs[0].Container, invs[1].Container)
	}
	want := []EventKind{Created, InitDone, Invoked, Invoked, Returned, Returned, Frozen}
	if got := rec.kinds(1); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	// Busy time, thaw or creation to freeze, covers the longer invocation.
	evs := rec.events()
	if busy := evs[len(evs)-1].Time.Sub(evs[0].Time); busy < 150*time.Millisecond {
		t.Errorf("busy %v, shorter than the 150ms invocation that ran in it", busy)
	}
	invoke(t, p)
	want = append(want, Thawed, Invoked, Returned, Frozen)
	if got := rec.kinds(1); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	body.mu.Lock()
	defer body.mu.Unlock()
	if body.freezes != 2 || body.thaws != 1 {
		t.Errorf("freezes %d thaws %d, want 2 and 1", body.freezes, body.thaws)
	}
}

// A full container sends the next invocation to a new one; an idle
// container's timeout counts from its last invocation's end, not its
// first's.
func TestIdleTimeoutCountsFromLastInvocation(t *testing.T) {
	body := &fakeBody{delay: func(seq int64) time.Duration {
		if seq == 1 {
			return 300 * time.Millisecond
		}
		return 20 * time.Millisecond
	}}
	rec := &recorder{}
	p := fakePlatform(t, Function{Concurrency: 2, IdleTimeout: 200 * time.Millisecond}, body, WithEvents(rec.add))
	invs := burst(t, p, 2)
	if invs[0].Container != invs[1].Container {
		t.Fatalf("ran in containers %d and %d", invs[0].Container, invs[1].Container)
	}
	var frozen, reclaimed time.Time
	deadline := time.Now().Add(3 * time.Second)
	for reclaimed.IsZero() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		for _, e := range rec.events() {
			switch e.Kind {
			case Frozen:
				frozen = e.Time
			case Reclaimed:
				reclaimed = e.Time
			}
		}
	}
	if reclaimed.IsZero() {
		t.Fatal("never reclaimed")
	}
	if idle := reclaimed.Sub(frozen); idle < 200*time.Millisecond {
		t.Errorf("reclaimed %v after its last invocation ended, want >= the 200ms idle timeout", idle)
	}
}
