import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import {
  ConfigError,
  type ConnectTarget,
  EnvProxyAgent,
  fixedLookup,
  networkRouteFor,
  parseConnectTo,
  proxyConfigured,
} from '@wxbot/core';
import { IlinkConfigError, IlinkNetworkError } from '../errors.js';

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /**
   * Send every request to this address instead of the hosts in the URLs, e.g. `http://127.0.0.1:8080`
   * (tests, the sandbox). Host names stay in the `Host` header; only scheme, address and port change.
   */
  readonly connectTo?: string | undefined;
  /** Max idle keep-alive sockets per host (default 4). */
  readonly maxFreeSockets?: number | undefined;
}

/** One HTTP call. The URL may authorise something (CDN params): it never reaches errors or logs. */
export interface HttpRequest {
  /** Endpoint name for errors, e.g. `getupdates`. */
  readonly endpoint: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | undefined;
  /** Whole-call deadline: connect, send and read the full answer. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** A longer answer is cut off with a `TOO_LARGE` error (protects memory from a hostile server). */
  readonly maxResponseBytes: number;
}

/** A complete answer, whatever its status (the caller decides what a status means). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The host that answered (as in {@link IlinkNetworkError.host}), for messages about a bad status. */
  readonly host?: string | undefined;
}

/**
 * Parses `connectTo` with the core's parser (one rule for every transport); a bad value becomes an
 * {@link IlinkConfigError}, as every other bad iLink option does.
 */
function parseTarget(value: string): ConnectTarget {
  try {
    return parseConnectTo(value);
  } catch (error) {
    if (error instanceof ConfigError) throw new IlinkConfigError(error.path, error.message, { cause: error });
    throw error;
  }
}

/**
 * The HTTP layer of the iLink client: `node:http`/`node:https` keep-alive agents, a deadline and an
 * abort signal per call, a cap on the answer's size, and {@link IlinkNetworkError} for every failure
 * before a complete answer. It knows HTTP, not iLink.
 *
 * @example
 * const client = new HttpClient();
 * const res = await client.request({ endpoint: 'getconfig', method: 'POST', url, headers, body, timeoutMs: 10_000, maxResponseBytes: 1 << 20 });
 */
export class HttpClient {
  readonly #target: ConnectTarget | undefined;
  readonly #http: http.Agent;
  readonly #https: http.Agent;

  constructor(options: HttpClientOptions = {}) {
    this.#target = options.connectTo ? parseTarget(options.connectTo) : undefined;
    const lookup = this.#target ? fixedLookup(this.#target.address) : undefined;
    const agentOptions = {
      keepAlive: true,
      maxFreeSockets: options.maxFreeSockets ?? 4,
      ...(lookup ? { lookup } : {}),
    };
    this.#http = new http.Agent(agentOptions);
    this.#https = new https.Agent(agentOptions);
    // As on Web: the real hosts through HTTPS_PROXY/HTTP_PROXY (NO_PROXY excludes hosts); a
    // `connectTo` target (simulator, sandbox) is always reached directly.
    if (!this.#target && proxyConfigured()) {
      const proxied = { keepAlive: true, maxFreeSockets: agentOptions.maxFreeSockets };
      this.#http = new EnvProxyAgent(this.#http, proxied);
      this.#https = new EnvProxyAgent(this.#https, proxied);
    }
  }

  /** Sends one request and reads the whole answer. */
  request(req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch (cause) {
      return Promise.reject(
        new IlinkNetworkError(req.endpoint, 'NETWORK', `${req.endpoint}: the request URL is not valid`, {
          cause,
        }),
      );
    }
    const secure = (this.#target?.protocol ?? url.protocol) === 'https:';
    const port = this.#target ? this.#target.port : url.port;
    // For messages: where the call went (host and port only: the path and query may authorise).
    const a = this.#target?.address;
    const host = a === undefined ? url.host : `${a.includes(':') ? `[${a}]` : a}:${this.#target?.port}`;
    const headers: Record<string, string> = { ...req.headers };
    if (this.#target) headers.Host = url.host;
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (
        code: 'NETWORK' | 'TIMEOUT' | 'ABORTED' | 'TOO_LARGE',
        message: string,
        cause?: unknown,
      ) => {
        if (settled) return;
        settled = true;
        cleanup();
        request.destroy();
        // How it went out (connectTo, a proxy, NO_PROXY): what the CLI's "tried:" line says.
        const route = networkRouteFor(req.url, this.#target ? host : undefined);
        reject(
          new IlinkNetworkError(req.endpoint, code, `${req.endpoint}: ${message}`, { cause, host, route }),
        );
      };
      const onAbort = () => fail('ABORTED', 'aborted');
      const timer = setTimeout(
        () => fail('TIMEOUT', `no complete answer within ${req.timeoutMs} ms`),
        req.timeoutMs,
      );
      const cleanup = () => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      };
      const request = (secure ? https : http).request(
        {
          protocol: secure ? 'https:' : 'http:',
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port,
          path: `${url.pathname}${url.search}`,
          method: req.method,
          headers,
          agent: secure ? this.#https : this.#http,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > req.maxResponseBytes) {
              fail('TOO_LARGE', `the answer is larger than ${req.maxResponseBytes} bytes`);
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            cleanup();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), host });
          });
          res.on('error', (err: NodeJS.ErrnoException) =>
            fail('NETWORK', `connection failed (${err.code ?? 'error'})`, err),
          );
          res.on('aborted', () => fail('NETWORK', 'connection reset while reading the answer'));
        },
      );
      request.on('error', (err: NodeJS.ErrnoException) =>
        fail('NETWORK', `connection failed (${err.code ?? 'error'})`, stripUrl(err)),
      );
      if (req.signal?.aborted) {
        fail('ABORTED', 'aborted');
        return;
      }
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.end(req.body);
    });
  }

  /** Closes the idle keep-alive sockets. In-flight calls are not cancelled (use their signals). */
  destroy(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

// Socket errors carry the address, never the path; keep only what helps (code, syscall, address).
function stripUrl(err: NodeJS.ErrnoException): Error {
  const clean = new Error(err.code ?? err.message);
  Object.assign(clean, { code: err.code, syscall: err.syscall });
  return clean;
}
