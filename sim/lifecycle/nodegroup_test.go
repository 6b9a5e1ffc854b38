package lifecycle

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/cgroup"
)

// TestNodeFreezeFallsBack gives a node container a group in a fake v1
// hierarchy whose freezer cannot be written: the process is moved into the
// group as it starts, and a freeze the group cannot do stops the process
// with SIGSTOP instead, which the thaw undoes.
func TestNodeFreezeFallsBack(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("control groups are a Linux feature")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not on PATH: runtime node needs it")
	}
	tmp := t.TempDir()
	roots := cgroup.Roots{Freezer: filepath.Join(tmp, "freezer"), CPU: filepath.Join(tmp, "cpu")}
	for _, d := range []string{roots.Freezer, roots.CPU} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	parent, err := cgroup.New(roots, "run")
	if err != nil {
		t.Fatal(err)
	}
	handler := filepath.Join(tmp, "handler.mjs")
	if err := os.WriteFile(handler, []byte("export default async () => ({});\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fn := Function{Name: "f", Runtime: RuntimeNode, Handler: handler, CPUShare: 0.5, Cgroups: parent}
	inst, err := (&Platform{}).loadNodeFunction(&fn, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := inst.(*nodeFunction)
	defer n.close()
	pid := strconv.Itoa(n.cmd.Process.Pid)
	group := filepath.Join(roots.Freezer, "run", "container-1")
	if got, _ := os.ReadFile(filepath.Join(group, "cgroup.procs")); string(got) != pid {
		t.Errorf("the freezer group's cgroup.procs = %q, want the process %s", got, pid)
	}
	if got, _ := os.ReadFile(filepath.Join(roots.CPU, "run", "container-1", "cpu.cfs_quota_us")); string(got) != "50000" {
		t.Errorf("cpu.cfs_quota_us = %q, want 50000 (half of the default 100 ms)", got)
	}
	// A directory where the kernel's file would be: the write fails.
	if err := os.Mkdir(filepath.Join(group, "freezer.state"), 0o755); err != nil {
		t.Fatal(err)
	}
	n.freeze()
	if state := waitState(t, pid, "T"); state != "T" {
		t.Errorf("process in state %s after a freeze the group could not do, want T (SIGSTOP)", state)
	}
	n.thaw()
	if state := waitState(t, pid, "S"); state == "T" {
		t.Errorf("process still stopped after the thaw")
	}
}

// waitState waits up to a second for the process to reach state want, as
// /proc shows it, and returns its last state.
func waitState(t *testing.T, pid, want string) string {
	t.Helper()
	var state string
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		b, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if state = strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]; state == want {
			break
		}
	}
	return state
}
