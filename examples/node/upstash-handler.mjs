// A handler using the official @upstash/redis SDK (over Node's fetch, that
// is undici: keep-alive with a 4 s idle socket timeout, auto-pipelining and
// its own retries), for coldwire's runtime: node. Install it once with
//   npm ci --prefix examples/node
// (the version is pinned in package-lock.json beside this file). The
// client is created when the module loads, in the container's globals, so
// its connections live as long as the container. The SET is timed with
// performance.now(), as the article timed its calls.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from '@upstash/redis';

// UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, from the platform.
const redis = Redis.fromEnv();

export default async function handler() {
  const start = performance.now();
  await redis.set(`key-${randomBytes(8).toString('hex')}`, randomBytes(16).toString('hex'), { ex: 60 });
  return { redis_ms: performance.now() - start };
}
