// A handler whose process exits in its second invocation, as a handler
// calling process.exit or crashing the process does.
let calls = 0;

export default async function handler() {
  calls++;
  if (calls === 2) {
    process.stderr.write('giving up\n');
    process.exit(3);
  }
  return { redis_ms: 0.5, calls };
}
