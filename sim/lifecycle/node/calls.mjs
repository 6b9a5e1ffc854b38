// What the function's HTTP requests cost, phase by phase, as Node reports
// them through diagnostics_channel: for node:http and node:https the
// http.client.* channels and the events of each request's socket, for
// fetch the undici:* channels. The handler is not touched: it is whatever
// module the user brings.
//
// take() hands over the records of the requests that started since the
// last take() in the shape of coldwire's agent.Record (JSON), and how many
// kept-alive sockets the process saw closed by their peer while they sat
// free in a pool, which is how a thawed process that saw a FIN before its
// handler ran avoids a stale socket.
import dc from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

// maxCalls bounds the records kept per invocation; the requests beyond it
// are only counted. The platform refuses more (maxNodeCalls).
const maxCalls = 64;

const now = () => performance.now();

// iso writes a performance.now() instant as an RFC 3339 time with
// microseconds, which Go reads as a time.Time.
function iso(t) {
  const ms = performance.timeOrigin + t;
  const whole = Math.floor(ms);
  const micros = Math.floor((ms - whole) * 1000);
  return new Date(whole).toISOString().replace('Z', String(micros).padStart(3, '0') + 'Z');
}

const span = (from, to) => (from !== undefined && to !== undefined ? Math.max(to - from, 0) : 0);

export class Calls {
  #ignore;
  #calls = [];
  #more = 0;
  #idleCloses = 0;
  // What the channels hand over, by object: a request's record, a
  // socket's state. Weak, so nothing outlives the objects Node keeps.
  #records = new WeakMap();
  #sockets = new WeakMap();
  // undici's connects in flight, by connector: when each began.
  #connects = new Map();

