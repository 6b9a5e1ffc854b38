package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/cgroup"
)

// startTimeout bounds a Node container's start: a process that has not
// asked for its first invocation by then is killed and the start fails.
const startTimeout = 30 * time.Second

// nodeFunction is a container running the function's own Node.js handler
// in a process of its own. Its cold start is the process's start and the
// module's load, up to its first /invocation/next. It is frozen with the
// cgroup freezer where the function has cgroups that can freeze, else with
// SIGSTOP, and thawed likewise; reclaiming it kills the process, so the
// kernel closes every socket it held, and removes its group.
type nodeFunction struct {
	id     int
	api    *runtimeAPI
	cmd    *exec.Cmd
	stderr *tail
	exited chan struct{}
	err    error // the process's exit, once exited is closed

	// group is the process's cgroup, nil without; freezes says whether it
	// freezes the process. freezing is closed when the wait for the kernel
	// to freeze it ends, which cancelFreeze cuts short; nil when none runs.
	// stopped is set while the process is stopped with SIGSTOP, for the
	// thaw to match it.
	group        *cgroup.Group
	freezes      bool
	freezing     chan struct{}
	cancelFreeze context.CancelFunc
	stopped      bool
}

// nodeEvent is the event an invocation hands to the handler.
type nodeEvent struct {
	Seq       int64 `json:"seq"`
	Container int   `json:"container"`
}

// nodeResult is what coldwire reads from a handler's result; any other
// field is the handler's own.
type nodeResult struct {
	// RedisMs is the handler's own timing of its Redis call(s).
	RedisMs *float64 `json:"redis_ms"`
	// Reused is Node's request.reusedSocket, when the handler reports it:
	// the reused column of an invocation whose requests the bootstrap did
	// not see.
	Reused bool `json:"reused"`
}

func (p *Platform) loadNodeFunction(fn *Function, id int) (instance, error) {
	if err := canFreeze(); err != nil {
		return nil, err
	}
	bin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("lifecycle: runtime node: %w", err)
	}
	api, err := newRuntimeAPI()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--input-type=module", "-e", bootstrap)
	cmd.Env = append(os.Environ(),
		"AWS_LAMBDA_RUNTIME_API="+api.addr(),
		"_HANDLER="+fn.Handler,
		"COLDWIRE_CONTAINER="+strconv.Itoa(id),
		"COLDWIRE_AGENT_KEEP_ALIVE="+strconv.FormatBool(fn.Agent.KeepAlive),
		"COLDWIRE_AGENT_PLACEMENT="+string(fn.placement()),
	)
	cmd.Env = append(cmd.Env, fn.Env...)
	n := &nodeFunction{id: id, api: api, cmd: cmd, stderr: &tail{max: 4 << 10}, exited: make(chan struct{})}
	cmd.Stderr = n.stderr
	// The pipe's reader must not keep Wait waiting on a descendant the
	// handler left holding stderr.
	cmd.WaitDelay = time.Second
	detach(cmd)
	if n.group, n.freezes, err = nodeGroup(fn, id); err != nil {
		api.close()
		return nil, fmt.Errorf("lifecycle: runtime node: %w", err)
	}
	if err := n.start(); err != nil {
		api.close()
		n.removeGroup()
		return nil, fmt.Errorf("lifecycle: runtime node: %w", err)
	}
	go func() {
		n.err = cmd.Wait()
		close(n.exited)
	}()
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case <-api.ready:
		return n, nil
	case e := <-api.initErr:
		n.close()
		return nil, fmt.Errorf("lifecycle: node handler %s: %w", fn.Handler, &e)
	case <-n.exited:
		n.close()
		return nil, fmt.Errorf("lifecycle: node exited before its first invocation: %v: %s", n.err, n.stderr)
	case <-timer.C:
		n.close()
		return nil, fmt.Errorf("lifecycle: node did not ask for an invocation within %v: %s", startTimeout, n.stderr)
	}
}

// errExited fails an invocation whose process died under it.
var errExited = errors.New("lifecycle: the node process exited")

func (n *nodeFunction) handle(ctx context.Context, inv *Invocation) error {
	id := strconv.Itoa(n.id) + "-" + strconv.FormatInt(inv.Seq, 10)
	body, err := json.Marshal(nodeEvent{Seq: inv.Seq, Container: n.id})
	if err != nil {
		return err
	}
	select {
	case n.api.events <- apiEvent{id: id, body: body}:
	case <-n.exited:
		return fmt.Errorf("%w: %v: %s", errExited, n.err, n.stderr)
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		select {
		case res := <-n.api.results:
			if res.id != id {
				continue
			}
			res.calls.fold(inv)
			if res.err != nil {
				inv.ErrorKind = nodeErrorKind(res.err.Code)
				return res.err
			}
			var r nodeResult
			if err := json.Unmarshal(res.body, &r); err == nil && r.RedisMs != nil {
				inv.RedisMs = *r.RedisMs
				if len(inv.Calls) == 0 {
					inv.Reused = r.Reused
				}
			}
			return nil
		case <-n.exited:
			return fmt.Errorf("%w: %v: %s", errExited, n.err, n.stderr)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// freeze freezes the process with its group's freezer where it has one
// (see freezeGroup), else stops it with SIGSTOP. A process that already
// exited cannot be signalled; the next invocation finds it exited.
func (n *nodeFunction) freeze() {
	if n.freezes {
		n.freezeGroup()
		return
	}
	stopProcess(n.cmd.Process)
	n.stopped = true
}

func (n *nodeFunction) thaw() {
	n.awaitFreeze()
	if n.stopped {
		continueProcess(n.cmd.Process)
		n.stopped = false
		return
	}
	if n.freezes {
		n.group.Thaw()
	}
}

// close kills the process, frozen or not, waits for it, and removes its
// group, so that no process or group outlives its container and its
// sockets are closed by the kernel. A task frozen by the cgroup freezer
// acts on SIGKILL only once thawed.
func (n *nodeFunction) close() {
	n.awaitFreeze()
	n.cmd.Process.Kill()
	if n.freezes {
		n.group.Thaw()
	}
	<-n.exited
	n.api.close()
	n.removeGroup()
}

// nodeErrorKind names a Node error code as the agent's kinds do.
func nodeErrorKind(code string) agent.ErrorKind {
	switch {
	// undici's "other side closed": the peer ended the connection under
	// the request, as "socket hang up" for node:http.
	case code == "ECONNRESET" || code == "EPIPE" || code == "UND_ERR_SOCKET":
		return agent.KindReset
	case code == "ETIMEDOUT" || strings.HasSuffix(code, "_TIMEOUT"):
		return agent.KindTimeout
	case code == "ECONNREFUSED":
		return agent.KindRefused
	case strings.HasPrefix(code, "ERR_TLS") || strings.HasPrefix(code, "ERR_SSL") ||
		strings.Contains(code, "CERT") || strings.HasPrefix(code, "UNABLE_TO"):
		return agent.KindTLS
	}
	return agent.KindOther
}

// tail keeps the last max bytes written to it: a process's stderr, for the
// message of its failure, in bounded memory however much it writes.
type tail struct {
	max int
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

// dead reports whether the process has exited.
func (n *nodeFunction) dead() bool {
	select {
	case <-n.exited:
		return true
	default:
		return false
	}
}
