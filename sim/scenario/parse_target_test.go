package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// A real endpoint is named by its URL and the environment variable that
// holds its token; the file never carries the token itself.
func TestParseTarget(t *testing.T) {
	dir := t.TempDir()
	auth, err := simtls.NewAuthority("db.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), auth.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "junk.pem"), []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("COLDWIRE_TEST_TOKEN", "secret")
	t.Setenv("COLDWIRE_TEST_EMPTY", "")

	path := filepath.Join(dir, "s.yaml")
	f, err := scenario.Parse(path, []byte(`
scenarios:
  - name: mine
    upstream:
      url: https://db.example.test:8443/
      token_env: COLDWIRE_TEST_TOKEN
      ca_file: ca.pem
`))
	if err != nil {
		t.Fatal(err)
	}
	got := f.Scenarios[0].Upstream.Target
	want := scenario.Target{URL: "https://db.example.test:8443", TokenEnv: "COLDWIRE_TEST_TOKEN", CAFile: "ca.pem", CAPath: filepath.Join(dir, "ca.pem")}
	if got != want {
		t.Errorf("target %+v, want %+v", got, want)
	}

	for _, tt := range []struct {
		name, yaml, want string
		head             string
	}{
		{"missing token variable", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_UNSET_TOKEN
`, `s.yaml:6: scenarios[0].upstream.token_env: environment variable COLDWIRE_TEST_UNSET_TOKEN is not set or empty`, ""},
		{"empty token variable", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_EMPTY
`, `s.yaml:6: scenarios[0].upstream.token_env: environment variable COLDWIRE_TEST_EMPTY is not set or empty`, ""},
		{"no token variable", `
    upstream:
      url: https://db.example.test
`, `s.yaml:5: scenarios[0].upstream.url: needs upstream.token_env: the name of the environment variable holding the token`, ""},
		{"url with network settings", `
    network:
      rtt: 5ms
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
`, `s.yaml:5: scenarios[0].network.rtt: does not apply with upstream.url: a real endpoint is reached over the real network`, ""},
		{"url with server_time", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
      server_time: 1ms
`, `s.yaml:7: scenarios[0].upstream.server_time: does not apply with upstream.url: it configures the emulated database`, ""},
		{"not https", `
    upstream:
      url: http://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
`, `s.yaml:5: scenarios[0].upstream.url: is "http://db.example.test", want an https URL such as https://eu1-example.upstash.io`, ""},
		{"unreadable ca_file", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
      ca_file: missing.pem
`, `s.yaml:7: scenarios[0].upstream.ca_file: cannot read: no such file or directory`, ""},
		{"ca_file without a certificate", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
      ca_file: junk.pem
`, `s.yaml:7: scenarios[0].upstream.ca_file: junk.pem holds no PEM certificate`, ""},
		{"token_env without url", `
    upstream:
      token_env: COLDWIRE_TEST_TOKEN
`, `s.yaml:5: scenarios[0].upstream.token_env: needs upstream.url: it configures a real endpoint`, ""},
		{"time dilation", `
    upstream:
      url: https://db.example.test
      token_env: COLDWIRE_TEST_TOKEN
`, `s.yaml:1: time_dilation: 10 cannot stretch scenario a: it calls a real endpoint, whose network runs in real time`, "time_dilation: 10"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse(path, []byte(tt.head+"\nscenarios:\n  - name: a"+tt.yaml))
			if err == nil {
				t.Fatal("accepted")
			}
			if got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); got != tt.want {
				t.Errorf("got\n\t%s\nwant\n\t%s", got, tt.want)
			}
		})
	}
}
