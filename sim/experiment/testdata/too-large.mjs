// A handler whose result is over Lambda's 6 MB limit on a response: the
// platform refuses it, and the invocation fails instead of waiting.
export default async function handler() {
  return { blob: 'x'.repeat(7 << 20) };
}
