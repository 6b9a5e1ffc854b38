// A handler whose odd invocations wait a minute, as one stuck on a socket
// that never answers would, and whose even ones answer at once.
export default async function handler(event) {
  if (event.seq % 2 === 1) {
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
  return { redis_ms: 0 };
}
