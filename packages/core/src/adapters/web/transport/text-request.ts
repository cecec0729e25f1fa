import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { EnvProxyAgent, proxyConfigured } from './proxy.js';

/**
 * One plain request, its URL already split (and rewritten for `connectTo`), headers complete
 * (cookies included).
 */
export interface TextRequestInit {
  /** `https:` when true, else `http:`. */
  readonly secure: boolean;
  readonly hostname: string;
  /** '' for the scheme's default port. */
  readonly port: string | number;
  /** Path and query, e.g. `/cgi-bin/mmwebwx-bin/webwxsync?sid=…`. */
  readonly path: string;
  readonly method: 'GET' | 'POST';
  /**
   * Either an object (`Content-Length` is added here; node adds `Host`), or, on a direct agent, the
   * complete head as `[name, value, …]` pairs (`Host` and `Content-Length` included): node then
   * writes it as given instead of validating and storing each header one by one.
   */
  readonly headers: Record<string, string> | string[];
  readonly body: string | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Largest body read (bytes); a longer answer fails with code `EBODYTOOLARGE`. */
  readonly maxBodyBytes?: number;
}

/** The raw outcome: status, headers and the body as UTF-8 text. */
export interface TextResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly data: string;
}

/**
 * A failure before a complete answer: `code` is `ETIMEDOUT`, `ABORTED`, `EBODYTOOLARGE` or the
 * socket's error code.
 */
export class TextRequestError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'TextRequestError';
  }
}

/** Keep-alive agents for both schemes, sharing the `connectTo` lookup. */
export interface Agents {
  readonly http: http.Agent;
  readonly https: http.Agent;
  /** True when requests may go through a proxy agent (which may rewrite the head: use object headers). */
  readonly proxied: boolean;
}

/**
 * Makes the keep-alive agents of the text path. Without `connectTo` (`lookup`) and with a proxy
 * in the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`), requests go through it.
 */
export function makeAgents(maxFreeSockets: number, lookup: LookupFunction | undefined): Agents {
  const options = { keepAlive: true, maxFreeSockets, ...(lookup ? { lookup } : {}) };
  const direct = { http: new http.Agent(options), https: new https.Agent(options) };
  if (lookup !== undefined || !proxyConfigured()) return { ...direct, proxied: false };
  const viaProxy = { keepAlive: true, maxFreeSockets };
  return {
    http: new EnvProxyAgent(direct.http, viaProxy),
    https: new EnvProxyAgent(direct.https, viaProxy),
    proxied: true,
  };
}

// A kept-alive socket the server closed while idle fails at once when reused (the request never
// reached the server): sent again, once, on a fresh socket.
class StaleSocket extends Error {}

/**
 * Sends one request on a keep-alive agent and reads the whole body as text. This is the hot path
 * of the client (synccheck, webwxsync, sends, contact pages): straight `node:http` with nothing
 * built per request but the request itself — no config merging, header objects or interceptors.
 * A reused keep-alive socket that the server had just closed (reset before any answer) is
 * retried once on a new socket, as a browser does, instead of failing the round.
 */
export function textRequest(init: TextRequestInit, agents: Agents): Promise<TextResponse> {
  return sendOnce(init, agents, true).catch((error: unknown) => {
    if (!(error instanceof StaleSocket)) throw error;
    return sendOnce(init, agents, false);
  });
}

function sendOnce(init: TextRequestInit, agents: Agents, mayRetry: boolean): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    const secure = init.secure;
    const headers = init.headers;
    if (init.body !== undefined && !Array.isArray(headers))
      headers['Content-Length'] = String(Buffer.byteLength(init.body));
    let settled = false;
    let answered = false;
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
        protocol: secure ? 'https:' : 'http:',
        hostname: init.hostname,
        port: init.port,
        path: init.path,
        method: init.method,
        headers,
        agent: secure ? agents.https : agents.http,
      },
      (res) => {
        answered = true;
        // Raw chunks decoded once at the end (most answers are one chunk): no StringDecoder.
        let first: Buffer | undefined;
        let more: Buffer[] | undefined;
        // Bounded: a huge answer is refused before it is held (or turned into one string).
        const max = init.maxBodyBytes ?? Number.POSITIVE_INFINITY;
        if (Number(res.headers['content-length'] ?? 0) > max) {
          res.resume();
          fail('EBODYTOOLARGE');
          return;
        }
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) {
            first = undefined;
            more = undefined;
            fail('EBODYTOOLARGE');
            return;
          }
          if (first === undefined) first = chunk;
          else if (more === undefined) more = [first, chunk];
          else more.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanup();
          const data = more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, data });
        });
        res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERR_NETWORK'));
        res.on('aborted', () => fail('ECONNRESET'));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERR_NETWORK';
      if (mayRetry && req.reusedSocket && !answered && (code === 'ECONNRESET' || code === 'EPIPE')) {
        if (settled) return;
        settled = true;
        cleanup();
        req.destroy();
        reject(new StaleSocket(code));
        return;
      }
      fail(code);
    });
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
