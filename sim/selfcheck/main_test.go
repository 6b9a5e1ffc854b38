package selfcheck_test

import (
	"testing"

	"go.uber.org/goleak"
)

// The tests' goroutines must all have ended.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
