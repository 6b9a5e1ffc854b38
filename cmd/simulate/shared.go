package main

import (
	"os"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// shared makes what every run of a command shares: the output directory,
// one certificate authority (so the CA is made once, not per run) and one
// link scheduler (so runs do not each start a spinning thread). close
// stops the scheduler.
func shared(dir string) (opts []experiment.Option, close func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	auth, err := simtls.NewAuthority(experiment.DatabaseHost)
	if err != nil {
		return nil, nil, err
	}
	sched := netem.NewScheduler()
	return []experiment.Option{experiment.WithAuthority(auth), experiment.WithScheduler(sched)}, sched.Close, nil
}
