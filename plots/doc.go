// Package plots owns the PNG charts of a run: Redis latency per request
// (the article's chart), its distribution, the mean phases of an
// invocation, and the containers' lifetimes; and for a sweep, each figure
// against the swept value, a line per scenario. Charts are drawn with gonum's
// plot package from report rows, always at the same pixel size so that
// runs compare side by side.
package plots
