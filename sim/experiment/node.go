package experiment

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// nodeRuntime prepares what a scenario with runtime node gives its
// processes: the database's real TCP address on loopback, where the
// listener carries outside clients' bytes across the link, its token, and
// the CA to trust, written into a new directory only this user can enter.
// It changes fn in place; remove deletes the CA.
func nodeRuntime(s scenario.Scenario, fn *lifecycle.Function, db net.Addr, token string, auth *simtls.Authority) (remove func(), err error) {
	handler, err := filepath.Abs(s.Function.HandlerPath)
	if err != nil {
		return nil, fmt.Errorf("handler: %w", err)
	}
	dir, err := os.MkdirTemp("", "coldwire-node-")
	if err != nil {
		return nil, fmt.Errorf("node runtime: %w", err)
	}
	remove = func() { os.RemoveAll(dir) }
	ca := filepath.Join(dir, "ca.pem")
	if err := writePrivate(ca, auth.CAPEM()); err != nil {
		remove()
		return nil, fmt.Errorf("node runtime: CA: %w", err)
	}
	fn.Runtime, fn.Handler = lifecycle.RuntimeNode, handler
	fn.Env = []string{
		"UPSTASH_REDIS_REST_URL=https://" + db.String(),
		"UPSTASH_REDIS_REST_TOKEN=" + token,
		"NODE_EXTRA_CA_CERTS=" + ca,
	}
	return remove, nil
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
