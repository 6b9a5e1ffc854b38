package lifecycle

import (
	_ "embed"
	"encoding/base64"
	"strings"
)

// The runtime's side of the Runtime API: bootstrap.mjs loads the handler
// and loops on /invocation/next; calls.mjs, which it imports, records the
// handler's HTTP requests.
var (
	//go:embed node/bootstrap.mjs
	bootstrapSource string
	//go:embed node/calls.mjs
	callsSource string
)

// bootstrap is the program a container's process runs with node -e. The
// import of calls.mjs becomes a data: URL, so that no file of the runtime
// needs to exist where the process runs, while both files stay modules
// node can run from the repository.
var bootstrap = strings.Replace(bootstrapSource, `from './calls.mjs'`,
	`from 'data:text/javascript;base64,`+base64.StdEncoding.EncodeToString([]byte(callsSource))+`'`, 1)
