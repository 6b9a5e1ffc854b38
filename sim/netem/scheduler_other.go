//go:build !linux

package netem

// Elsewhere the scheduler waits on a Go timer, less precise than Linux's
// ppoll; how late that makes the link shows in Link.Lateness.
func platformWaiter() waiter { return newTimerWaiter() }
