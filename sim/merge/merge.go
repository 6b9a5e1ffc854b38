package merge

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/report"
)

// ErrMismatch matches, with errors.Is, the errors for directories that are
// not the complete shards of one run.
var ErrMismatch = errors.New("merge: the directories are not the shards of one run")

// Result is what Dirs wrote.
type Result struct {
	// Manifest is the run's, as every shard described it, for the whole.
	Manifest report.ShardManifest
	// Summaries are a plain run's, in the file's order; Sweep a sweep's.
	Summaries []report.Summary
	Sweep     report.Sweep
	// Files are the paths written.
	Files []string
}

// Dirs merges the shards in dirs into out, which it creates.
func Dirs(out string, dirs ...string) (Result, error) {
	m, err := manifests(dirs)
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return Result{}, fmt.Errorf("merge: %w", err)
	}
	if m.Sweep {
		return sweep(out, m, dirs)
	}
	return plain(out, m, dirs)
}

// manifests reads every shard's manifest and checks them against each
// other; it returns the whole run's.
func manifests(dirs []string) (report.ShardManifest, error) {
	if len(dirs) == 0 {
		return report.ShardManifest{}, fmt.Errorf("%w: no directories given", ErrMismatch)
	}
	var first report.ShardManifest
	seen := map[int]string{}
	for i, dir := range dirs {
		m, err := report.ReadShardManifest(dir)
		if err != nil {
			return first, fmt.Errorf("%w: %s: %w", ErrMismatch, dir, err)
		}
		if i == 0 {
			first = m
		} else if m.Count != first.Count || m.Runs != first.Runs || m.Sweep != first.Sweep || !slices.Equal(m.Scenarios, first.Scenarios) {
			return first, fmt.Errorf("%w: %s holds shard %d/%d of %d runs, %s shard %d/%d of %d",
				ErrMismatch, dir, m.Index, m.Count, m.Runs, dirs[0], first.Index, first.Count, first.Runs)
		}
		if other, dup := seen[m.Index]; dup {
			return first, fmt.Errorf("%w: %s and %s both hold shard %d/%d", ErrMismatch, other, dir, m.Index, m.Count)
		}
		seen[m.Index] = dir
	}
	var missing []string
	for i := range first.Count {
		if _, ok := seen[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, first.Count))
		}
	}
	if len(missing) > 0 {
		return first, fmt.Errorf("%w: shards %v are missing", ErrMismatch, missing)
	}
	first.Index, first.Count = 0, 1
	return first, nil
}

func sweep(out string, m report.ShardManifest, dirs []string) (Result, error) {
	var all report.Sweep
	for i, dir := range dirs {
		sw, err := report.ReadSweepJSON(dir)
		if err != nil {
			return Result{}, fmt.Errorf("merge: %w", err)
		}
		if i == 0 {
			all.Axes = sw.Axes
		}
		all.Rows = append(all.Rows, sw.Rows...)
	}
	slices.SortFunc(all.Rows, func(a, b report.SweepRow) int { return cmp.Compare(a.Run, b.Run) })
	for i, r := range all.Rows {
		if r.Run != i {
			return Result{}, fmt.Errorf("%w: run %d of %d is missing or repeated (an interrupted shard?)", ErrMismatch, i, m.Runs)
		}
	}
	if len(all.Rows) != m.Runs {
		return Result{}, fmt.Errorf("%w: %d runs of %d", ErrMismatch, len(all.Rows), m.Runs)
	}
	if err := report.WriteSweepFiles(out, all); err != nil {
		return Result{}, err
	}
	pngs, err := plots.WriteSweep(out, all)
	if err != nil {
		return Result{}, fmt.Errorf("merge: plots: %w", err)
	}
	files := append([]string{filepath.Join(out, report.SweepCSVFile), filepath.Join(out, report.SweepJSONFile)}, pngs...)
	return Result{Manifest: m, Sweep: all, Files: files}, nil
}

func plain(out string, m report.ShardManifest, dirs []string) (Result, error) {
	// Each scenario is one run, so one shard holds all of it.
	holder := map[string]string{}
	summary := map[string]report.Summary{}
	for _, dir := range dirs {
		ss, err := report.ReadSummaryJSON(dir)
		if err != nil {
			return Result{}, fmt.Errorf("merge: %w", err)
		}
		for _, s := range ss {
			if prev, dup := holder[s.Name]; dup {
				return Result{}, fmt.Errorf("%w: scenario %s is in %s and %s", ErrMismatch, s.Name, prev, dir)
			}
			holder[s.Name], summary[s.Name] = dir, s
		}
	}
	for _, name := range m.Scenarios {
		if _, ok := holder[name]; !ok {
			return Result{}, fmt.Errorf("%w: no shard holds scenario %s", ErrMismatch, name)
		}
	}
	rec, err := report.NewRecorder(out, m.Scenarios)
	if err != nil {
		return Result{}, err
	}
	for _, name := range m.Scenarios {
		t := rec.Begin(name)
		if err := scan(holder[name], name, rec.Add); err != nil {
			_, _ = rec.Close()
			return Result{}, err
		}
		s := summary[name]
		t.Counts = report.ScenarioCounts{
			ConnectionsOpened:    s.ConnectionsOpened,
			ConnectionsOpenAtEnd: s.ConnectionsOpenAtEnd,
			TLSFull:              s.TLSFull,
			TLSResumed:           s.TLSResumed,
			Dropped:              s.Dropped,
			ServerUnknown:        !s.HasServerCounters(),
		}
		t.Emulation, t.Platform, t.Trace = s.Emulation, s.Platform, s.Trace
	}
	summaries, err := rec.Close()
	if err != nil {
		return Result{}, err
	}
	pngs, err := plots.WriteAll(out, rec.Tallies(), nil)
	if err != nil {
		return Result{}, fmt.Errorf("merge: plots: %w", err)
	}
	files := []string{
		filepath.Join(out, report.SummaryJSONFile), filepath.Join(out, report.SummaryMarkdownFile),
		filepath.Join(out, report.InvocationsCSVFile),
	}
	return Result{Manifest: m, Summaries: summaries, Files: append(files, pngs...)}, nil
}

// scan hands the rows of scenario name in dir's invocations.csv to add.
func scan(dir, name string, add func(report.Row)) error {
	f, err := os.Open(filepath.Join(dir, report.InvocationsCSVFile))
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	defer f.Close()
	err = report.ScanInvocationsCSV(f, func(r report.Row) error {
		if r.Scenario == name {
			add(r)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("merge: %s: %w", dir, err)
	}
	return nil
}
