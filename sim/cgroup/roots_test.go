package cgroup

import (
	"strings"
	"testing"
)

func TestParseMounts(t *testing.T) {
	tests := []struct {
		name, mounts string
		want         Roots
	}{
		{
			name: "hybrid, cpu on its own",
			mounts: `tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
cgroup /sys/fs/cgroup/cpuset cgroup rw,relatime,cpuset 0 0
cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0`,
			want: Roots{Freezer: "/sys/fs/cgroup/freezer", CPU: "/sys/fs/cgroup/cpu", Unified: "/sys/fs/cgroup/unified"},
		},
		{
			name: "v1, cpu mounted with cpuacct",
			mounts: `cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0
cgroup /sys/fs/cgroup/freezer cgroup rw,nosuid,nodev,noexec,relatime,freezer 0 0`,
			want: Roots{Freezer: "/sys/fs/cgroup/freezer", CPU: "/sys/fs/cgroup/cpu,cpuacct"},
		},
		{
			name:   "v2 only",
			mounts: `cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0`,
			want:   Roots{Unified: "/sys/fs/cgroup"},
		},
		{
			name:   "a mount point with a space, escaped by the kernel",
			mounts: `cgroup /mnt/my\040cgroups cgroup rw,freezer 0 0`,
			want:   Roots{Freezer: "/mnt/my cgroups"},
		},
		{
			name: "the first mount of a hierarchy wins",
			mounts: `cgroup2 /sys/fs/cgroup cgroup2 rw 0 0
cgroup2 /run/other cgroup2 rw 0 0`,
			want: Roots{Unified: "/sys/fs/cgroup"},
		},
		{name: "none", mounts: "proc /proc proc rw 0 0\nshort line\n", want: Roots{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMounts(strings.NewReader(tt.mounts))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
