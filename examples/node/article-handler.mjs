// The handler of Upstash's article "Reusing HTTP connections with
// 'keepalive' in Serverless", for coldwire's runtime: node. Each call SETs a
// random key over the Upstash REST API with Node's own https.Agent and
// times the call with performance.now(), as the article did; the result's
// redis_ms becomes the invocation's Redis time.
//
// The agent's two settings come from the environment the platform gives
// each container, from the scenario's function.agent block:
//   COLDWIRE_AGENT_KEEP_ALIVE  true or false: https.Agent's keepAlive
//   COLDWIRE_AGENT_PLACEMENT   global: one agent per process, created when
//                              the module loads (the cold start);
//                              handler: a new agent in every invocation
// The database's address, token and CA come as for any Upstash client:
// UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN, NODE_EXTRA_CA_CERTS.
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const keepAlive = process.env.COLDWIRE_AGENT_KEEP_ALIVE === 'true';
const placement = process.env.COLDWIRE_AGENT_PLACEMENT ?? 'global';
const url = new URL(process.env.UPSTASH_REDIS_REST_URL);
const token = process.env.UPSTASH_REDIS_REST_TOKEN;

// In the container's globals: it survives between invocations, with its
// free sockets and its TLS session cache, while the container lives.
const globalAgent = placement === 'global' ? new https.Agent({ keepAlive }) : undefined;

function set(agent, key, value) {
  const body = JSON.stringify(['SET', key, value, 'EX', '60']);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`HTTP ${res.statusCode}: ${text}`));
            return;
          }
          resolve({ reused: req.reusedSocket });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export default async function handler() {
  const agent = globalAgent ?? new https.Agent({ keepAlive });
  const start = performance.now();
  const { reused } = await set(agent, `key-${randomBytes(8).toString('hex')}`, randomBytes(16).toString('hex'));
  return { redis_ms: performance.now() - start, reused };
}
