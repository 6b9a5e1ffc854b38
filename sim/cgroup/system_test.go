package cgroup

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests use this system's own hierarchies; they skip, saying why,
// where the run has no right to create groups there.

// systemParent makes a Parent in roots, or skips the test when it can
// neither freeze nor limit CPU there.
func systemParent(t *testing.T, roots Roots) *Parent {
	t.Helper()
	requireLinux(t)
	if os.Geteuid() != 0 {
		t.Skip("not root: no right to create control groups")
	}
	p, err := New(roots, fmt.Sprintf("coldwire-test-%d-%s", os.Getpid(), rand.Text()[:8]))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		for _, dir := range p.made {
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("%s left behind", dir)
			}
		}
	})
	if p.FreezeErr != nil {
		t.Skipf("no cgroup freezer here: %v", p.FreezeErr)
	}
	return p
}

// versions are this system's hierarchies taken one way at a time: the v1
// ones, and the v2 one alone.
func versions() map[string]Roots {
	sys := SystemRoots()
	return map[string]Roots{
		"v1": {Freezer: sys.Freezer, CPU: sys.CPU},
		"v2": {Unified: sys.Unified},
	}
}

// TestSystemFreeze starts a process in a group, freezes it and thaws it,
// and checks that the process is where the group says and that Remove
// takes it down.
func TestSystemFreeze(t *testing.T) {
	for version, roots := range versions() {
		t.Run(version, func(t *testing.T) {
			p := systemParent(t, roots)
			g, err := p.NewGroup("c1", CPULimit{})
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("sleep", "30")
			if err := g.Start(cmd); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			cg := read(t, fmt.Sprintf("/proc/%d/cgroup", cmd.Process.Pid))
			if want := strings.TrimPrefix(g.freezer.dir, g.freezer.root) + "\n"; !strings.Contains(cg, want) {
				t.Errorf("/proc/<pid>/cgroup says\n%s\nwant the group %s", cg, want)
			}
			if err := g.Freeze(context.Background()); err != nil {
				t.Fatal(err)
			}
			if frozen, err := g.Frozen(); !frozen || err != nil {
				t.Errorf("Frozen() = %v, %v after Freeze", frozen, err)
			}
			if err := g.Thaw(); err != nil {
				t.Fatal(err)
			}
			if frozen, err := g.Frozen(); frozen || err != nil {
				t.Errorf("Frozen() = %v, %v after Thaw", frozen, err)
			}
			// Frozen again: Remove must still get the process down.
			if err := g.Freeze(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := g.Remove(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the frozen process outlived Remove")
			}
		})
	}
}

// TestSystemCPULimit runs a busy loop under a tenth of a core and checks
// that the kernel throttled it.
func TestSystemCPULimit(t *testing.T) {
	p := systemParent(t, SystemRoots())
	if p.CPUErr != nil {
		t.Skipf("no cgroup cpu controller here: %v", p.CPUErr)
	}
	g, err := p.NewGroup("c1", CPULimit{Share: 0.1, Period: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Remove()
	cmd := exec.Command("sh", "-c", "while :; do :; done")
	if err := g.Start(cmd); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	stat := read(t, filepath.Join(g.cpu.dir, "cpu.stat"))
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.Contains(stat, "nr_throttled") || strings.Contains(stat, "nr_throttled 0\n") {
		t.Errorf("cpu.stat after 300 ms of a busy loop at 0.1 core:\n%s\nwant it throttled", stat)
	}
}

// TestSystemRemoveKillsLeftovers leaves a child of the group's process
// running after the process exits: Remove kills it, and the group goes.
func TestSystemRemoveKillsLeftovers(t *testing.T) {
	p := systemParent(t, SystemRoots())
	g, err := p.NewGroup("c1", CPULimit{})
	if err != nil {
		t.Fatal(err)
	}
	// The pause lets Start move the shell before it forks.
	cmd := exec.Command("sh", "-c", "sleep 0.1; sleep 30 & echo $!")
	// A file, not a pipe: Wait must not wait for the sleep to close it.
	out := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd.Stdout = f
	if err := g.Start(cmd); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	left := strings.TrimSpace(read(t, out))
	if _, err := os.Stat("/proc/" + left); err != nil {
		t.Fatalf("the left-behind sleep %q is not running: %v", left, err)
	}
	if err := g.Remove(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := os.ReadFile("/proc/" + left + "/stat")
		if err != nil || strings.Contains(string(b), ") Z ") {
			break // gone, or a zombie its new parent will reap
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %s outlived Remove", left)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
