package experiment

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/coldwire/coldwire/sim/cgroup"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// nodeSetup is what a scenario with runtime node prepared for its
// processes, for the run to undo once its platform is closed.
type nodeSetup struct {
	dir     string          // holds the CA
	cgroups *cgroup.Parent  // the run's control groups
	sandbox *report.Sandbox // what they could apply, for the outputs
	once    sync.Once
	err     error
}

// nodeRuntime prepares what a scenario with runtime node gives its
// processes: the database's real TCP address on loopback, where the
// listener carries outside clients' bytes across the link, its token, the
// CA to trust, written into a new directory only this user can enter, and
// the run's control groups, which freeze the processes and hold them to
// platform.cpu as far as the run has the rights. It changes fn in place.
func nodeRuntime(s scenario.Scenario, fn *lifecycle.Function, db net.Addr, token string, cfg config) (*nodeSetup, error) {
	handler, err := filepath.Abs(s.Function.HandlerPath)
	if err != nil {
		return nil, fmt.Errorf("handler: %w", err)
	}
	dir, err := os.MkdirTemp("", "coldwire-node-")
	if err != nil {
		return nil, fmt.Errorf("node runtime: %w", err)
	}
	n := &nodeSetup{dir: dir}
	ca := filepath.Join(dir, "ca.pem")
	if err := writePrivate(ca, cfg.auth.CAPEM()); err != nil {
		n.close()
		return nil, fmt.Errorf("node runtime: CA: %w", err)
	}
	roots := cgroup.SystemRoots()
	if cfg.cgroups != nil {
		roots = *cfg.cgroups
	}
	// One group per run, named so that no two runs, in one process or
	// many, share one.
	if n.cgroups, err = cgroup.New(roots, fmt.Sprintf("coldwire-%d-%s", os.Getpid(), rand.Text()[:10])); err != nil {
		n.close()
		return nil, fmt.Errorf("node runtime: %w", err)
	}
	n.sandbox = sandbox(n.cgroups, s.Platform)
	fn.Runtime, fn.Handler, fn.Cgroups = lifecycle.RuntimeNode, handler, n.cgroups
	fn.Env = []string{
		"UPSTASH_REDIS_REST_URL=https://" + db.String(),
		"UPSTASH_REDIS_REST_TOKEN=" + token,
		"NODE_EXTRA_CA_CERTS=" + ca,
	}
	return n, nil
}

// sandbox says what the run's groups apply to its processes, and why not
// where they cannot.
func sandbox(p *cgroup.Parent, pl scenario.Platform) *report.Sandbox {
	oneLine := func(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }
	sb := &report.Sandbox{Freeze: p.Freezing(), CPU: "unlimited"}
	if sb.Freeze == "" {
		sb.Freeze, sb.FreezeNotCgroup = "SIGSTOP/SIGCONT", oneLine(p.FreezeErr)
	}
	if how := p.CPULimiting(); how != "" {
		l := cgroup.CPULimit{Share: pl.CPU, Period: pl.CPUPeriod}
		sb.CPU = fmt.Sprintf("%g core (%v per %v) by %s", l.Share, l.Quota(), l.Period, how)
	} else {
		sb.CPUNotLimited = oneLine(p.CPUErr)
	}
	return sb
}

// close removes the CA and the run's groups, once; the platform must be
// closed, so that no container's group is left.
func (n *nodeSetup) close() error {
	n.once.Do(func() {
		if n.cgroups != nil {
			n.err = n.cgroups.Close()
		}
		n.err = errors.Join(n.err, os.RemoveAll(n.dir))
	})
	return n.err
}

// writePrivate creates path, which must not exist, readable by this user
// only.
func writePrivate(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
