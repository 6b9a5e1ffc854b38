// Runs the official @upstash/redis SDK against `simulate serve` over HTTPS.
//
// Node reads NODE_EXTRA_CA_CERTS only when it starts, and the server makes a
// new CA each run, so this file starts the server and then runs the checks
// (sdk-checks.mjs) in a child node per client configuration, with the
// environment the server printed.
//
//   npm ci && node --test
//
// SIMULATE_BIN names a built `simulate` binary; without it the test builds one
// from this checkout with `go build`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const work = mkdtempSync(join(tmpdir(), "coldwire-compat-"));
let server;
let env;

function simulateBinary() {
  if (process.env.SIMULATE_BIN) return process.env.SIMULATE_BIN;
  const bin = join(work, "simulate");
  execFileSync("go", ["build", "-o", bin, "./cmd/simulate"], { cwd: repo, stdio: "inherit" });
  return bin;
}

// startServer resolves with the exports `simulate serve` prints once it
// listens.
function startServer(bin) {
  const token = randomBytes(16).toString("hex");
  const args = ["serve", "--addr", "127.0.0.1:0", "--rtt", "1ms", "--token", token, "--ca-out", join(work, "ca.pem")];
  server = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    let out = "";
    const vars = {};
    server.stdout.on("data", (d) => {
      out += d;
      for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) vars[m[1]] = m[2];
      if (vars.UPSTASH_REDIS_REST_URL && vars.UPSTASH_REDIS_REST_TOKEN && vars.NODE_EXTRA_CA_CERTS) {
        resolvePromise(vars);
      }
    });
    server.on("exit", (code) => reject(new Error(`simulate serve exited with ${code}: ${stderr}`)));
  });
}

before(async () => {
  env = await startServer(simulateBinary());
  assert.match(env.UPSTASH_REDIS_REST_URL, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.doesNotMatch(env.UPSTASH_REDIS_REST_URL, /:0$/, "the printed URL carries the real port");
});

after(() => {
  server?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

function runChecks(config) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--test", "--test-reporter=tap", join(here, "sdk-checks.mjs")], {
      // NODE_TEST_CONTEXT would make the child report to this runner instead.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...env, COLDWIRE_SDK_CONFIG: config },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolvePromise({ code, out }));
  });
}

for (const config of ["default", "enableAutoPipelining: false", "responseEncoding: false"]) {
  test(`@upstash/redis with ${config}`, async () => {
    const { code, out } = await runChecks(config);
    assert.equal(code, 0, out);
    assert.match(out, /# pass 15\b/, out);
  });
}
