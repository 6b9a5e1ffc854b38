package load

import "fmt"

// PlanError is a plan that cannot run. It names the field to change, so a
// caller that built the plan from its own input, such as a scenario file,
// can point at the line that set it.
type PlanError struct {
	// Field is the Plan field at fault: "Pattern", "Count", "Rate",
	// "Duration", "Concurrency", "MaxInFlight", "Burst.Size", "Burst.Gap"
	// or "Burst.Count".
	Field string
	Msg   string
}

func (e *PlanError) Error() string { return "load: " + e.Msg }

func planErrorf(field, format string, args ...any) *PlanError {
	return &PlanError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
