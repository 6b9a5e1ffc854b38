package clock_test

import (
	"context"
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/clock"
)

// A wait gives up when its context ends, as a handler's does when the
// caller goes away.
func ExampleSleep() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	fmt.Println(clock.Sleep(ctx, time.Hour))
	fmt.Println(clock.Sleep(context.Background(), time.Millisecond))
	// Output:
	// context deadline exceeded
	// <nil>
}
