// A handler that SETs a key with Node's own fetch (undici), as
// @upstash/redis does, and times it.
import { performance } from 'node:perf_hooks';

const url = process.env.UPSTASH_REDIS_REST_URL;
const token = process.env.UPSTASH_REDIS_REST_TOKEN;

export default async function handler(event) {
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(['SET', `key-${event.seq}`, 'v']),
  });
  await res.text();
  if (!res.ok) {
    throw new Error(`HTTP ${res.status}`);
  }
  return { redis_ms: performance.now() - start };
}
