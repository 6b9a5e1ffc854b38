package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/report"
)

const compareUsage = `usage: simulate compare DIR_A DIR_B [-o compare.png]

Draws on one PNG the Redis latency CDFs of two runs' scenarios, those both
runs hold, with their p50s, labelled with the directories' names: run a
scenario emulated and against your own database (upstream.url), then check
the emulation against the measurement.

Flags:
`

func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("compare", compareUsage, stderr)
	out := fs.String("o", "compare.png", "PNG to write")
	// The directories may come before the flags, as the usage writes them.
	var dirs []string
	for {
		if err := fs.Parse(args); err != nil {
			return flagExit(err)
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(dirs) != 2 {
		fmt.Fprintf(stderr, "simulate compare: want two run directories, got %d\n", len(dirs))
		fs.Usage()
		return exitBadInput
	}
	var runs [2]plots.Run
	for i, dir := range dirs {
		rows, err := readRows(filepath.Join(dir, "invocations.csv"))
		if err != nil {
			fmt.Fprintf(stderr, "simulate compare: %s: %v\n", dir, err)
			return exitBadInput
		}
		runs[i] = plots.Run{Name: filepath.Base(filepath.Clean(dir)), Rows: rows}
	}
	err := plots.WriteCompare(*out, runs[0], runs[1])
	switch {
	case errors.Is(err, plots.ErrNothingToCompare):
		fmt.Fprintf(stderr, "simulate compare: %v\n", err)
		return exitBadInput
	case err != nil:
		fmt.Fprintf(stderr, "simulate compare: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return exitOK
}

func readRows(path string) ([]report.Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return report.ReadInvocationsCSV(f)
}
