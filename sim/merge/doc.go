// Package merge joins the outputs of a sharded run (simulate --shard i/n),
// one directory per shard, into the one set of outputs the whole run would
// have written: summaries, invocations.csv and the results files for plain
// scenarios, sweep.csv and sweep.json for a sweep, and their charts. It
// checks from each directory's shard.json that the shards are of the same
// run and that every one is there once.
//
// Container lifetimes are not among a run's files, so a merged plain run
// has no timeline.png.
package merge
