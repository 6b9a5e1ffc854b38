package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "scenarios.yaml", "scenario file to check")
	var sweeps sweepFlags
	fs.Var(&sweeps, "sweep", "check this sweep, PATH=V1,V2,..., in place of the file's")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: simulate validate -f FILE [--sweep PATH=V1,V2,...]\n\nChecks a scenario file as a run would and lists its scenarios; exit code 2 if it is invalid.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate validate: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	}
	f, err := scenario.Load(*file, sweeps.loadOptions()...)
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
	if len(f.Points) > 0 {
		fmt.Fprintf(stdout, "sweep: %d points, %d runs\n", len(f.Points), len(f.Points)*len(f.Scenarios))
		for _, a := range f.Sweep {
			fmt.Fprintf(stdout, "  %s: %s\n", a.Path, strings.Join(a.Values, ", "))
		}
	}
	return exitOK
}

// check makes, for every scenario of f, the checks its run would make, so
// that validating a file and running it never disagree and a run refuses a
// bad scenario before the first one starts.
func check(f *scenario.File) error {
	var errs []error
	seen := make(map[string]bool)
	add := func(err error) {
		// A layer refusing a scenario at several points says so once.
		if err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			errs = append(errs, err)
		}
	}
	for _, s := range f.Scenarios {
		add(experiment.Check(s))
	}
	for _, p := range f.Points {
		for _, s := range p.Scenarios {
			add(experiment.Check(s))
		}
	}
	return errors.Join(errs...)
}
