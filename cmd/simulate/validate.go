package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "scenarios.yaml", "scenario file to check")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: simulate validate -f FILE\n\nChecks a scenario file as a run would and lists its scenarios; exit code 2 if it is invalid.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate validate: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	}
	f, err := scenario.Load(*file)
	if err == nil {
		err = check(f)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadInput
	}
	fmt.Fprintf(stdout, "%s: %d scenarios, valid\n", *file, len(f.Scenarios))
	for _, s := range f.Scenarios {
		fmt.Fprintf(stdout, "  %s\n", s.Name)
	}
	return exitOK
}

// check makes, for every scenario of f, the checks its run would make, so
// that validating a file and running it never disagree and a run refuses a
// bad scenario before the first one starts.
func check(f *scenario.File) error {
	var errs []error
	for _, s := range f.Scenarios {
		errs = append(errs, experiment.Check(s))
	}
	return errors.Join(errs...)
}
