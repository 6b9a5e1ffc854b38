package trace_test

import (
	"fmt"
	"strings"

	"github.com/coldwire/coldwire/sim/trace"
)

func ExampleByHash() {
	file := `HashOwner,HashApp,HashFunction,Trigger,1,2,3
o1,a1,checkout,http,4,0,9
`
	f, err := trace.ByHash(strings.NewReader(file), "checkout")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Trigger, f.PerMinute, f.Total())
	// Output: http [4 0 9] 13
}