  // ignore is the agent of the runtime's own requests to the platform,
  // which are not the function's.
  constructor(ignore) {
    this.#ignore = ignore;
    dc.subscribe('http.client.request.start', ({ request }) => this.#httpStart(request));
    dc.subscribe('http.client.response.finish', ({ request, response }) => this.#httpHeaders(request, response));
    dc.subscribe('http.client.request.error', ({ request, error }) => this.#failed(request, error));
    dc.subscribe('undici:request:create', ({ request }) => this.#record(request, now()));
    dc.subscribe('undici:client:beforeConnect', ({ connector }) => this.#connecting(connector));
    dc.subscribe('undici:client:connected', ({ connector, socket }) => this.#undiciConnected(connector, socket));
    dc.subscribe('undici:client:connectError', ({ connector }) => this.#connectBegan(connector));
    dc.subscribe('undici:client:sendHeaders', ({ request, socket }) => this.#undiciSent(request, socket));
    dc.subscribe('undici:request:headers', ({ request, response }) => this.#headers(request, response.statusCode));
    dc.subscribe('undici:request:trailers', ({ request }) => this.#ended(request));
    dc.subscribe('undici:request:error', ({ request, error }) => this.#failed(request, error));
  }

  // take returns what happened since the last call and starts afresh.
  take() {
    const out = { calls: this.#calls.map(toRecord), more: this.#more, closes_seen: this.#idleCloses };
    this.#calls = [];
    this.#more = 0;
    this.#idleCloses = 0;
    return out;
  }

  #record(request, start) {
    const rec = { start };
    this.#records.set(request, rec);
    if (this.#calls.length < maxCalls) {
      this.#calls.push(rec);
    } else {
      this.#more++;
    }
    return rec;
  }

  // #socket is the state of a socket the function's requests use. A free
  // socket that its peer ends or resets is a close seen while idle.
  #socket(socket) {
    let st = this.#sockets.get(socket);
    if (st) {
      return st;
    }
    st = { free: false, used: false, freeAt: undefined };
    this.#sockets.set(socket, st);
    // node:http's agent emits 'free' when the socket goes back to its pool;
    // undici's requests end with their trailers.
    socket.on('free', () => this.#release(st));
    const idleClose = () => {
      if (st.free) {
        st.free = false;
        this.#idleCloses++;
      }
    };
    // The peer's FIN ends the socket, its RST errs with ECONNRESET; other
    // errors are the process's own, such as undici destroying a socket
    // whose idle timeout ran out. Both clients listen for their sockets'
    // errors themselves, so this listener hides no uncaught one.
    socket.once('end', idleClose);
    socket.on('error', (e) => e?.code === 'ECONNRESET' && idleClose());
    return st;
  }

  // #use gives st's socket to rec's request, and says whether it had
  // served one before.
  #use(st, rec) {
    const reused = st.used;
    if (reused && st.freeAt !== undefined) {
      rec.idle = rec.start - st.freeAt;
    }
    st.used = true;
    st.free = false;
    return reused;
  }

  #release(st) {
    st.free = true;
    st.freeAt = now();
  }

  #httpStart(request) {
    if (request.agent === this.#ignore) {
      return;
    }
    const rec = this.#record(request, now());
    const socket = request.socket;
    if (!socket) {
      return;
    }
    this.#use(this.#socket(socket), rec);
    rec.reused = Boolean(request.reusedSocket);
    if (!rec.reused && socket.connecting) {
      // The request started in the tick that made its socket: the
      // socket's own events are its phases.
      rec.newConn = true;
      socket.once('lookup', () => (rec.lookup = now()));
      socket.once('connect', () => (rec.connect = now()));
      socket.once('secureConnect', () => {
        rec.secure = now();
        rec.handshake = true;
        rec.resumed = socket.isSessionReused();
      });
    }
  }

  // http.client.response.finish is published when the response's headers
  // have been parsed, before the 'response' event.
  #httpHeaders(request, response) {
    const rec = this.#headers(request, response.statusCode);
    if (rec) {
      response.once('end', () => (rec.end = now()));
    }
  }

  #headers(request, status) {
    const rec = this.#records.get(request);
    if (rec) {
      rec.headers = now();
      rec.status = status;
    }
    return rec;
  }

  #ended(request) {
    const rec = this.#records.get(request);
    if (rec) {
      rec.end = now();
      if (rec.socket) {
        this.#release(rec.socket);
      }
    }
  }

  #failed(request, error) {
    let rec = this.#records.get(request);
    if (!rec) {
      if (request.agent === this.#ignore) {
        return;
      }
      // A node:http request that failed before it could write, such as
      // one given a free socket whose peer's FIN the process had already
      // seen but whose close the agent had not yet: it is published only
      // now, with no phases.
      rec = this.#record(request, now());
      rec.reused = Boolean(request.reusedSocket);
    }
    rec.end ??= now();
    rec.error = String(error?.message ?? error);
    rec.code = error?.code ?? error?.cause?.code ?? '';
  }

  #connecting(connector) {
    const began = this.#connects.get(connector);
    if (began) {
      began.push(now());
    } else {
      this.#connects.set(connector, [now()]);
    }
  }

  // #connectBegan takes the start of connector's oldest connect in flight:
  // concurrent connects of one pool are matched in order.
  #connectBegan(connector) {
    const began = this.#connects.get(connector);
    const t = began?.shift();
    if (began?.length === 0) {
      this.#connects.delete(connector);
    }
    return t;
  }

  // undici hands the socket over once it is connected, TLS included, so
  // its connect is one span; for https the kernel's part is about nothing
  // next to the handshake (see README).
  #undiciConnected(connector, socket) {
    const st = this.#socket(socket);
    st.began = this.#connectBegan(connector);
    st.ready = now();
    st.tls = Boolean(socket.encrypted);
    st.resumed = st.tls && socket.isSessionReused();
  }

  #undiciSent(request, socket) {
    const rec = this.#records.get(request);
    if (!rec) {
      return;
    }
    const st = this.#socket(socket);
    rec.reused = this.#use(st, rec);
    rec.socket = st;
    if (!rec.reused) {
      rec.newConn = true;
      if (st.tls) {
        rec.handshake = true;
        rec.resumed = st.resumed;
        rec.tlsFrom = st.began;
        rec.secure = st.ready;
      } else {
        rec.connectFrom = st.began;
        rec.connect = st.ready;
      }
    }
  }
}

// toRecord writes a record as agent.Record's JSON, with Node's error code
// beside it for the platform to classify.
function toRecord(rec) {
  const t0 = rec.start;
  const dns = span(t0, rec.lookup);
  const connect = span(rec.connectFrom ?? rec.lookup ?? t0, rec.connect);
  const tls = span(rec.tlsFrom ?? rec.connect ?? rec.lookup ?? t0, rec.secure);
  const ready = rec.secure ?? rec.connect ?? rec.lookup ?? t0;
  const out = {
    start: iso(t0),
    dns_ms: dns,
    connect_ms: connect,
    tls_ms: tls,
    ttfb_ms: span(ready, rec.headers),
    total_ms: span(t0, rec.end ?? rec.headers ?? now()),
    new_conn: Boolean(rec.newConn),
    tls_handshake: Boolean(rec.handshake),
    tls_resumed: Boolean(rec.resumed),
    reused: Boolean(rec.reused),
    was_idle: rec.idle !== undefined,
    idle_ms: rec.idle ?? 0,
    attempt: 1,
  };
  if (rec.status) {
    out.status = rec.status;
  }
  if (rec.error !== undefined) {
    out.error = rec.error;
    out.code = rec.code;
  }
  return out;
}
