package cgroup

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Roots are the mount points of the hierarchies a Parent may use. An empty
// field is a hierarchy this system does not have.
type Roots struct {
	// Freezer is a cgroup v1 hierarchy with the freezer controller.
	Freezer string
	// CPU is a cgroup v1 hierarchy with the cpu controller.
	CPU string
	// Unified is the cgroup v2 hierarchy: /sys/fs/cgroup on a system with
	// v2 only, often /sys/fs/cgroup/unified on a hybrid one.
	Unified string
}

// ParseMounts finds the hierarchies in a mount table in the format of
// /proc/self/mounts; the first mount of each wins.
func ParseMounts(r io.Reader) (Roots, error) {
	var roots Roots
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		dir, fstype, opts := unescape(f[1]), f[2], strings.Split(f[3], ",")
		switch {
		case fstype == "cgroup2" && roots.Unified == "":
			roots.Unified = dir
		case fstype != "cgroup":
		case slices.Contains(opts, "freezer") && roots.Freezer == "":
			roots.Freezer = dir
		case slices.Contains(opts, "cpu") && roots.CPU == "":
			roots.CPU = dir
		}
	}
	if err := sc.Err(); err != nil {
		return Roots{}, fmt.Errorf("cgroup: mount table: %w", err)
	}
	return roots, nil
}

// unescape undoes the octal escapes the kernel writes for spaces, tabs,
// newlines and backslashes in a mount point.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if c, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(c))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// SystemRoots are the hierarchies mounted on this system, from
// /proc/self/mounts; none where it cannot be read.
func SystemRoots() Roots {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return Roots{}
	}
	defer f.Close()
	roots, _ := ParseMounts(f)
	return roots
}
