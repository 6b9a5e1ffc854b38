package report

import "fmt"

// Trace says what a trace-driven scenario replayed, so its outputs carry
// the compression that shaped them.
type Trace struct {
	File string `json:"file"`
	// Function is the row's HashFunction, or "index N" when the scenario
	// picked it by position.
	Function    string `json:"function"`
	Minutes     int    `json:"minutes"`
	Invocations int    `json:"invocations"`
	Spread      string `json:"spread"`
	// TimeScale is how many times faster than real time the trace and the
	// platform's timeouts ran; the network and the database ran at 1.
	TimeScale float64 `json:"time_scale"`
}

func (t *Trace) note(scenario string) string {
	s := fmt.Sprintf("%s replayed %d minutes of %s (%s: %d invocations in the trace, spread %s)",
		scenario, t.Minutes, t.File, t.Function, t.Invocations, t.Spread)
	if t.TimeScale > 1 {
		s += fmt.Sprintf(", compressed %g times: a trace minute lasted %gs, and the platform's idle timeout and "+
			"maximum lifetime were divided by %g; the network and the database were not scaled", t.TimeScale, 60/t.TimeScale, t.TimeScale)
	}
	return s + "."
}
