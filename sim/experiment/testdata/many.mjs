// A handler that sends 70 requests in one invocation over one kept-alive
// connection: more than the bootstrap keeps records of.
import https from 'node:https';

const url = new URL(process.env.UPSTASH_REDIS_REST_URL);
const token = process.env.UPSTASH_REDIS_REST_TOKEN;
const agent = new https.Agent({ keepAlive: true });

function ping() {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, path: '/ping', agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export default async function handler() {
  for (let i = 0; i < 70; i++) {
    await ping();
  }
  return { redis_ms: 1 };
}
