//go:build linux

package cgroup_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/coldwire/coldwire/sim/cgroup"
)

// A run's processes, each in a group of its own under the run's: frozen
// between invocations and held to a quarter of a core. The hierarchy here
// is a fake one in a temporary directory; cgroup.SystemRoots() gives the
// real ones, and g.Start(cmd) starts a process in the group.
func Example() {
	tmp, _ := os.MkdirTemp("", "cgroup-example-")
	defer os.RemoveAll(tmp)
	roots := cgroup.Roots{Freezer: filepath.Join(tmp, "freezer"), CPU: filepath.Join(tmp, "cpu")}
	os.Mkdir(roots.Freezer, 0o755)
	os.Mkdir(roots.CPU, 0o755)

	p, err := cgroup.New(roots, "coldwire-run")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("freezing:", strings.TrimSuffix(p.Freezing(), " at "+roots.Freezer))
	g, err := p.NewGroup("container-1", cgroup.CPULimit{Share: 0.25, Period: cgroup.DefaultPeriod})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := g.Freeze(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	frozen, _ := g.Frozen()
	fmt.Println("frozen:", frozen)
	g.Thaw()
	quota, _ := os.ReadFile(filepath.Join(roots.CPU, "coldwire-run", "container-1", "cpu.cfs_quota_us"))
	fmt.Println("quota (µs per 100 ms):", string(quota))
	// Output:
	// freezing: cgroup v1 freezer
	// frozen: true
	// quota (µs per 100 ms): 25000
}
