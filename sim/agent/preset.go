package agent

import "time"

// Preset is the configuration of a real HTTP client, with where it comes
// from, so that a scenario can say "the client my function uses" instead
// of spelling out its options.
type Preset struct {
	Name string
	// Client says which client, in the words of its users.
	Client string
	// Source is the document and version the options were read from.
	Source  string
	Options Options
	// Retry names the retry policy the client adds on top, if any, as
	// the scenario's function.retry spells it.
	Retry string
	// Note says what coldwire cannot reproduce of it, if anything.
	Note string
}

// Presets returns the clients coldwire knows, in the order of the README's
// table.
func Presets() []Preset {
	undici := Options{
		KeepAlive:          true,
		FreeSocketTimeout:  4 * time.Second,
		MaxCachedSessions:  DefaultMaxCachedSessions,
		Scheduling:         "lifo",
		HonorKeepAliveHint: true,
		HintThreshold:      2 * time.Second,
		MaxHintTimeout:     600 * time.Second,
	}
	return []Preset{
		{
			Name:    "node-agent",
			Client:  "new https.Agent(), the article's (Node < 19 defaults)",
			Source:  "Node.js v18 docs, http.Agent constructor: keepAlive false, maxSockets Infinity, maxFreeSockets 256, scheduling 'lifo'; https.Agent maxCachedSessions 100",
			Options: DefaultOptions(),
		},
		{
			Name:    "node-global-agent",
			Client:  "https.globalAgent on Node >= 19 (what https.get uses without an agent)",
			Source:  "Node.js v20 docs, http.globalAgent: keepAlive true and a timeout of 5000 ms since v19.0.0; idle sockets are destroyed when it expires",
			Options: Options{KeepAlive: true, FreeSocketTimeout: 5 * time.Second, MaxCachedSessions: DefaultMaxCachedSessions, Scheduling: "lifo"},
		},
		{
			Name:    "undici",
			Client:  "Node's global fetch (undici): what @upstash/redis uses",
			Source:  "undici docs/api/Client.md (v6, bundled with Node 20): keepAliveTimeout 4e3, keepAliveTimeoutThreshold 2e3, keepAliveMaxTimeout 600e3 ms, connections null (unlimited), maxCachedSessions 100",
			Options: undici,
		},
		{
			Name:    "upstash-sdk",
			Client:  "@upstash/redis over Node's fetch",
			Source:  "undici as above; @upstash/redis 1.39 README, retry: 5 retries, backoff Math.exp(retryCount) * 50 ms, on any network error",
			Options: undici,
			Retry:   "upstash",
		},
		{
			Name:    "agentkeepalive",
			Client:  "agentkeepalive 4.x, the keep-alive agent many SDKs ship",
			Source:  "agentkeepalive 4.5 README: keepAlive true, freeSocketTimeout 4000 ms (15000 before v4), maxSockets Infinity, maxFreeSockets 256",
			Options: Options{KeepAlive: true, FreeSocketTimeout: 4 * time.Second, MaxCachedSessions: DefaultMaxCachedSessions, Scheduling: "lifo"},
		},
		{
			Name:    "go",
			Client:  "Go's http.DefaultTransport",
			Source:  "Go 1.26 net/http: DefaultTransport IdleConnTimeout 90 s, MaxIdleConnsPerHost 2 (DefaultMaxIdleConnsPerHost), no TLS session cache (TLSClientConfig nil), ForceAttemptHTTP2 true",
			Options: Options{KeepAlive: true, FreeSocketTimeout: 90 * time.Second, MaxFreeSockets: 2, Scheduling: "lifo", HTTP2: true},
			Note:    "HTTP/2 when the server offers it, multiplexing up to its max concurrent streams on one connection; MaxIdleConnsPerHost applies to HTTP/1.1 only; a burst that finds no connection dials one per request and keeps one",
		},
	}
}

// LookupPreset returns the preset called name.
func LookupPreset(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}
