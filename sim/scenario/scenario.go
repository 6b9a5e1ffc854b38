package scenario

import (
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
)

// File is a parsed scenario file.
type File struct {
	// Path is the name the file was read from, as given to Load or Parse.
	Path string
	// Seed is the top-level seed (default 1); scenarios without their own
	// seed use it.
	Seed uint64
	// TimeDilation is the top-level time_dilation (default 1); see
	// Scenario.Dilated.
	TimeDilation float64
	// Scenarios are in file order, each complete and valid.
	Scenarios []Scenario
	// Sweep is the swept fields, nil for a file without a sweep; Points
	// are every combination of their values, each with every scenario.
	Sweep  []Axis
	Points []Point
}

// Scenario is one experiment: its defaults merged in, every field filled.
type Scenario struct {
	// Name is unique in the file and made of [a-z0-9_-], so it can name
	// output files.
	Name string
	// File and Line are where the scenario starts: the file's name as
	// given to Load or Parse, and a 1-based line.
	File string
	Line int
	// Seed is the scenario's own seed, or the file's.
	Seed    uint64
	ownSeed bool
	// TimeDilation is the file's: every modelled duration runs this many
	// times longer on the host, and every measured one is reported divided
	// by it (see Dilated).
	TimeDilation float64

	Network  Network
	Upstream Upstream
	Platform Platform
	Function Function
	Load     Workload
}

// Network describes the emulated link between the function and the database.
type Network struct {
	// RTT is the round-trip time (default 0).
	RTT time.Duration
	// Jitter varies each one-way delay around zero: Kind is Uniform or
	// Normal, Spread the half-width or standard deviation, Cap the largest
	// variation. The zero value (the default, and "none") adds nothing.
	Jitter dist.Duration
	// Spikes are rare extra delays (default probability 0).
	Spikes dist.Spikes
	// Bandwidth is in bytes per second per direction; 0 (the default) is
	// unlimited. The file writes it in bits per second with a unit.
	Bandwidth int64
	// DNS is the latency of one lookup that misses the resolver's cache
	// (default 0).
	DNS time.Duration
	// Middlebox forgets idle connections (default: none).
	Middlebox Middlebox
}

// Upstream describes the database server.
type Upstream struct {
	// TLS is the protocol version, "1.2" or "1.3" (default "1.3", as
	// Upstash).
	TLS string
	// SessionTickets lets clients resume TLS sessions (default true).
	SessionTickets bool
	// ServerTime is the database's own time per command (default 0).
	ServerTime dist.Duration
	// IdleTimeout closes kept-alive connections idle longer than this;
	// 0 (the default) never does.
	IdleTimeout time.Duration
	// IdleClose is how it closes them: CloseFIN (the default) or
	// CloseRST.
	IdleClose string
	// KeepAliveHint, in whole seconds, is announced on every response as
	// "Keep-Alive: timeout=N"; 0 (the default) announces nothing.
	KeepAliveHint time.Duration
	// Target, when its URL is set, replaces the emulated database and
	// link with a real endpoint.
	Target Target
}

// Platform describes the serverless platform running the function.
type Platform struct {
	// Init is the cold-start cost of a new container (default 0).
	Init dist.Duration
	// IdleTimeout is how long an idle container stays before it is
	// reclaimed (default 10m).
	IdleTimeout time.Duration
	// MaxLifetime reclaims a container once it is this old; 0 (the
	// default) means no limit.
	MaxLifetime time.Duration
	// InvocationTimeout fails an invocation whose handler runs this long,
	// as Lambda's function timeout does, and resets a container running
	// one invocation at a time; 0 (the default) means no limit.
	InvocationTimeout time.Duration
	// MaxContainers bounds how far the function scales out (default 100);
	// invocations beyond it queue.
	MaxContainers int
	// Concurrency is how many invocations one container runs at once,
	// sharing its globals (default 1), as Vercel's Fluid compute and
	// Cloud Run do; a new container starts when every live one is full.
	Concurrency int
	// CPU is the share of one core a container gets, in (0, 1] (default
	// 1). With runtime go it is a model: the CPU its TLS handshakes take,
	// and its client_init, stretch by 1/CPU. With runtime node it is the
	// real thing where the run may use the cgroup cpu controller: a CFS
	// quota of CPU x CPUPeriod per CPUPeriod.
	CPU float64
	// CPUPeriod is the CFS period of runtime node's CPU quota, between
	// 1ms and 1s (default 100ms, the kernel's). It is not dilated: the
	// Node process's CPU is not either.
	CPUPeriod time.Duration
	// Pricing, when set, prices the run's containers and requests; nil
	// (the default) prices nothing, as prices change and no default would
	// stay true.
	Pricing *Pricing
	// Freeze says how a frozen container thaws.
	Freeze Freeze
}

