package main

import (
	"flag"
	"fmt"
	"io"
)

// newFlagSet is a command's flag set: errors and usage go to stderr, the
// usage being the command's text followed by its flags.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// flagExit maps a flag parsing error to an exit code: --help is not a failure.
func flagExit(err error) int {
	if err == flag.ErrHelp {
		return exitOK
	}
	return exitBadInput
}
