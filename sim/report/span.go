package report

import "time"

// Span is a time a container was alive: from its creation (or thaw) to
// its reclaim (or freeze). A zero End means it was still alive when the
// run ended. ColdStarts are the times its init began, marked on the
// timeline. Spans of the same scenario and container share a lane.
// InFlight is the container's invocations in flight; its zero value draws
// none.
type Span struct {
	Scenario   string
	Container  int
	Start, End time.Time
	ColdStarts []time.Time
	InFlight   Profile
}