// Pricing is a platform's price list, in the currency the user writes it in.
type Pricing struct {
	// PerGBSecond is the price of one GB-second of a container's busy time.
	PerGBSecond float64
	// PerMillionRequests is the price of a million invocations.
	PerMillionRequests float64
}

// Function describes the function's code: its HTTP agent and its work.
type Function struct {
	// Runtime is how the code runs: RuntimeGo (the default), the
	// in-process model of Node's https.Agent, or RuntimeNode, a real Node
	// process per container running Handler.
	Runtime string
	// Handler is the module a RuntimeNode container runs, as written,
	// relative to the scenario file's directory; HandlerPath is where
	// Parse found it. Both are empty for RuntimeGo.
	Handler, HandlerPath string
	Agent                Agent
	// Commands are the Redis commands one invocation sends, each as its
	// arguments. Nil (the default) means the agent's default work: one
	// SET <random key> <random value> EX 60, as in the article.
	Commands [][]string
	// Pipeline sends Commands as one pipeline rather than one after
	// another (default false).
	Pipeline bool
	// MemoryMB is the container's memory (default 1024): it weighs the
	// containers' time into GB-seconds.
	MemoryMB int
	// Client names the agent.Preset whose options the agent starts from;
	// agent fields written in the file override them. "" (the default)
	// starts from new https.Agent().
	Client string
	// ClientInit is what a cold process spends, at a full core's speed,
	// on its first TLS connection before it connects: loading and warming
	// its TLS and crypto code (default 0). It is its own phase of the
	// container's first call.
	ClientInit time.Duration
	// Timeout bounds each request; 0 (the default) never does, as Node.
	Timeout time.Duration
	// Retry is the client's retry policy (default none).
	Retry Retry
}

// Agent mirrors the options of Node's https.Agent; the defaults are those
// of new https.Agent().
type Agent struct {
	// KeepAlive keeps connections open for reuse (default false).
	KeepAlive bool
	// Placement is where the agent is created: PlacementGlobal (the
	// default; once per container) or PlacementHandler (every invocation).
	Placement string
	// MaxSockets bounds the agent's connections; 0 (the default) is
	// unlimited, as Node's Infinity.
	MaxSockets int
	// MaxFreeSockets bounds idle kept-alive connections (default 256).
	MaxFreeSockets int
	// FreeSocketTimeout closes an idle kept-alive connection after this
	// long; 0 (the default) never does, as Node without a timeout.
	FreeSocketTimeout time.Duration
	// MaxCachedSessions is the TLS session cache size (default 100; 0
	// turns resumption off).
	MaxCachedSessions int
	// Scheduling picks the free connection to reuse: SchedulingLIFO, the
	// only order net/http's pool offers (and Node's default).
	Scheduling string
	// CloseAtEnd closes a handler-placed agent when the invocation ends
	// instead of abandoning it, as the article's code does (default false).
	CloseAtEnd bool
	// HonorKeepAliveHint, HintThreshold and MaxHintTimeout make the
	// database's Keep-Alive hint, less the threshold and at most the cap,
	// replace FreeSocketTimeout, as undici does (default off).
	HonorKeepAliveHint bool
	HintThreshold      time.Duration
	MaxHintTimeout     time.Duration
	// HTTP2 offers h2 over ALPN and multiplexes the calls in flight over
	// one connection, as Go's transport does (default false). It needs
	// KeepAlive.
	HTTP2 bool
}

