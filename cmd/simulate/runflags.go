package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/coldwire/coldwire/sim/scenario"
)

// runFlags are the flags of every command that runs a file's scenarios.
type runFlags struct {
	fs     *flag.FlagSet
	only   *string
	seed   *uint64
	quiet  *bool
	strict *bool
}

func addRunFlags(fs *flag.FlagSet) runFlags {
	return runFlags{
		fs:     fs,
		only:   fs.String("only", "", "comma-separated names of the scenarios to run (default: all)"),
		seed:   fs.Uint64("seed", 0, "seed for every scenario without a seed of its own (default: the file's)"),
		quiet:  fs.Bool("quiet", false, "no progress display"),
		strict: fs.Bool("strict", false, "exit 1 when a run went beyond this machine's limits (see the warnings)"),
	}
}

// apply keeps the scenarios --only names and gives the others' seeds
// --seed, when the command line set them; errors name cmd.
func (r runFlags) apply(f *scenario.File, cmd string) error {
	if *r.only != "" {
		if err := f.Select(strings.Split(*r.only, ",")...); err != nil {
			return fmt.Errorf("%s: --only: %w", cmd, err)
		}
	}
	r.fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "seed" {
			f.SetSeed(*r.seed)
		}
	})
	return nil
}
