package lifecycle

import (
	"context"
	"errors"
	"testing"
	"time"
)

// dyingBody is a container whose process may have died: revive restarts
// it when told to, taking a set time, or fails to.
type dyingBody struct {
	fakeBody
	dead     bool
	restarts int
	handled  int
	fail     error
}

func (d *dyingBody) handle(ctx context.Context, inv *Invocation) error {
	d.handled++
	return d.fakeBody.handle(ctx, inv)
}

func (d *dyingBody) revive() (bool, time.Duration, error) {
	if !d.dead {
		return false, 0, nil
	}
	d.restarts++
	time.Sleep(10 * time.Millisecond)
	if d.fail != nil {
		return true, 10 * time.Millisecond, d.fail
	}
	d.dead = false
	return true, 10 * time.Millisecond, nil
}

// An invocation in a container whose process died first gets a new
// process there: it is a cold start, with the restart as its init, in the
// same container. A restart that fails fails the invocation without
// running the handler, and the next one tries again.
func TestRevive(t *testing.T) {
	body := &dyingBody{}
	p, err := New(Backend{}, []Function{{Name: "fn"}}, withInstances(func(*Function, int) (instance, error) { return body, nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())

	first := invoke(t, p)
	body.dead = true
	second := invoke(t, p)
	if !first.Cold || !second.Cold || second.Container != first.Container || second.InitMs < 10 || body.restarts != 1 {
		t.Errorf("first %+v, second %+v after %d restarts; want both cold in one container, the second's init the restart's 10 ms",
			first, second, body.restarts)
	}
	if third := invoke(t, p); third.Cold || third.InitMs != 0 {
		t.Errorf("third call: cold %v, init %v ms; want a warm call, the process lives", third.Cold, third.InitMs)
	}

	body.dead, body.fail = true, errors.New("node exited before its first invocation")
	inv, err := p.Invoke(context.Background(), "fn")
	if err == nil || !errors.Is(err, ErrHandler) || inv.Error == "" || !inv.Cold {
		t.Errorf("failed restart: %+v, %v; want a cold invocation failing with the start's error", inv, err)
	}
	body.fail = nil
	if again := invoke(t, p); !again.Cold || body.restarts != 3 {
		t.Errorf("after a failed restart: cold %v, %d restarts; want another restart", again.Cold, body.restarts)
	}
	if body.handled != 4 {
		t.Errorf("the handler ran %d times, want 4: not in the invocation whose restart failed", body.handled)
	}
}
