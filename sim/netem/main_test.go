package netem_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test must leave no goroutine behind: links, listeners and schedulers
// clean up after themselves.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
