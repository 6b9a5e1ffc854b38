package cgroup

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A fake hierarchy is a temporary directory: the files New and the Groups
// write there only record what was written, where a kernel would act.

func fakeV1(t *testing.T) Roots {
	t.Helper()
	dir := t.TempDir()
	r := Roots{Freezer: filepath.Join(dir, "freezer"), CPU: filepath.Join(dir, "cpu")}
	for _, d := range []string{r.Freezer, r.CPU} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func fakeV2(t *testing.T, controllers string) Roots {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cgroup.controllers"), []byte(controllers+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return Roots{Unified: dir}
}

func requireLinux(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("control groups are a Linux feature")
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNewChoosesHierarchies checks which hierarchy freezes and which
// limits CPU, and that New says why when none can.
func TestNewChoosesHierarchies(t *testing.T) {
	requireLinux(t)
	aFile := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(aFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		roots             func(t *testing.T) Roots
		freezing, limits  string // prefixes of Freezing and CPULimiting
		freezeErr, cpuErr string // substrings of FreezeErr and CPUErr
	}{
		{
			name: "v1 freezer and cpu", roots: fakeV1,
			freezing: "cgroup v1 freezer at ", limits: "cgroup v1 cpu.cfs_quota_us at ",
		},
		{
			name:     "v2 with the cpu controller",
			roots:    func(t *testing.T) Roots { return fakeV2(t, "cpuset cpu io memory pids") },
			freezing: "cgroup v2 cgroup.freeze at ", limits: "cgroup v2 cpu.max at ",
		},
		{
			name:     "v2 of a hybrid system, its controllers bound to v1",
			roots:    func(t *testing.T) Roots { return fakeV2(t, "hugetlb") },
			freezing: "cgroup v2 cgroup.freeze at ", cpuErr: "has no cpu controller",
		},
		{
			name: "v1 freezer, cpu from v2",
			roots: func(t *testing.T) Roots {
				r := fakeV2(t, "cpu")
				r.Freezer = fakeV1(t).Freezer
				return r
			},
			freezing: "cgroup v1 freezer at ", limits: "cgroup v2 cpu.max at ",
		},
		{
			name: "roots that do not exist",
			roots: func(*testing.T) Roots {
				return Roots{Freezer: "/nonexistent/freezer", CPU: "/nonexistent/cpu", Unified: "/nonexistent/unified"}
			},
			freezeErr: "/nonexistent/freezer does not exist", cpuErr: "/nonexistent/cpu does not exist",
		},
		{
			name:      "a root that is a file",
			roots:     func(*testing.T) Roots { return Roots{Freezer: aFile} },
			freezeErr: "cannot create a group in " + aFile, cpuErr: "no cgroup v1 cpu hierarchy is mounted",
		},
		{
			name:      "nothing mounted",
			roots:     func(*testing.T) Roots { return Roots{} },
			freezeErr: "no cgroup v2 hierarchy is mounted", cpuErr: "no cgroup v2 hierarchy is mounted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.roots(t), "run")
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			check := func(what, got, prefix string, gotErr error, wantErr string) {
				t.Helper()
				if prefix != "" && (!strings.HasPrefix(got, prefix) || gotErr != nil) {
					t.Errorf("%s %q (error %v), want %q...", what, got, gotErr, prefix)
				}
				if wantErr != "" && (got != "" || gotErr == nil || !strings.Contains(gotErr.Error(), wantErr)) {
					t.Errorf("%s %q, error %v; want none, because %q", what, got, gotErr, wantErr)
				}
			}
			check("freezing", p.Freezing(), tt.freezing, p.FreezeErr, tt.freezeErr)
			check("CPU limit", p.CPULimiting(), tt.limits, p.CPUErr, tt.cpuErr)
		})
	}
}

// TestNewKeepsOnlyWhatItUses checks that a group New made in a hierarchy
// it then could not use is gone, and that the v2 parent hands the cpu
// controller down to its children.
func TestNewKeepsOnlyWhatItUses(t *testing.T) {
	requireLinux(t)
	r := fakeV2(t, "cpu")
	r.Freezer, r.CPU = fakeV1(t).Freezer, "/nonexistent"
	p, err := New(r, "run")
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(r.Unified, "run", "cgroup.subtree_control")); got != "+cpu" {
		t.Errorf("cgroup.subtree_control = %q, want +cpu", got)
	}
	// The fake's files, which the kernel would drop with the directory.
	os.Remove(filepath.Join(r.Unified, "run", "cgroup.subtree_control"))
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(r.Freezer, "run"), filepath.Join(r.Unified, "run")} {
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s still there after Close: %v", dir, err)
		}
	}
}

