package lifecycle

import "time"

// EventKind names a step in a container's life.
type EventKind string

// The steps of a container's life, in order.
const (
	Created  EventKind = "created"
	InitDone EventKind = "init-done"
	Invoked  EventKind = "invoked"
	// Returned ends the invocation an Invoked began: between the two, it
	// is in flight in the container.
	Returned  EventKind = "returned"
	Frozen    EventKind = "frozen"
	Thawed    EventKind = "thawed"
	Reclaimed EventKind = "reclaimed"
)

// Why a container was reclaimed.
const (
	ReasonIdle     = "idle-timeout"
	ReasonLifetime = "max-lifetime"
	ReasonShutdown = "shutdown"
	ReasonInitFail = "init-failed"
)

// Event is one step of one container.
type Event struct {
	Time      time.Time `json:"time"`
	Function  string    `json:"function"`
	Container int       `json:"container"`
	Kind      EventKind `json:"kind"`
	// Seq is the invocation an invoked or returned event belongs to.
	Seq int64 `json:"seq,omitempty"`
	// Reason says why a container was reclaimed.
	Reason string `json:"reason,omitempty"`
}
