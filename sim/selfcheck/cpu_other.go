//go:build !unix

package selfcheck

import "time"

// processCPU reports that the CPU time is unknown: this platform has no
// getrusage.
func processCPU() (time.Duration, bool) { return 0, false }
