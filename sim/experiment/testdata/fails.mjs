// A handler that fails as Node does when a reused socket was reset.
export default async function handler() {
  throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}
