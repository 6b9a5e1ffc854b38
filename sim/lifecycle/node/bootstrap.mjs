// The bootstrap of coldwire's node runtime: it loads the handler module
// named by _HANDLER and serves its invocations through the AWS Lambda
// Runtime API at AWS_LAMBDA_RUNTIME_API, as a Lambda custom runtime does.
// The platform measures the cold start up to this process's first
// /invocation/next request, so the module is loaded before it is sent.
//
// Beside each result or error it posts, in the Coldwire-Calls header, what
// the handler's HTTP requests cost (see calls.mjs): the body stays the
// handler's own, as Lambda's Runtime API has it.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Calls } from './calls.mjs';

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const base = '/2018-06-01/runtime';
// One kept-alive connection to the platform: the runtime's own traffic
// should not open a socket per invocation.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const [host, port] = api.split(':');
const calls = new Calls(agent);

function call(method, path, body, extra = {}) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra };
    const req = http.request({ host, port, method, path: base + path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorBody(e) {
  return JSON.stringify({
    errorType: e?.name ?? 'Error',
    errorMessage: String(e?.message ?? e),
    errorCode: e?.code ?? e?.cause?.code ?? '',
  });
}

// headerJSON writes v as JSON that a header may carry: ASCII only.
function headerJSON(v) {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

let handler;
try {
  const mod = await import(pathToFileURL(process.env._HANDLER).href);
  handler = mod.default;
  if (typeof handler !== 'function') {
    throw new TypeError(`${process.env._HANDLER}: the default export is not a function`);
  }
} catch (e) {
  await call('POST', '/init/error', errorBody(e));
  process.exit(1);
}

for (;;) {
  const next = await call('GET', '/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  let event;
  try {
    event = JSON.parse(next.body);
  } catch {
    event = {};
  }
  let path, body;
  try {
    const result = await handler(event);
    path = `/invocation/${id}/response`;
    body = JSON.stringify(result ?? null);
  } catch (e) {
    path = `/invocation/${id}/error`;
    body = errorBody(e);
  }
  const headers = { 'coldwire-calls': headerJSON(calls.take()) };
  const posted = await call('POST', path, body, headers);
  // A result the platform refuses (over 6 MB, as Lambda's limit) must still
  // end the invocation, as an error, or it would wait for its timeout.
  if (posted.status >= 400 && path.endsWith('/response')) {
    const name = posted.status === 413 ? 'Function.ResponseSizeTooLarge' : 'Runtime.ResponseRejected';
    const message = `the platform refused the result (HTTP ${posted.status}): ${posted.body}`;
    await call('POST', `/invocation/${id}/error`, errorBody({ name, message }), headers);
  }
}
