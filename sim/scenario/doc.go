// Package scenario owns the scenario file: it reads scenarios.yaml, merges
// each scenario over the file's defaults, fills in what no one set, and
// checks the result strictly, so that the rest of coldwire only ever sees a
// complete, valid description of a run.
//
// The file has a top-level seed, a defaults block and a list of scenarios.
// A scenario may override any default; blocks merge key by key (a scenario
// that sets network.rtt keeps the defaults' network.jitter), while scalars and
// lists replace. Durations are Go duration strings ("2ms", "1.5s"); a bare
// number other than 0 is rejected because its unit would be a guess.
//
// Anchors and aliases may share a block between places in the file. An
// alias inside the block it names, and aliases or defaults that would make
// decoding visit more than a million values or nest them more than 64 deep,
// are refused, as are files over 8 MiB: no file can make Parse loop or
// exhaust the stack or the memory.
// Scripting commands (EVAL, FCALL, SCRIPT and the like) are refused in
// function.commands: the database runs a script holding its lock, so one
// that loops would stall the run, and coldwire measures the network.
//
// The load block is checked last by load.Plan.Validate, the check load.Run
// makes, on the plan Scenario.Plan returns: a file that parses cannot have
// its load refused when it runs.
//
// Every mistake is reported, not just the first, each as an *Error naming
// the file, line and field (only a file with nothing in it has no line); all
// of them match ErrInvalid with errors.Is so a command can map them to its
// bad-input exit code.
//
// scenarios.schema.json, at the root of the repository, describes the same
// format for editors; a test keeps the two in step.
package scenario
