// Measures what a fresh Node.js process spends on its first HTTPS call,
// against its second call on a fresh connection to the same server: the
// difference is the process's one-time cost of loading and warming its TLS
// and crypto code, which coldwire models as function.client_init.
//
// Run against `simulate serve` (any RTT: the network cancels out), with
// the variables it prints in the environment:
//
//   simulate serve --rtt 0 --tls 1.2 > /tmp/upstash.env &
//   . /tmp/upstash.env
//   node compat/node-first-call/first-call.mjs 40
//
// Each sample is a new process; it prints the medians and quartiles in ms.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const child = process.argv[2] === "--child";

async function call(agent) {
  const https = await import("node:https");
  const url = new URL(process.env.UPSTASH_REDIS_REST_URL);
  const body = JSON.stringify(["SET", "first-call", "x"]);
  const t0 = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: "POST",
      agent,
      headers: { Authorization: `Bearer ${process.env.UPSTASH_REDIS_REST_TOKEN}`, "Content-Length": Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    req.end(body);
  });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

if (child) {
  const https = await import("node:https");
  // A new agent per call, without keep-alive or a session cache: both calls
  // pay a full connection and handshake, so they differ only by what the
  // process does once.
  const first = await call(new https.Agent({ keepAlive: false, maxCachedSessions: 0 }));
  const second = await call(new https.Agent({ keepAlive: false, maxCachedSessions: 0 }));
  process.stdout.write(JSON.stringify({ first, second }));
} else {
  const n = Number(process.argv[2] || 30);
  const firsts = [], seconds = [], extra = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child"], { encoding: "utf8", env: process.env });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    const { first, second } = JSON.parse(r.stdout);
    firsts.push(first);
    seconds.push(second);
    extra.push(first - second);
  }
  const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const fmt = (xs) => `p25 ${q(xs, 0.25).toFixed(2)}  p50 ${q(xs, 0.5).toFixed(2)}  p75 ${q(xs, 0.75).toFixed(2)}`;
  console.log(`${n} fresh processes, node ${process.version}`);
  console.log(`first call:            ${fmt(firsts)}`);
  console.log(`second call:           ${fmt(seconds)}`);
  console.log(`first minus second:    ${fmt(extra)}`);
}
