package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestSandboxSaid: how a runtime node scenario's processes were frozen and
// CPU-limited is in summary.json, under summary.md's table and under the
// printed one, with what could not be applied and why.
func TestSandboxSaid(t *testing.T) {
	tests := []struct {
		name    string
		sandbox Sandbox
		json    string
		note    string
	}{
		{
			name:    "with the rights",
			sandbox: Sandbox{Freeze: "cgroup v1 freezer at /sys/fs/cgroup/freezer", CPU: "0.25 core (25ms per 100ms) by cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu"},
			json:    `{"freeze":"cgroup v1 freezer at /sys/fs/cgroup/freezer","cpu":"0.25 core (25ms per 100ms) by cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu"}`,
			note:    "node ran its node processes frozen with cgroup v1 freezer at /sys/fs/cgroup/freezer; CPU 0.25 core (25ms per 100ms) by cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu.",
		},
		{
			name: "without",
			sandbox: Sandbox{Freeze: "SIGSTOP/SIGCONT", FreezeNotCgroup: "no write access to /sys/fs/cgroup/freezer",
				CPU: "unlimited", CPUNotLimited: "no write access to /sys/fs/cgroup/cpu"},
			json: `{"freeze":"SIGSTOP/SIGCONT","freeze_not_cgroup":"no write access to /sys/fs/cgroup/freezer","cpu":"unlimited","cpu_not_limited":"no write access to /sys/fs/cgroup/cpu"}`,
			note: "node ran its node processes frozen with SIGSTOP/SIGCONT (no cgroup freezer: no write access to /sys/fs/cgroup/freezer); " +
				"CPU unlimited, platform.cpu not applied (no write access to /sys/fs/cgroup/cpu).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			summaries := []Summary{{Name: "node", Invocations: 1, Sandbox: &tt.sandbox}, {Name: "go", Invocations: 1}}
			var js bytes.Buffer
			if err := WriteSummaryJSON(&js, summaries); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Scenarios []map[string]json.RawMessage `json:"scenarios"`
			}
			if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := json.Compact(&got, doc.Scenarios[0]["sandbox"]); err != nil || got.String() != tt.json {
				t.Errorf("summary.json sandbox = %s (%v), want %s", got.String(), err, tt.json)
			}
			if got, ok := doc.Scenarios[1]["sandbox"]; ok {
				t.Errorf("the go scenario has a sandbox %s, want none", got)
			}
			var md, table bytes.Buffer
			if err := WriteSummaryMarkdown(&md, summaries); err != nil {
				t.Fatal(err)
			}
			if err := FormatTable(&table, summaries); err != nil {
				t.Fatal(err)
			}
			for what, out := range map[string]string{"summary.md": md.String(), "the printed table": table.String()} {
				if strings.Count(out, tt.note) != 1 {
					t.Errorf("%s lacks the note %q once:\n%s", what, tt.note, out)
				}
			}
		})
	}
}
