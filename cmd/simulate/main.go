// Command simulate runs coldwire's scenarios: an in-process serverless
// platform whose functions call an Upstash-compatible Redis REST server over
// an emulated network, driven by vegeta, with a summary, plots and raw
// results at the end.
//
//	simulate -f scenarios.yaml [-o DIR] [--only a,b] [--seed N] [--sweep PATH=V1,V2,...] [--shard i/n] [--quiet]
//	simulate merge [-o DIR] SHARD_DIR...
//	simulate compare DIR_A DIR_B [-o compare.png]
//	simulate calibrate -f FILE [-o DIR] [--handler FILE] [--only a,b] [--seed N] [--strict] [--quiet]
//	simulate presets
//	simulate validate -f FILE [--sweep PATH=V1,V2,...]
//	simulate serve [--addr 127.0.0.1:8079] [--rtt 2ms] [--tls 1.3] [--token T] [--ca-out ca.pem]
//	simulate version
//
// Exit codes: 0 ok, 1 the run failed, 2 bad input, 130 interrupted.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes shared by every subcommand.
const (
	exitOK          = 0
	exitFailed      = 1
	exitBadInput    = 2
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand; with none, it runs the scenarios.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "validate":
			return runValidate(args[1:], stdout, stderr)
		case "serve":
			return runServe(ctx, args[1:], stdout, stderr)
		case "merge":
			return runMerge(args[1:], stdout, stderr)
		case "compare":
			return runCompare(args[1:], stdout, stderr)
		case "calibrate":
			return runCalibrate(ctx, args[1:], stdout, stderr)
		case "presets":
			return runPresets(args[1:], stdout, stderr)
		case "version":
			return runVersion(args[1:], stdout, stderr)
		case "help":
			usage(stdout)
			return exitOK
		}
	}
	return runScenarios(ctx, args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `simulate shows how HTTP keep-alive and where a serverless function creates its
HTTP client change the latency of calls to a Redis-over-REST database.

Usage:
  simulate -f scenarios.yaml [-o DIR] [--only a,b] [--seed N] [--sweep PATH=V1,V2,...] [--shard i/n] [--quiet]
  simulate merge [-o DIR] SHARD_DIR...
  simulate compare DIR_A DIR_B [-o compare.png]
  simulate calibrate -f FILE [-o DIR] [--handler FILE] [--only a,b] [--seed N] [--strict] [--quiet]
  simulate presets
  simulate validate -f FILE [--sweep PATH=V1,V2,...]
  simulate serve [--addr 127.0.0.1:8079] [--rtt 2ms] [--tls 1.3] [--token T] [--ca-out ca.pem]
  simulate version

Run "simulate <command> --help" for a command's flags.
Exit codes: 0 ok, 1 the run failed, 2 bad input, 130 interrupted.
`)
}