// Runtimes, agent placements and socket scheduling orders.
const (
	RuntimeGo        = "go"
	RuntimeNode      = "node"
	PlacementGlobal  = "global"
	PlacementHandler = "handler"
	SchedulingLIFO   = "lifo"
)

// Workload describes the invocations of one scenario: its load block.
type Workload struct {
	// Pattern defaults to load.Sequential.
	Pattern load.Pattern
	// Count is the number of invocations. When neither count nor duration
	// is set it is 100; for Bursts it is Burst.Size * Burst.Count; 0 means
	// that only Duration bounds the run.
	Count int
	// Rate is invocations per second for Constant and Poisson.
	Rate float64
	// Duration, when positive, bounds the run of every pattern in time: it
	// stops at whichever of Count (Burst.Count for Bursts) and Duration
	// comes first.
	Duration time.Duration
	// Concurrency is the number of virtual users for Concurrent
	// (default 10).
	Concurrency int
	// Burst shapes Bursts.
	Burst Burst
	// Trace is the trace pattern's source.
	Trace TraceSource
	// MaxInFlight bounds the invocations in flight at once for Constant,
	// Poisson, Trace and each burst of Bursts (default load.DefaultMaxInFlight;
	// 0 for the closed loops, which do not use it). Arrivals beyond it are
	// dropped, as load.Plan.MaxInFlight describes.
	MaxInFlight int
}

// TraceSource is a load.trace block: which function of which trace file the
// trace pattern replays, and how.
type TraceSource struct {
	// File is the trace's path as written, relative to the scenario file's
	// directory; Path is where Parse read it.
	File, Path string
	// Function is the HashFunction of the row to replay, unless ByIndex,
	// when Index counts the file's functions from 0 (default: index 0).
	Function string
	Index    int
	ByIndex  bool
	// Spread places a minute's invocations within it (default uniform).
	Spread load.Spread
	// TimeScale compresses the trace: a trace minute lasts a minute divided
	// by it, and so do the platform's idle timeout and maximum lifetime, so
	// that containers live through as many trace minutes as they would
	// uncompressed. The network and the database are not scaled. Default 1.
	TimeScale float64
	// PerMinute is the row's invocations per minute, as Parse read them.
	PerMinute []int
}

// Burst describes the Bursts pattern: Count groups of Size concurrent
// invocations, each group starting Gap after the previous one ended.
type Burst struct {
	Size int           // default 10
	Gap  time.Duration // default 1s
	// Count defaults to 3 when Workload.Duration is not set; 0 means that
	// bursts repeat until the duration is over.
	Count int
}

// defaultSeed is the top-level seed when the file sets none.
const defaultSeed = 1

// defaultCount is the number of invocations when no count or duration is set.
const defaultCount = 100

// defaultMemoryMB is a container's memory when none is set, the
// function.memory default in scenarios.schema.json.
const defaultMemoryMB = 1024

// defaultBursts is the number of bursts when no burst count or duration is
// set.
const defaultBursts = 3

// defaults returns a scenario with every field at the value it takes when
// neither the scenario nor the file's defaults set it.
func defaults() Scenario {
	return Scenario{
		Upstream: Upstream{TLS: "1.3", SessionTickets: true, IdleClose: CloseFIN},
		Network:  Network{Jitter: dist.Duration{Kind: dist.Uniform}},
		Platform: Platform{IdleTimeout: 10 * time.Minute, MaxContainers: 100, Concurrency: 1, CPU: 1, CPUPeriod: 100 * time.Millisecond,
			Freeze: Freeze{ClosesSeen: ClosesAfterInvocation, Clock: ClockRuns}},
		Function: Function{Runtime: RuntimeGo, MemoryMB: defaultMemoryMB, Retry: Retry{Policy: RetryNone}, Agent: Agent{
			Placement:         PlacementGlobal,
			MaxFreeSockets:    256,
			MaxCachedSessions: 100,
			Scheduling:        SchedulingLIFO,
		}},
		Load: Workload{
			Pattern:     load.Sequential,
			Concurrency: 10,
			Burst:       Burst{Size: 10, Gap: time.Second},
			MaxInFlight: load.DefaultMaxInFlight,
		},
	}
}
