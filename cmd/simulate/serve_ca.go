package main

import (
	"fmt"
	"os"
	"path/filepath"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

// writeCA writes the CA certificate clients must trust to path or, when
// path is empty, to ca.pem in a new directory only this user can enter,
// created with O_EXCL and mode 0600: a fixed name in the shared temp
// directory could be a symlink planted by another user, a new directory of
// our own cannot. remove deletes what writeCA created.
func writeCA(a *simtls.Authority, path string) (written string, remove func(), err error) {
	if path != "" {
		return path, func() {}, a.WriteCA(path)
	}
	dir, err := os.MkdirTemp("", "coldwire-serve-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	written = filepath.Join(dir, "ca.pem")
	f, err := os.OpenFile(written, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_, err = f.Write(a.CAPEM())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("write CA: %w", err)
	}
	return written, remove, nil
}
