import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** One plain request: the URL already rewritten for `connectTo`, headers complete (cookies included). */
export interface TextRequestInit {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/** The raw outcome: status, headers and the body as UTF-8 text. */
export interface TextResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly data: string;
}

/** A failure before a complete answer: `code` is `ETIMEDOUT`, `ABORTED` or the socket's error code. */
export class TextRequestError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'TextRequestError';
  }
}

/** Keep-alive agents for both schemes, sharing the `connectTo` lookup. */
export interface Agents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/** Makes the keep-alive agents of the text path. */
export function makeAgents(maxFreeSockets: number, lookup: LookupFunction | undefined): Agents {
  const options = { keepAlive: true, maxFreeSockets, ...(lookup ? { lookup } : {}) };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/**
 * Sends one request on a keep-alive agent and reads the whole body as text. This is the hot path
 * of the client (synccheck, webwxsync, sends, contact pages): straight `node:http` with nothing
 * built per request but the request itself — no config merging, header objects or interceptors.
 */
export function textRequest(init: TextRequestInit, agents: Agents): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(init.url);
    const secure = u.protocol === 'https:';
    const headers = init.headers;
    if (init.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(init.body));
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const signal = init.signal;
    const fail = (code: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      req.destroy();
      reject(new TextRequestError(code));
    };
    const onAbort = () => fail('ABORTED');
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const req = (secure ? https : http).request(
      {
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: init.method,
        headers,
        agent: secure ? agents.https : agents.http,
      },
      (res) => {
        res.setEncoding('utf8');
        let data = '';
        res.on('data', (chunk: string) => {
          data += chunk;
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, data });
        });
        res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERR_NETWORK'));
        res.on('aborted', () => fail('ECONNRESET'));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERR_NETWORK'));
    if (signal) {
      if (signal.aborted) {
        fail('ABORTED');
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
    }
    timer = setTimeout(() => fail('ETIMEDOUT'), init.timeoutMs);
    req.end(init.body);
  });
}
