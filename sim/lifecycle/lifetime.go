package lifecycle

import (
	"slices"
	"time"
)

// Lifetime is one container's life, from its creation to its reclaim: what
// a timeline draws, kept once per container rather than once per
// invocation.
type Lifetime struct {
	Function  string    `json:"function"`
	Container int       `json:"container"`
	Created   time.Time `json:"created"`
	// Ready is when the init ended; zero if it failed.
	Ready time.Time `json:"ready,omitzero"`
	// Reclaimed is zero while the container lives.
	Reclaimed time.Time `json:"reclaimed,omitzero"`
	Reason    string    `json:"reason,omitempty"`
}

// Lifetimes returns the life of every container so far, in the order they
// were created. A container's cold start is its Created..Ready.
func (p *Platform) Lifetimes() []Lifetime {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.lives)
}

// create numbers a new container of fn and starts its lifetime.
func (p *Platform) create(fn string) Lifetime {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := Lifetime{Function: fn, Container: len(p.lives) + 1, Created: time.Now()}
	p.lives = append(p.lives, l)
	return l
}

// lived records the steps of e that end a phase of its container's life.
func (p *Platform) lived(e Event) {
	if e.Kind != InitDone && e.Kind != Reclaimed {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	l := &p.lives[e.Container-1]
	if e.Kind == InitDone {
		l.Ready = e.Time
		return
	}
	l.Reclaimed, l.Reason = e.Time, e.Reason
}
