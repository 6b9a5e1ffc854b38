// Package report owns the records of a run and the files written from them:
// one Row per invocation (the caller's view joined with the platform's),
// per-scenario Summaries with latency statistics computed exactly from the
// raw samples, and the writers for summary.json, summary.md,
// invocations.csv, results-<scenario>.json (vegeta's own JSON encoding, so
// `vegeta report` and `vegeta plot` read it) and the stdout table.
//
// Percentiles are nearest-rank: the p-th percentile of n sorted samples is
// the sample at rank ceil(p/100*n), so every reported value is one that was
// actually measured. Errored invocations are counted but their latencies are
// left out of the latency blocks, which would otherwise mix failures in
// with calls that reached the database.
package report