// TestGroupCPULimit checks what a limit writes: a quota per period, in
// microseconds.
func TestGroupCPULimit(t *testing.T) {
	requireLinux(t)
	tests := []struct {
		name  string
		roots func(t *testing.T) Roots
		limit CPULimit
		want  map[string]string
	}{
		{
			name: "v1, a quarter of a core", roots: fakeV1,
			limit: CPULimit{Share: 0.25, Period: 100 * time.Millisecond},
			want:  map[string]string{"cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": "25000"},
		},
		{
			name:  "v2, 58% over 20 ms",
			roots: func(t *testing.T) Roots { return fakeV2(t, "cpu") },
			limit: CPULimit{Share: 0.58, Period: 20 * time.Millisecond},
			want:  map[string]string{"cpu.max": "11600 20000"},
		},
		{
			name: "no share, no limit", roots: fakeV1,
			want: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.roots(t), "run")
			if err != nil {
				t.Fatal(err)
			}
			g, err := p.NewGroup("c1", tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(g.cpu.dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(tt.want) {
				t.Errorf("%d files written, want %d: %v", len(entries), len(tt.want), entries)
			}
			for file, want := range tt.want {
				if got := read(t, filepath.Join(g.cpu.dir, file)); got != want {
					t.Errorf("%s = %q, want %q", file, got, want)
				}
			}
		})
	}
}

func TestCPULimitValidate(t *testing.T) {
	tests := []struct {
		limit   CPULimit
		wantErr string
	}{
		{CPULimit{Share: 1, Period: DefaultPeriod}, ""},
		{CPULimit{Share: 0.01, Period: 100 * time.Millisecond}, ""},
		{CPULimit{Share: 0.5, Period: MinPeriod * 2}, ""},
		{CPULimit{Share: 0, Period: DefaultPeriod}, "not in (0, 1]"},
		{CPULimit{Share: 1.5, Period: DefaultPeriod}, "not in (0, 1]"},
		{CPULimit{Share: 0.5, Period: 999 * time.Microsecond}, "not between 1ms and 1s"},
		{CPULimit{Share: 0.5, Period: 2 * time.Second}, "not between 1ms and 1s"},
		{CPULimit{Share: 0.25, Period: 2 * time.Millisecond}, "quota 500µs (share 0.25 of 2ms) is below the kernel's minimum of 1ms"},
	}
	for _, tt := range tests {
		err := tt.limit.Validate()
		if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%+v: error %v, want %q", tt.limit, err, tt.wantErr)
		}
	}
}

// TestGroupFreezeFake checks what Freeze and Thaw write, and that Freeze
// waits for the kernel's word: v1's freezer.state reads FROZEN at once in
// the fake, v2's cgroup.events must say frozen 1.
func TestGroupFreezeFake(t *testing.T) {
	requireLinux(t)
	t.Run("v1", func(t *testing.T) {
		p, err := New(fakeV1(t), "run")
		if err != nil {
			t.Fatal(err)
		}
		g, err := p.NewGroup("c1", CPULimit{})
		if err != nil {
			t.Fatal(err)
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
		if got := read(t, filepath.Join(g.freezer.dir, "freezer.state")); got != "THAWED" {
			t.Errorf("freezer.state = %q after Thaw", got)
		}
	})
	t.Run("v2", func(t *testing.T) {
		p, err := New(fakeV2(t, ""), "run")
		if err != nil {
			t.Fatal(err)
		}
		g, err := p.NewGroup("c1", CPULimit{})
		if err != nil {
			t.Fatal(err)
		}
		events := filepath.Join(g.freezer.dir, "cgroup.events")
		if err := os.WriteFile(events, []byte("populated 1\nfrozen 0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := g.Freeze(ctx); err == nil || !strings.Contains(err.Error(), "not frozen yet") {
			t.Errorf("Freeze with cgroup.events saying frozen 0: %v, want it to give up when ctx ends", err)
		}
		if got := read(t, filepath.Join(g.freezer.dir, "cgroup.freeze")); got != "1" {
			t.Errorf("cgroup.freeze = %q, want 1", got)
		}
		if err := os.WriteFile(events, []byte("populated 1\nfrozen 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := g.Freeze(context.Background()); err != nil {
			t.Errorf("Freeze with cgroup.events saying frozen 1: %v", err)
		}
		if err := g.Thaw(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(g.freezer.dir, "cgroup.freeze")); got != "0" {
			t.Errorf("cgroup.freeze = %q after Thaw, want 0", got)
		}
	})
}

// TestNames: a group's name is one directory right under its parent's.
func TestNames(t *testing.T) {
	requireLinux(t)
	p, err := New(fakeV1(t), "run")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", ".", "..", "a/b", "../escape", "nul\x00"} {
		if _, err := New(fakeV1(t), name); err == nil || !strings.Contains(err.Error(), "is not a group name") {
			t.Errorf("New(%q): %v, want it refused", name, err)
		}
		if _, err := p.NewGroup(name, CPULimit{}); err == nil || !strings.Contains(err.Error(), "is not a group name") {
			t.Errorf("NewGroup(%q): %v, want it refused", name, err)
		}
	}
}
