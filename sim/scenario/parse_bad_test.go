package scenario_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/scenario"
)

// rejects are bad inputs, each with the messages it gets: file, line, field
// path and what is wrong. A file may hold several mistakes; all are
// reported, sorted by line. FuzzParse starts from them.
var rejects = []struct {
	name string
	yaml string
	want []string
}{
	{
		name: "negative duration",
		yaml: `
scenarios:
  - name: a
    network:
      rtt: -5ms
`,
		want: []string{`s.yaml:5: scenarios[0].network.rtt: "-5ms" is negative`},
	},
	{
		name: "runtime node without a handler",
		yaml: `
scenarios:
  - name: a
    function:
      runtime: node
`,
		want: []string{`s.yaml:5: scenarios[0].function.runtime: runtime node needs a handler: the path of a module whose default export is an async function, e.g. handler: node/handler.mjs`},
	},
	{
		name: "unreadable handler",
		yaml: `
scenarios:
  - name: a
    function:
      runtime: node
      handler: testdata/no-such-handler.mjs
`,
		want: []string{`s.yaml:6: scenarios[0].function.handler: cannot read the handler: no such file or directory`},
	},
	{
		name: "concurrency with runtime node",
		yaml: `
scenarios:
  - name: a
    platform:
      concurrency: 4
    function:
      runtime: node
      handler: handler.mjs
`,
		want: []string{`s.yaml:5: scenarios[0].platform.concurrency: runtime node runs one invocation per container at a time; concurrency > 1 needs runtime go`},
	},
	{
		name: "cpu_period out of the kernel's bounds",
		yaml: `
scenarios:
  - name: a
    platform:
      cpu_period: 500us
  - name: b
    platform:
      cpu_period: 2s
  - name: c
    platform:
      cpu_period: 1500500ns
`,
		want: []string{
			`s.yaml:5: scenarios[0].platform.cpu_period: 500us is not between 1ms and 1s, the kernel's bounds on a CPU quota's period`,
			`s.yaml:8: scenarios[1].platform.cpu_period: 2s is not between 1ms and 1s, the kernel's bounds on a CPU quota's period`,
			`s.yaml:11: scenarios[2].platform.cpu_period: 1500500ns is not whole microseconds, the kernel's unit for a CPU quota's period`,
		},
	},
	{
		name: "runtime node's CPU quota below the kernel's minimum",
		yaml: `
defaults:
  platform: {cpu_period: 2ms}
scenarios:
  - name: a
    platform: {cpu: 0.25}
    function:
      runtime: node
      handler: ../../examples/node/article-handler.mjs
`,
		want: []string{`s.yaml:6: scenarios[0].platform.cpu: cpu 0.25 of cpu_period 2ms is a quota of 500µs per period, below the kernel's minimum of 1ms: raise cpu_period to at least 4ms`},
	},
	{
		name: "zero concurrency",
		yaml: `
scenarios:
  - name: a
    platform:
      concurrency: 0
`,
		want: []string{`s.yaml:5: scenarios[0].platform.concurrency: must be at least 1, not 0`},
	},
	{
		name: "handler with runtime go",
		yaml: `
scenarios:
  - name: a
    function:
      handler: handler.mjs
`,
		want: []string{`s.yaml:5: scenarios[0].function.handler: applies to runtime: node only; the go runtime runs the in-process agent`},
	},
	{
		name: "in-process settings beside runtime node",
		yaml: `
scenarios:
  - name: a
    function:
      runtime: node
      handler: parse.go
      client_init: 6ms
      agent: {keep_alive: true, free_socket_timeout: 4s}
`,
		want: []string{
			`s.yaml:7: scenarios[0].function.client_init: has no effect with runtime: node in the same block: the handler is your own code (it receives agent.keep_alive and agent.placement only)`,
			`s.yaml:8: scenarios[0].function.agent.free_socket_timeout: has no effect with runtime: node in the same block: the handler is your own code (it receives agent.keep_alive and agent.placement only)`,
		},
	},
	{
		name: "unknown runtime",
		yaml: `
scenarios:
  - name: a
    function:
      runtime: python
`,
		want: []string{`s.yaml:5: scenarios[0].function.runtime: "python" is not one of go, node`},
	},
	{
		name: "bare number for a duration",
		yaml: `
scenarios:
  - name: a
    network:
      rtt: 20
`,
		want: []string{`s.yaml:5: scenarios[0].network.rtt: 20 has no unit; write it as a duration such as "20ms"`},
	},
	{
		name: "not a duration",
		yaml: `
scenarios:
  - name: a
    upstream:
      idle_timeout: soon
`,
		want: []string{`s.yaml:5: scenarios[0].upstream.idle_timeout: "soon" is not a duration; write e.g. "20ms", "1.5s" (units ns, us, ms, s, m, h)`},
	},
	{
		name: "unknown key with a suggestion",
		yaml: `
scenarios:
  - name: a
    network:
      rttt: 2ms
`,
		want: []string{`s.yaml:5: scenarios[0].network: unknown key "rttt"; did you mean "rtt"?`},
	},
	{
		name: "unknown key without a close match",
		yaml: `
seed: 3
colour: blue
scenarios:
  - name: a
`,
		want: []string{`s.yaml:3: unknown key "colour" (known: seed, time_dilation, sweep, defaults, scenarios)`},
	},
	{
		name: "wrong type",
		yaml: `
scenarios:
  - name: a
    upstream:
      session_tickets: yes
`,
		want: []string{`s.yaml:5: scenarios[0].upstream.session_tickets: "yes" is not a boolean; write true or false`},
	},
	{
		name: "value where a block belongs",
		yaml: `
scenarios:
  - name: a
    network: 2ms
`,
		want: []string{`s.yaml:4: scenarios[0].network: is "2ms", want a block with keys rtt, jitter, spikes, bandwidth, dns, middlebox`},
	},
	{
		name: "count zero",
		yaml: `
scenarios:
  - name: a
    load:
      count: 0
`,
		want: []string{`s.yaml:5: scenarios[0].load.count: must be at least 1, not 0`},
	},
	{
		name: "rate zero",
		yaml: `
scenarios:
  - name: a
    load:
      pattern: constant
      rate: 0
`,
		want: []string{`s.yaml:6: scenarios[0].load.rate: 0 is not a positive rate; write invocations per second, e.g. 50`},
	},
	{
		name: "open loop without a rate",
		yaml: `
defaults:
  load:
    count: 10
scenarios:
  - name: a
  - name: b
    load:
      pattern: constant
`,
		want: []string{`s.yaml:9: scenarios[1].load.pattern: pattern "constant" needs a rate: invocations per second, e.g. rate: 50`},
	},
	{
		name: "negative jitter cap",
		yaml: `
scenarios:
  - name: a
    network:
      jitter:
        distribution: normal
        amount: 100us
        cap: -1ms
`,
		want: []string{`s.yaml:8: scenarios[0].network.jitter.cap: "-1ms" is negative`},
	},
	{
		name: "no containers",
		yaml: `
scenarios:
  - name: a
    platform:
      max_containers: 0
`,
		want: []string{`s.yaml:5: scenarios[0].platform.max_containers: must be at least 1, not 0`},
	},
	{
		name: "probability above one",
		yaml: `
scenarios:
  - name: a
    network:
      spikes:
        probability: 1.5
        size: 5ms
`,
		want: []string{`s.yaml:6: scenarios[0].network.spikes.probability: 1.5 is not a probability between 0 and 1`},
	},
	{
		name: "spikes without a size",
		yaml: `
scenarios:
  - name: a
    network:
      spikes:
        probability: 0.01
`,
		want: []string{`s.yaml:6: scenarios[0].network.spikes.probability: spikes with probability 0.01 need a size, e.g. size: 5ms`},
	},
	{
		name: "keep-alive options beside keep_alive false",
		yaml: `
scenarios:
  - name: a
    function:
      agent:
        keep_alive: false
        free_socket_timeout: 4s
        scheduling: lifo
`,
		want: []string{
			`s.yaml:7: scenarios[0].function.agent.free_socket_timeout: has no effect with keep_alive: false in the same block`,
			`s.yaml:8: scenarios[0].function.agent.scheduling: has no effect with keep_alive: false in the same block`,
		},
	},
	{
		name: "http2 without keep-alive",
		yaml: `
scenarios:
  - name: a
    function:
      client: go
      agent:
        keep_alive: false
`,
		want: []string{
			`s.yaml:7: scenarios[0].function.agent.keep_alive: HTTP/2 keeps its connection for the calls to come: with http2: true (the go client's default) set keep_alive: true, or set http2: false`,
		},
	},
	{
		name: "fifo scheduling",
		yaml: `
scenarios:
  - name: a
    function:
      agent: {keep_alive: true, scheduling: fifo}
`,
		want: []string{
			`s.yaml:5: scenarios[0].function.agent.scheduling: "fifo" is not supported: Go's net/http reuses the most recently idle connection, so the agent schedules free sockets "lifo", Node's default`,
		},
	},
	{
		name: "close_at_end on a global agent",
		yaml: `
scenarios:
  - name: a
    function:
      agent:
        placement: global
        close_at_end: true
`,
		want: []string{`s.yaml:7: scenarios[0].function.agent.close_at_end: applies to placement: handler only; a global agent lives as long as its container`},
	},
	{
		name: "load key the pattern ignores",
		yaml: `
scenarios:
  - name: a
    load:
      pattern: sequential
      rate: 50
`,
		want: []string{`s.yaml:6: scenarios[0].load.rate: is not used by pattern "sequential" (it uses count, duration)`},
	},
	{
		name: "max_in_flight zero or negative",
		yaml: `
scenarios:
  - name: a
    load: {pattern: constant, rate: 50, count: 10, max_in_flight: 0}
  - name: b
    load: {pattern: bursts, max_in_flight: -5}
`,
		want: []string{
			`s.yaml:4: scenarios[0].load.max_in_flight: must be at least 1, not 0; arrivals beyond it are dropped, so it must leave room for one`,
			`s.yaml:6: scenarios[1].load.max_in_flight: must be at least 1, not -5; arrivals beyond it are dropped, so it must leave room for one`,
		},
	},
	{
		name: "max_in_flight with a closed loop",
		yaml: `
scenarios:
  - name: a
    load:
      pattern: concurrent
      max_in_flight: 5
`,
		want: []string{`s.yaml:6: scenarios[0].load.max_in_flight: is not used by pattern "concurrent" (it uses concurrency, count, duration)`},
	},
	{
		name: "load plans the load package refuses",
		yaml: `
scenarios:
  - name: a
    load:
      count: 20000000
  - name: b
    load:
      pattern: poisson
      rate: 0.001
      duration: 1ms
  - name: c
    load: {pattern: constant, rate: 1000000, duration: 1h}
  - name: d
    load:
      pattern: bursts
      burst: {size: 10000, count: 10000}
`,
		want: []string{
			`s.yaml:5: scenarios[0].load.count: plan makes 20000000 invocations, more than 10000000`,
			`s.yaml:10: scenarios[1].load.duration: the poisson schedule has no arrival before the duration ends; raise the rate or the duration, or change the seed`,
			`s.yaml:12: scenarios[2].load.duration: plan makes 3.6e+09 invocations, more than 10000000`,
			`s.yaml:16: scenarios[3].load.burst.count: plan makes 1e+08 invocations, more than 10000000`,
		},
	},
	{
		name: "a load plan refused is reported where the scenario set its load",
		yaml: `
defaults:
  load: {rate: 0.001, duration: 1ms}
scenarios:
  - name: a
    load:
      pattern: poisson
`,
		want: []string{`s.yaml:7: scenarios[0].load.pattern: the poisson schedule has no arrival before the duration ends; raise the rate or the duration, or change the seed`},
	},
	{
		name: "fixed distribution with a spread",
		yaml: `
scenarios:
  - name: a
    upstream:
      server_time:
        distribution: fixed
        mean: 1ms
        spread: 1ms
`,
		want: []string{`s.yaml:6: scenarios[0].upstream.server_time.distribution: a fixed duration has no spread or cap; set distribution to uniform, normal or exponential`},
	},
	{
		name: "unknown distribution",
		yaml: `
scenarios:
  - name: a
    platform:
      init: {distribution: pareto, mean: 100ms}
`,
		want: []string{`s.yaml:5: scenarios[0].platform.init.distribution: "pareto" is not one of fixed, uniform, normal, exponential`},
	},
	{
		name: "jitter none beside an amount",
		yaml: `
defaults:
  network:
    jitter: {distribution: uniform, amount: 100us}
scenarios:
  - name: a
    network:
      jitter: {distribution: none}
  - name: b
    network:
      jitter: none
`,
		want: []string{`s.yaml:8: scenarios[0].network.jitter.distribution: distribution none leaves amount and cap unused; write jitter: none to turn jitter off`},
	},
	{
		name: "unsupported TLS version",
		yaml: `
scenarios:
  - name: a
    upstream:
      tls: 1.4
`,
		want: []string{`s.yaml:5: scenarios[0].upstream.tls: 1.4 is not one of 1.2, 1.3`},
	},
	{
		name: "bandwidth without a unit",
		yaml: `
scenarios:
  - name: a
    network:
      bandwidth: 100
`,
		want: []string{`s.yaml:5: scenarios[0].network.bandwidth: 100 has no unit; write bits per second such as "100Mbit"`},
	},
	{
		name: "empty command list and empty command",
		yaml: `
scenarios:
  - name: a
    function:
      commands: []
  - name: b
    function:
      commands: [[GET, k], []]
`,
		want: []string{
			`s.yaml:5: scenarios[0].function.commands: is empty; leave it out for the default SET, or list commands such as [[GET, key]]`,
			`s.yaml:8: scenarios[1].function.commands[1]: is a list, want a command as a list of arguments such as [GET, key]`,
		},
	},
	{
		name: "no scenarios",
		yaml: `
seed: 1
`,
		want: []string{`s.yaml:2: has no scenarios; add a list under scenarios:`},
	},
	{
		name: "empty scenario list",
		yaml: `
scenarios: []
`,
		want: []string{`s.yaml:2: scenarios: is empty; add at least one scenario with a name`},
	},
	{
		name: "empty file",
		yaml: "# nothing here\n",
		want: []string{`s.yaml: is empty; want a seed, defaults and a list of scenarios`},
	},
	{
		name: "duplicate names",
		yaml: `
scenarios:
  - name: a
  - name: b
  - name: a
`,
		want: []string{`s.yaml:5: scenarios[2].name: "a" is already the name of scenarios[0] (line 3)`},
	},
	{
		name: "name that cannot name a file, and none at all",
		yaml: `
scenarios:
  - name: Keep Alive
  - network:
      rtt: 1ms
`,
		want: []string{
			`s.yaml:3: scenarios[0].name: "Keep Alive" is not a valid name: use 1 to 64 of a-z, 0-9, - and _, so it can name files`,
			`s.yaml:4: scenarios[1]: has no name; give each scenario a unique name`,
		},
	},
	{
		name: "scenario is not a block",
		yaml: `
scenarios:
  - keepalive
`,
		want: []string{`s.yaml:3: scenarios[0]: is "keepalive", want a block with a name and settings`},
	},
	{
		name: "name and seed in defaults",
		yaml: `
defaults:
  name: x
  seed: 4
scenarios:
  - name: a
`,
		want: []string{
			`s.yaml:3: defaults: name belongs to each scenario, not to defaults`,
			`s.yaml:4: defaults: set the seed at the top level or in a scenario`,
		},
	},
	{
		name: "negative seed",
		yaml: `
seed: -1
scenarios:
  - name: a
`,
		want: []string{`s.yaml:2: seed: -1 is not a seed: want a whole number from 0 to 18446744073709551615`},
	},
	{
		name: "duplicate key",
		yaml: `
scenarios:
  - name: a
    network:
      rtt: 1ms
      rtt: 2ms
`,
		want: []string{`s.yaml:6: scenarios[0].network: key "rtt" appears twice (first at line 5)`},
	},
	{
		name: "merge keys",
		yaml: `
scenarios:
  - name: a
    network: &net
      rtt: 1ms
  - name: b
    network:
      <<: *net
`,
		want: []string{`s.yaml:8: scenarios[1].network: merge keys (<<) are not supported; put shared settings in defaults`},
	},
	{
		name: "YAML syntax",
		yaml: `
scenarios:
  - name: a
    network: [1ms
`,
		want: []string{`s.yaml:4: invalid YAML: did not find expected ',' or ']'`},
	},
	{
		name: "unknown key in defaults is reported once, where it was written",
		yaml: `
defaults:
  platform:
    idle_timout: 5m
scenarios:
  - name: a
    platform:
      init: 1s
  - name: b
`,
		want: []string{`s.yaml:4: defaults.platform: unknown key "idle_timout"; did you mean "idle_timeout"?`},
	},
	{
		name: "number too large",
		yaml: `
scenarios:
  - name: a
    load:
      count: 1e12
  - name: b
    load:
      count: 10000000000
`,
		want: []string{
			`s.yaml:5: scenarios[0].load.count: 1e12 is not a whole number`,
			`s.yaml:8: scenarios[1].load.count: 10000000000 is too large`,
		},
	},
	{
		name: "YAML scanner error",
		yaml: "\nscenarios:\n\t- name: a\n",
		want: []string{`s.yaml:3: invalid YAML: found character that cannot start any token`},
	},
	{
		name: "a mistake in defaults is reported once, with the others in line order",
		yaml: `
defaults:
  upstream:
    server_time: 5
scenarios:
  - name: a
    load:
      count: -3
  - name: b
  - name: c
    network:
      dns: 1
`,
		want: []string{
			`s.yaml:4: defaults.upstream.server_time: 5 has no unit; write it as a duration such as "5ms"`,
			`s.yaml:8: scenarios[0].load.count: must be at least 1, not -3`,
			`s.yaml:12: scenarios[2].network.dns: 1 has no unit; write it as a duration such as "1ms"`,
		},
	},
	{
		name: "YAML errors the yaml package gives no line for",
		yaml: "\nscenarios:\n  - name: a\n    network: {rtt: \"\x01\"}\n",
		want: []string{`s.yaml:4: invalid YAML: control characters are not allowed`},
	},
	{
		name: "YAML errors and empty values at the end of a file without a final line break",
		yaml: "{",
		want: []string{`s.yaml:1: invalid YAML: did not find expected node content`},
	},
	{
		name: "a document with nothing after its start",
		yaml: "---",
		want: []string{`s.yaml:1: is empty, want a block with seed, defaults and scenarios`},
	},
	{
		name: "invalid UTF-8",
		yaml: "\nscenarios:\n  - name: \xff\n",
		want: []string{`s.yaml:3: invalid YAML: invalid leading UTF-8 octet`},
	},
	{
		name: "invalid UTF-16",
		yaml: "\xff\xfes\x00:\x00\n\x00\n\x00\x00\xdc",
		want: []string{`s.yaml:3: invalid YAML: unexpected low surrogate area`},
	},
	{
		name: "unknown anchor",
		yaml: `
scenarios:
  - name: a
    network: {rtt: "*net"}
  - name: b
    network: *net
`,
		want: []string{`s.yaml:6: invalid YAML: unknown anchor 'net' referenced`},
	},
	{
		name: "alias cycles",
		yaml: `
defaults: &d
  upstream: *d
scenarios:
  - &s
    name: a
    upstream: *s
  - name: b
    function:
      commands: &c [[GET, k], *c]
`,
		want: []string{
			`s.yaml:3: defaults.upstream: alias *d is inside the block it names (&d, line 2): the block would contain itself without end`,
			`s.yaml:7: scenarios[0].upstream: alias *s is inside the block it names (&s, line 5): the block would contain itself without end`,
			`s.yaml:10: scenarios[1].function.commands[1]: alias *c is inside the block it names (&c, line 10): the block would contain itself without end`,
		},
	},
	{
		name: "aliases that multiply a block (billion laughs)",
		yaml: `
lol1: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
lol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
lol3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
lol4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
lol5: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
lol6: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
lol7: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
scenarios:
  - name: a
`,
		want: []string{`s.yaml:8: lol7[0]: alias *f expands to more than 1000000 values: an alias may share a block, not multiply it`},
	},
	{
		name: "many aliases of one block",
		yaml: `
scenarios:
  - name: a
    function:
      commands: &c [` + strings.Repeat("[GET, k], ", 999) + `[GET, k]]
` + strings.Repeat("  - {name: b, function: {commands: *c}}\n", 400),
		want: []string{`s.yaml:6: scenarios[1].function.commands: alias *c repeats 3001 values, and with the file's other aliases expands it to more than 1000000: an alias may share a block, not multiply it`},
	},
	{
		name: "aliases that nest a block in itself",
		yaml: `
n1: &a [[[[[[[[[[x]]]]]]]]]]
n2: &b [[[[[[[[[[*a]]]]]]]]]]
n3: &c [[[[[[[[[[*b]]]]]]]]]]
n4: &d [[[[[[[[[[*c]]]]]]]]]]
n5: &e [[[[[[[[[[*d]]]]]]]]]]
n6: &f [[[[[[[[[[*e]]]]]]]]]]
n7: &g [[[[[[[[[[*f]]]]]]]]]]
scenarios:
  - name: a
`,
		want: []string{`s.yaml:8: n7[0][0][0][0][0][0][0][0][0][0]: alias *f makes values nest 72 levels deep, more than 64: an alias may share a block, not stack it`},
	},
	{
		name: "values nested too deep",
		yaml: "\nscenarios:\n  - name: a\n    x: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n",
		want: []string{`s.yaml:4: scenarios[0].x` + strings.Repeat("[0]", 61) + `: is nested more than 64 levels deep; settings are at most 7 levels deep`},
	},
	{
		name: "defaults too large for the scenarios that inherit them",
		yaml: `
defaults:
  function:
    commands: [` + strings.Repeat("[GET, k], ", 999) + `[GET, k]]
scenarios:
` + strings.Repeat("  - name: a\n", 400),
		want: []string{`s.yaml:2: defaults: hold 3005 values, decoded again for each of the 400 scenarios: more than 1000000 in all; keep in defaults only what the scenarios share`},
	},
	{
		name: "long keys and values are quoted in part",
		yaml: `
defaults:
  network:
    rtt: ` + strings.Repeat("x", 100) + `
  ` + strings.Repeat("k", 100) + `: 1
scenarios:
  - name: a
`,
		want: []string{
			`s.yaml:4: defaults.network.rtt: "` + strings.Repeat("x", 64) + `…" is not a duration; write e.g. "20ms", "1.5s" (units ns, us, ms, s, m, h)`,
			`s.yaml:5: defaults: unknown key "` + strings.Repeat("k", 64) + `…" (known: network, upstream, platform, function, load)`,
		},
	},
	{
		name: "a block written as a key and used by an alias",
		yaml: `
? &net {rtt: 1ms, latency: 2ms}
: x
scenarios:
  - name: a
    network: *net
`,
		want: []string{
			`s.yaml:2: a key is a block; keys are plain names`,
			`s.yaml:2: unknown key "" (known: seed, time_dilation, sweep, defaults, scenarios)`,
			`s.yaml:2: unknown key "latency" (known: rtt, jitter, spikes, bandwidth, dns, middlebox)`,
		},
	},
	{
		name: "scripting commands",
		yaml: `
scenarios:
  - name: a
    function:
      commands:
        - [EVAL, "while true do end", "0"]
        - [evalsha, abc, "0"]
        - [" FCALL_RO ", f, "0"]
        - [SCRIPT, LOAD, "return 1"]
        - [FUNCTION, FLUSH]
        - [GET, eval]
`,
		want: []string{
			`s.yaml:6: scenarios[0].function.commands[0][0]: "EVAL" is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts`,
			`s.yaml:7: scenarios[0].function.commands[1][0]: "evalsha" is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts`,
			`s.yaml:8: scenarios[0].function.commands[2][0]: " FCALL_RO " is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts`,
			`s.yaml:9: scenarios[0].function.commands[3][0]: "SCRIPT" is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts`,
			`s.yaml:10: scenarios[0].function.commands[4][0]: "FUNCTION" is a scripting command: a script holds the database while it runs, for up to the server's script time limit, and coldwire measures the network, not scripts`,
		},
	},
	{
		name: "a time dilation that stretches a duration past what Go holds",
		yaml: `
time_dilation: 1e7
scenarios:
  - name: a
    upstream: {idle_timeout: 10m}
  - name: b
    upstream: {idle_timeout: 1h}
`,
		want: []string{`s.yaml:2: time_dilation: 1e7 stretches upstream.idle_timeout of scenario b (1h0m0s) past the longest duration, about 292 years`},
	},
}

// TestParseRejects documents each kind of bad input and the message it gets.
func TestParseRejects(t *testing.T) {
	for _, tt := range rejects {
		t.Run(tt.name, func(t *testing.T) {
			f, err := scenario.Parse("s.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("accepted: %+v", f)
			}
			if !errors.Is(err, scenario.ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %v", err)
			}
			var es scenario.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want scenario.Errors", err)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			if len(es) != len(tt.want) {
				t.Errorf("%d errors, want %d", len(es), len(tt.want))
			}
		})
	}
}

func TestParseRefusesLargeFiles(t *testing.T) {
	_, err := scenario.Parse("s.yaml", bytes.Repeat([]byte("#\n"), 4<<20+1))
	const want = "s.yaml: is larger than 8 MiB, too large for a scenario file"
	if err == nil || err.Error() != want || !errors.Is(err, scenario.ErrInvalid) {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := scenario.Load("testdata/does-not-exist.yaml")
	if !errors.Is(err, scenario.ErrInvalid) {
		t.Errorf("missing file: %v does not match ErrInvalid", err)
	}
	want := "testdata/does-not-exist.yaml: cannot read: no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
