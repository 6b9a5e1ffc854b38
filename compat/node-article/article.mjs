// The article's four configurations in one long-lived Node.js process: no
// platform, no Runtime API, no freezing between calls. It loads coldwire's
// own article handler (examples/node/article-handler.mjs) once per
// configuration and calls it N times in a row, so the code and its timing
// (performance.now() around the SET) are those a `function.runtime: node`
// container runs; what differs is only the container around them. Compare
// its p50s with `simulate -f examples/node-runtime.yaml` at the same RTT.
//
//   simulate serve --rtt 2ms > /tmp/upstash.env &
//   . /tmp/upstash.env
//   node compat/node-article/article.mjs [--http-first] 300
//
// It prints, per configuration, the p50 and p99 of the handler's redis_ms
// (nearest rank, as coldwire's reports), its first call and how many calls
// reused a socket. Only the first configuration's first call is the
// process's first TLS call: the later ones find Node's TLS code warm.
//
// With --http-first, the process first makes one plain HTTP request on
// loopback, as a runtime node container's bootstrap does to the Runtime API
// before its handler's first call: it shows what that warms in Node's HTTP
// client.
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const handlerURL = new URL('../../examples/node/article-handler.mjs', import.meta.url);
const configs = [
  { name: 'keepalive-global', keepAlive: true, placement: 'global' },
  { name: 'keepalive-handler', keepAlive: true, placement: 'handler' },
  { name: 'no-keepalive-global', keepAlive: false, placement: 'global' },
  { name: 'no-keepalive-handler', keepAlive: false, placement: 'handler' },
];

for (const v of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN']) {
  if (!process.env[v]) {
    console.error(`${v} is not set; source the lines simulate serve prints`);
    process.exit(2);
  }
}
const args = process.argv.slice(2);
const httpFirst = args[0] === '--http-first';
const n = Number(args[httpFirst ? 1 : 0] ?? 300);
if (!Number.isInteger(n) || n < 1) {
  console.error(`usage: node ${fileURLToPath(import.meta.url)} [--http-first] [calls per configuration, default 300]`);
  process.exit(2);
}
if (httpFirst) {
  const server = http.createServer((req, res) => res.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/' }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  server.close();
}

// Nearest rank, as sim/report.Percentile.
const percentile = (sorted, p) => sorted[Math.min(Math.max(Math.ceil((p / 100) * sorted.length), 1), sorted.length) - 1];

console.log(`node ${process.version}, ${n} sequential calls per configuration${httpFirst ? ', after a plain HTTP request' : ''}, ${process.env.UPSTASH_REDIS_REST_URL}`);
console.log('configuration          p50 ms   p99 ms  first ms  reused');
for (const c of configs) {
  // The handler reads its agent's settings from the environment when it
  // loads; a distinct URL loads a fresh instance of the module, with its
  // own global agent.
  process.env.COLDWIRE_AGENT_KEEP_ALIVE = String(c.keepAlive);
  process.env.COLDWIRE_AGENT_PLACEMENT = c.placement;
  const { default: handler } = await import(`${handlerURL}?config=${c.name}`);
  const ms = [];
  let reused = 0;
  for (let i = 0; i < n; i++) {
    const r = await handler({ seq: i, container: 1 });
    ms.push(r.redis_ms);
    if (r.reused) reused++;
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(
    `${c.name.padEnd(22)} ${percentile(sorted, 50).toFixed(2).padStart(7)} ${percentile(sorted, 99).toFixed(2).padStart(8)} ${ms[0].toFixed(2).padStart(9)} ${String(reused).padStart(7)}`,
  );
}
// A handler-placed keep-alive agent leaves its sockets open, as in the
// article; they would keep the process alive.
process.exit(0);
