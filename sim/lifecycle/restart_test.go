package lifecycle

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// dyingBody is a runtime that can die, as a process does.
type dyingBody struct {
	fakeBody
	mu      sync.Mutex
	isDead  bool
	handled int
}

func (d *dyingBody) handle(ctx context.Context, inv *Invocation) error {
	d.mu.Lock()
	d.handled++
	d.mu.Unlock()
	return d.fakeBody.handle(ctx, inv)
}

func (d *dyingBody) dead() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.isDead
}

func (d *dyingBody) die() {
	d.mu.Lock()
	d.isDead = true
	d.mu.Unlock()
}

// starts loads body into every container, counting the starts; a restart
// (every start after the first) takes 10 ms, or fails with fail.
type starts struct {
	body *dyingBody
	mu   sync.Mutex
	n    int
	fail error
}

func (s *starts) load(*Function, int) (instance, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.n == 1 {
		return s.body, nil
	}
	time.Sleep(10 * time.Millisecond)
	if s.fail != nil {
		return nil, s.fail
	}
	s.body.mu.Lock()
	s.body.isDead = false
	s.body.mu.Unlock()
	return s.body, nil
}

func (s *starts) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// An invocation in a container whose process died first gets a new
// process there: it is a cold start, with the restart as its init, in the
// same container. A restart that fails fails the invocation without
// running the handler, and the next one tries again.
func TestRevive(t *testing.T) {
	body := &dyingBody{}
	st := &starts{body: body}
	p, err := New(Backend{}, []Function{{Name: "fn"}}, withInstances(st.load))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())

	first := invoke(t, p)
	body.die()
	second := invoke(t, p)
	if !first.Cold || !second.Cold || second.Container != first.Container || second.InitMs < 10 || st.count() != 2 {
		t.Errorf("first %+v, second %+v after %d starts; want both cold in one container, the second's init the restart's 10 ms",
			first, second, st.count())
	}
	if third := invoke(t, p); third.Cold || third.InitMs != 0 {
		t.Errorf("third call: cold %v, init %v ms; want a warm call, the process lives", third.Cold, third.InitMs)
	}

	body.die()
	st.mu.Lock()
	st.fail = errors.New("node exited before its first invocation")
	st.mu.Unlock()
	inv, err := p.Invoke(context.Background(), "fn")
	if err == nil || !errors.Is(err, ErrHandler) || inv.Error == "" || !inv.Cold {
		t.Errorf("failed restart: %+v, %v; want a cold invocation failing with the start's error", inv, err)
	}
	st.mu.Lock()
	st.fail = nil
	st.mu.Unlock()
	if again := invoke(t, p); !again.Cold || st.count() != 4 {
		t.Errorf("after a failed restart: cold %v, %d starts; want another restart", again.Cold, st.count())
	}
	if body.handled != 4 {
		t.Errorf("the handler ran %d times, want 4: not in the invocation whose restart failed", body.handled)
	}
}

// An invocation that runs past the function's invocation timeout fails as
// Lambda's do. At concurrency 1 the container's runtime is reset at once
// (closed, so its sockets go) and the next invocation there is a cold
// start on a new one; a container running several at once is not reset.
// A handler that ends in time is not touched.
func TestInvocationTimeout(t *testing.T) {
	tests := []struct {
		name        string
		concurrency int
		handlerMs   int
		wantErr     bool
		wantCloses  int
		wantNext    bool // the next invocation is cold
	}{
		{"in time", 1, 5, false, 0, false},
		{"late at concurrency 1 resets the runtime", 1, 2000, true, 1, true},
		{"late at concurrency 4 fails only the call", 4, 2000, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &dyingBody{}
			body.delay = func(seq int64) time.Duration {
				if seq == 1 {
					return time.Duration(tt.handlerMs) * time.Millisecond
				}
				return time.Millisecond
			}
			st := &starts{body: body}
			p, err := New(Backend{}, []Function{{Name: "fn", Concurrency: tt.concurrency, InvocationTimeout: 200 * time.Millisecond}}, withInstances(st.load))
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close(context.Background())

			start := time.Now()
			inv, err := p.Invoke(context.Background(), "fn")
			took := time.Since(start)
			if tt.wantErr {
				if !errors.Is(err, ErrTimedOut) || inv.Error != "Task timed out after 0.20 seconds" || inv.ErrorKind != agent.KindTimeout {
					t.Fatalf("late call: %v, error %q, kind %q; want Lambda's Task timed out, kind timeout", err, inv.Error, inv.ErrorKind)
				}
				if took > time.Second {
					t.Errorf("the late call took %v, want it cut at about 200ms", took)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			body.mu.Lock()
			closes := body.closes
			body.mu.Unlock()
			if closes != tt.wantCloses {
				t.Errorf("%d closes after the first call, want %d", closes, tt.wantCloses)
			}
			next := invoke(t, p)
			if next.Cold != tt.wantNext || next.Container != inv.Container {
				t.Errorf("next call: cold %v in container %d, want cold %v in container %d", next.Cold, next.Container, tt.wantNext, inv.Container)
			}
		})
	}
}
