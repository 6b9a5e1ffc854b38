package cgroup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Parent is one run's own group in the hierarchies it uses; the Groups of
// the run's processes are its children. A Parent that can neither freeze
// nor limit CPU is still valid: its Groups then do nothing.
type Parent struct {
	freezer *hierarchy // nil when no hierarchy can freeze
	cpu     *hierarchy // nil when no hierarchy can limit CPU
	// FreezeErr says why no hierarchy can freeze, CPUErr why none can
	// limit CPU; nil when one can.
	FreezeErr, CPUErr error
	made              []string // the directories New created, for Close
}

// hierarchy is where a Parent or a Group is in one mounted hierarchy.
type hierarchy struct {
	root string // the mount point
	dir  string // the group's directory
	v2   bool
}

// New creates the group name under the roots that can freeze and limit
// CPU, the v1 freezer and cpu hierarchies first, the unified one for what
// they cannot do. It fails only on a name that is not one directory's, or
// when it cannot undo what it created; what it could not use is in
// FreezeErr and CPUErr. Close removes the groups.
func New(roots Roots, name string) (*Parent, error) {
	p := &Parent{}
	if err := supported(); err != nil {
		p.FreezeErr, p.CPUErr = err, err
		return p, nil
	}
	if err := checkName(name); err != nil {
		return nil, err
	}
	var freezeErrs, cpuErrs []error
	if roots.Freezer == "" {
		freezeErrs = append(freezeErrs, errors.New("no cgroup v1 freezer hierarchy is mounted"))
	} else if dir, err := p.mkdir(roots.Freezer, name); err != nil {
		freezeErrs = append(freezeErrs, err)
	} else {
		p.freezer = &hierarchy{root: roots.Freezer, dir: dir}
	}
	if roots.CPU == "" {
		cpuErrs = append(cpuErrs, errors.New("no cgroup v1 cpu hierarchy is mounted"))
	} else if dir, err := p.mkdir(roots.CPU, name); err != nil {
		cpuErrs = append(cpuErrs, err)
	} else {
		p.cpu = &hierarchy{root: roots.CPU, dir: dir}
	}
	if p.freezer == nil || p.cpu == nil {
		f, c := p.unified(roots.Unified, name)
		freezeErrs, cpuErrs = append(freezeErrs, f), append(cpuErrs, c)
	}
	if p.freezer == nil {
		p.FreezeErr = errors.Join(freezeErrs...)
	}
	if p.cpu == nil {
		p.CPUErr = errors.Join(cpuErrs...)
	}
	// A group made in a hierarchy that turned out of no use goes now.
	var unused []string
	p.made = slices.DeleteFunc(p.made, func(dir string) bool {
		used := p.freezer != nil && p.freezer.dir == dir || p.cpu != nil && p.cpu.dir == dir
		if !used {
			unused = append(unused, dir)
		}
		return !used
	})
	if err := removeAll(unused); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// unified takes, in the v2 hierarchy at root, what the v1 ones could not
// do, and says why it cannot do the rest: freezing needs cgroup.freeze
// (Linux 5.2), a CPU limit the cpu controller, which a hybrid system binds
// to v1.
func (p *Parent) unified(root, name string) (freezeErr, cpuErr error) {
	if root == "" {
		err := errors.New("no cgroup v2 hierarchy is mounted")
		return err, err
	}
	if err := exists(root); err != nil {
		return err, err
	}
	controllers, err := os.ReadFile(filepath.Join(root, "cgroup.controllers"))
	if err != nil {
		err = fmt.Errorf("%s is not a cgroup v2 hierarchy: %w", root, err)
		return err, err
	}
	dir, err := p.mkdir(root, name)
	if err != nil {
		return err, err
	}
	h := &hierarchy{root: root, dir: dir, v2: true}
	if p.freezer == nil {
		p.freezer = h
	}
	if p.cpu != nil {
		return nil, nil
	}
	if !slices.Contains(strings.Fields(string(controllers)), "cpu") {
		return nil, fmt.Errorf("the cgroup v2 hierarchy at %s has no cpu controller", root)
	}
	// The Groups, children of dir, get cpu.max once dir hands them the
	// controller.
	if err := write(dir, "cgroup.subtree_control", "+cpu"); err != nil {
		return nil, err
	}
	p.cpu = h
	return nil, nil
}

// mkdir creates the group name under root, once per root, as hierarchies
// may share a mount.
func (p *Parent) mkdir(root, name string) (string, error) {
	dir := filepath.Join(root, name)
	if slices.Contains(p.made, dir) {
		return dir, nil
	}
	if err := exists(root); err != nil {
		return "", err
	}
	err := os.Mkdir(dir, 0o755)
	switch {
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return "", fmt.Errorf("no write access to %s", root)
	case err != nil:
		return "", fmt.Errorf("cannot create a group in %s: %w", root, err)
	}
	p.made = append(p.made, dir)
	return dir, nil
}

// checkName refuses a name that would not make one directory right under
// its parent's.
func checkName(name string) error {
	if name == "" || strings.ContainsAny(name, "/\x00") || name == "." || name == ".." {
		return fmt.Errorf("cgroup: %q is not a group name", name)
	}
	return nil
}

func exists(root string) error {
	_, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s does not exist", root)
	case err != nil:
		return fmt.Errorf("cannot use %s: %w", root, err)
	}
	return nil
}

// Freezing says how the Parent's Groups freeze, "" when they cannot.
func (p *Parent) Freezing() string {
	switch {
	case p.freezer == nil:
		return ""
	case p.freezer.v2:
		return "cgroup v2 cgroup.freeze at " + p.freezer.root
	}
	return "cgroup v1 freezer at " + p.freezer.root
}

// CPULimiting says how the Parent's Groups limit CPU, "" when they cannot.
func (p *Parent) CPULimiting() string {
	switch {
	case p.cpu == nil:
		return ""
	case p.cpu.v2:
		return "cgroup v2 cpu.max at " + p.cpu.root
	}
	return "cgroup v1 cpu.cfs_quota_us at " + p.cpu.root
}

// Close removes the Parent's groups. Its Groups must have been removed.
func (p *Parent) Close() error {
	err := removeAll(p.made)
	p.made = nil
	return err
}
