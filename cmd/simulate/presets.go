package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

const presetsUsage = `usage: simulate presets

Prints the clients function.client can name: each one's agent options and
the document they were read from. Agent fields written in a scenario file
override the preset's.
`

func runPresets(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("presets", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, presetsUsage) }
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate presets: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "preset\tkeep_alive\thttp2\tfree_socket_timeout\tmax_free_sockets\tmax_cached_sessions\tkeep-alive hint\tretry")
	for _, p := range agent.Presets() {
		o := p.Options
		free := o.MaxFreeSockets
		if free == 0 {
			free = 256
		}
		hint := "ignored"
		if o.HonorKeepAliveHint {
			hint = fmt.Sprintf("minus %v, at most %v", o.HintThreshold, o.MaxHintTimeout)
		}
		retry := p.Retry
		if retry == "" {
			retry = "none"
		}
		fmt.Fprintf(tw, "%s\t%v\t%v\t%s\t%d\t%d\t%s\t%s\n", p.Name, o.KeepAlive, o.HTTP2, orNever(o.FreeSocketTimeout), free, o.MaxCachedSessions, hint, retry)
	}
	if err := tw.Flush(); err != nil {
		return exitFailed
	}
	fmt.Fprintln(stdout)
	for _, p := range agent.Presets() {
		fmt.Fprintf(stdout, "%s: %s.\n  source: %s\n", p.Name, p.Client, p.Source)
		if p.Note != "" {
			fmt.Fprintf(stdout, "  note: %s\n", p.Note)
		}
	}
	return exitOK
}

func orNever(d time.Duration) string {
	if d == 0 {
		return "never"
	}
	return d.String()
}
