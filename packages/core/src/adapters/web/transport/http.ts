import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { HttpCookieAgent, HttpsCookieAgent } from 'http-cookie-agent/http';
import type { Logger } from 'pino';
import { CookieJar } from 'tough-cookie';
import { type ConnectTarget, fixedLookup, parseConnectTo } from '../../../adapter/connect-to.js';
import { WxApiError, WxNetworkError } from '../../../errors.js';
import { rewriteUrl } from './connect-to.js';
import { CookieHeaders } from './cookie-header.js';
import { DEFAULT_USER_AGENT } from './options.js';
import { type Agents, makeAgents, TextRequestError, textRequest } from './text-request.js';

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  /**
   * Send every request to this address instead of the real hosts, e.g. `http://127.0.0.1:8080`.
   * Host names stay in the URLs (Host header, cookie domains); only scheme, port and address change.
   */
  readonly connectTo?: string;
  readonly userAgent?: string;
  /** Start with these cookies (a restored session). */
  readonly jar?: CookieJar;
  readonly logger?: Logger;
  /** Max idle keep-alive sockets per host (default 16: the sync long-poll, a sync and up to 8 sends in flight reuse them instead of reconnecting). */
  readonly maxFreeSockets?: number;
  /**
   * Largest body read into memory (text and buffer answers), in bytes. Longer answers fail with a
   * `WxNetworkError` whose cause has code `EBODYTOOLARGE`. Streams are not limited. Default 64 MiB.
   */
  readonly maxBodyBytes?: number;
}

/** Default {@link HttpTransportOptions.maxBodyBytes}: 64 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** One HTTP call. URLs are production URLs (`https://wx2.qq.com/…`); secrets may be in them. */
export interface HttpRequest {
  /** Endpoint name for errors and logs, e.g. `webwxsync`. Never the URL (it carries secrets). */
  readonly endpoint: string;
  readonly method?: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string | FormData | URLSearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Follow redirects (default false: protocol.md asks for no automatic redirects). */
  readonly followRedirects?: boolean;
  /** Statuses below 500 other than 2xx that still carry a usable body (e.g. 301 at newloginpage). */
  readonly acceptStatus?: readonly number[];
}

/** A response that passed the status checks. */
export interface HttpResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly data: T;
}

/** axios and the cookie agents, loaded on first use (uploads, redirects, binary and streamed downloads). */
interface AxiosKit {
  readonly create: typeof import('axios')['default']['create'];
  readonly HttpCookieAgent: typeof HttpCookieAgent;
  readonly HttpsCookieAgent: typeof HttpsCookieAgent;
}

// Loading axios costs ~20 MiB of RSS (its code and its dependencies'), and a bot that never uploads
// or downloads media never needs it: every API call goes through `node:http` (textRequest).
let axiosKit: Promise<AxiosKit> | undefined;
function loadAxios(): Promise<AxiosKit> {
  axiosKit ??= Promise.all([import('axios'), import('http-cookie-agent/http')]).then(([a, h]) => ({
    create: a.default.create.bind(a.default),
    HttpCookieAgent: h.HttpCookieAgent,
    HttpsCookieAgent: h.HttpsCookieAgent,
  }));
  return axiosKit;
}

interface AxiosSide {
  readonly axios: AxiosInstance;
  readonly httpAgent: InstanceType<typeof HttpCookieAgent>;
  readonly httpsAgent: InstanceType<typeof HttpsCookieAgent>;
}

/** Request headers merged with the base ones, as `[name, value, …]`, and which of two names they hold. */
interface MergedHeaders {
  readonly pairs: readonly string[];
  readonly contentType: boolean;
  readonly host: boolean;
}

const BROWSER_HEADERS = {
  Accept: 'application/json, text/plain, */*',
  'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8',
  Referer: 'https://wx.qq.com/',
};

/**
 * The HTTP layer: one cookie jar shared by every host, keep-alive sockets, browser-like headers,
 * per-call timeouts and abort signals, and typed errors.
 *
 * Text requests (every API call but uploads) go straight through `node:http` keep-alive agents with
 * the `Cookie` header computed from the jar once per URL path and reused until a cookie changes:
 * per request that costs about a third of what axios with a cookie agent costs (bench/, transport
 * floor). Uploads (`FormData`), redirects, binary and streamed downloads use axios, whose cookie
 * agents read and write the same jar.
 *
 * Errors: {@link WxNetworkError} when there was no usable answer (refused, reset, timeout, abort,
 * 5xx); {@link WxApiError} with `ret: undefined` for other unexpected statuses.
 *
 * @example
 * const http = new HttpTransport({ connectTo: 'http://127.0.0.1:8080' });
 * const res = await http.text({ endpoint: 'jslogin', url: 'https://login.wx.qq.com/jslogin?…', timeoutMs: 5000 });
 */
export class HttpTransport {
  #jar: CookieJar;
  // axios + cookie agents for the rare non-text requests, made on first use (see loadAxios).
  #axiosSide: Promise<AxiosSide> | undefined;
  #agents!: Agents;
  #cookies!: CookieHeaders;
  readonly #baseHeaders: Readonly<Record<string, string>>;
  readonly #merged = new WeakMap<object, MergedHeaders>();
  readonly #target: ConnectTarget | undefined;
  readonly #options: HttpTransportOptions;

  constructor(options: HttpTransportOptions = {}) {
    this.#options = options;
    this.#target = options.connectTo ? parseConnectTo(options.connectTo) : undefined;
    this.#jar = options.jar ?? new CookieJar();
    this.#baseHeaders = { ...BROWSER_HEADERS, 'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT };
    this.#makeAgents();
  }

  /** The cookie jar shared by every host. */
  get jar(): CookieJar {
    return this.#jar;
  }

  /** Replaces the cookie jar (session restore / discard). Open sockets are closed. */
  setJar(jar: CookieJar): void {
    this.destroy();
    this.#jar = jar;
    this.#makeAgents();
  }

  /** The value of a cookie as it would be sent to `url`, if any. */
  cookie(name: string, url: string): string | undefined {
    return this.#jar.getCookiesSync(url).find((c) => c.key === name)?.value;
  }

  /** A request whose body is read as UTF-8 text. */
  async text(req: HttpRequest): Promise<HttpResponse<string>> {
    if (!req.followRedirects && (req.body === undefined || typeof req.body === 'string')) {
      return this.#fastText(req, req.body);
    }
    if (req.body instanceof URLSearchParams && !req.followRedirects) {
      return this.#fastText(req, req.body.toString(), 'application/x-www-form-urlencoded;charset=utf-8');
    }
    const res = await this.#send(req, 'text');
    return {
      status: res.status,
      headers: res.headers,
      data: typeof res.data === 'string' ? res.data : String(res.data ?? ''),
    };
  }

  /** A request whose body is read into a Buffer. */
  async buffer(req: HttpRequest): Promise<HttpResponse<Buffer>> {
    const res = await this.#send(req, 'arraybuffer');
    const data = Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data as ArrayBuffer);
    return { status: res.status, headers: res.headers, data };
  }

  /** A request whose body is returned as a stream (large downloads). */
  async stream(req: HttpRequest): Promise<HttpResponse<Readable>> {
    const res = await this.#send(req, 'stream');
    return { status: res.status, headers: res.headers, data: res.data as Readable };
  }

  /** Closes every keep-alive socket. The transport stays usable (new sockets open on demand). */
  destroy(): void {
    const side = this.#axiosSide;
    this.#axiosSide = undefined;
    side?.then(
      (a) => {
        a.httpAgent.destroy();
        a.httpsAgent.destroy();
      },
      () => undefined,
    );
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  #axiosFor(): Promise<AxiosSide> {
    this.#axiosSide ??= loadAxios().then((kit) => {
      // Agent options reach net.connect, so `lookup` pins every host name to the target address.
      const common = {
        keepAlive: true,
        maxFreeSockets: this.#options.maxFreeSockets ?? 16,
        cookies: { jar: this.#jar },
        ...(this.#target ? { lookup: fixedLookup(this.#target.address) } : {}),
      } as unknown as ConstructorParameters<typeof HttpCookieAgent>[0];
      return {
        axios: kit.create({
          headers: { ...this.#baseHeaders },
          // We parse bodies ourselves, once, to keep MsgId strings and control errors.
          transformResponse: [(d: unknown) => d],
          validateStatus: () => true,
          // Text and buffer answers are bounded; streamed downloads (to a file) are not.
          maxContentLength: this.#maxBody(),
          maxBodyLength: Number.POSITIVE_INFINITY,
        }),
        httpAgent: new kit.HttpCookieAgent(common),
        httpsAgent: new kit.HttpsCookieAgent(common),
      };
    });
    return this.#axiosSide;
  }

  #maxBody(): number {
    return this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  #makeAgents(): void {
    this.#agents = makeAgents(
      this.#options.maxFreeSockets ?? 16,
      this.#target ? fixedLookup(this.#target.address) : undefined,
    );
    this.#cookies = new CookieHeaders(this.#jar);
  }

  async #fastText(
    req: HttpRequest,
    body: string | undefined,
    contentType?: string,
  ): Promise<HttpResponse<string>> {
    let res: Awaited<ReturnType<typeof textRequest>>;
    try {
      // One URL parse per request; `connectTo` swaps the scheme and port but keeps the host name.
      const u = new URL(req.url);
      const target = this.#target;
      const secure = (target ? target.protocol : u.protocol) === 'https:';
      const port = target ? target.port : u.port;
      const cookie = this.#cookies.header(req.url);
      res = await textRequest(
        {
          secure,
          hostname: u.hostname,
          port,
          path: u.pathname + u.search,
          method: req.method ?? 'GET',
          headers: this.#agents.proxied
            ? this.#headerObject(req, contentType, cookie)
            : this.#headerList(req, contentType, cookie, body, hostHeader(u.hostname, port, secure)),
          body,
          timeoutMs: req.timeoutMs,
          signal: req.signal,
          maxBodyBytes: this.#maxBody(),
        },
        this.#agents,
      );
    } catch (err) {
      throw toNetworkError(req, err);
    }
    this.#cookies.store(req.url, res.headers['set-cookie']);
    checkStatus(req, res.status);
    return { status: res.status, headers: res.headers, data: res.data };
  }

  // Headers as an object, for proxy agents (they may rewrite the head); node adds `Host`.
  #headerObject(req: HttpRequest, contentType: string | undefined, cookie: string): Record<string, string> {
    const headers: Record<string, string> = { ...this.#baseHeaders, ...req.headers };
    if (contentType !== undefined && !hasHeader(headers, 'content-type'))
      headers['Content-Type'] = contentType;
    if (cookie !== '') headers.Cookie = cookie;
    return headers;
  }

  // The whole head as [name, value, …], in the order node would write the object form: base
  // headers and the request's own, Content-Type, Cookie, Content-Length, Host.
  #headerList(
    req: HttpRequest,
    contentType: string | undefined,
    cookie: string,
    body: string | undefined,
    host: string,
  ): string[] {
    const merged = this.#mergedHeaders(req.headers);
    const list = merged.pairs.slice();
    if (contentType !== undefined && !merged.contentType) list.push('Content-Type', contentType);
    if (cookie !== '') list.push('Cookie', cookie);
    if (body !== undefined) list.push('Content-Length', String(Buffer.byteLength(body)));
    if (!merged.host) list.push('Host', host);
    return list;
  }

  // Base headers with a request's own on top (a name in any case replaces the base header, as
  // node's setHeader does), worked out once per headers object: the protocol layer passes the same
  // few objects again and again.
  #mergedHeaders(extra: Readonly<Record<string, string>> | undefined): MergedHeaders {
    const key = extra ?? this.#baseHeaders;
    let merged = this.#merged.get(key);
    if (merged === undefined) {
      const byName = new Map<string, [string, string]>();
      for (const [k, v] of Object.entries({ ...this.#baseHeaders, ...extra }))
        byName.set(k.toLowerCase(), [k, v]);
      merged = {
        pairs: [...byName.values()].flat(),
        contentType: byName.has('content-type'),
        host: byName.has('host'),
      };
      this.#merged.set(key, merged);
    }
    return merged;
  }

  async #send(req: HttpRequest, responseType: 'text' | 'arraybuffer' | 'stream'): Promise<AxiosResponse> {
    const url = rewriteUrl(req.url, this.#target);
    let res: AxiosResponse;
    try {
      const side = await this.#axiosFor();
      res = await side.axios.request({
        url,
        method: req.method ?? 'GET',
        data: req.body,
        headers: req.headers,
        timeout: req.timeoutMs,
        signal: req.signal,
        responseType,
        maxRedirects: req.followRedirects ? 5 : 0,
        httpAgent: side.httpAgent,
        httpsAgent: side.httpsAgent,
      });
    } catch (err) {
      throw toNetworkError(req, err);
    } finally {
      // The cookie agents write Set-Cookie into the jar themselves.
      this.#cookies.invalidate();
    }
    try {
      checkStatus(req, res.status);
    } catch (err) {
      if (responseType === 'stream') (res.data as Readable).destroy();
      throw err;
    }
    return res;
  }
}

/** Throws for 5xx (WxNetworkError) and for unexpected statuses (WxApiError). */
function checkStatus(req: HttpRequest, status: number): void {
  if (status >= 500) {
    throw new WxNetworkError(req.endpoint, `${req.endpoint}: server error HTTP ${status}`, { status });
  }
  if ((status < 200 || status >= 300) && !req.acceptStatus?.includes(status)) {
    throw new WxApiError(req.endpoint, undefined, `${req.endpoint}: unexpected HTTP ${status}`);
  }
}

/** The `Host` header node would write for this host name and port. */
function hostHeader(hostname: string, port: string | number, secure: boolean): string {
  return port !== '' && Number(port) !== (secure ? 443 : 80) ? `${hostname}:${port}` : hostname;
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  for (const k in headers) if (k.toLowerCase() === name) return true;
  return false;
}

/** Maps an axios failure to a WxNetworkError whose message and cause carry no URL or header. */
function toNetworkError(req: HttpRequest, err: unknown): WxNetworkError {
  if (req.signal?.aborted) {
    return new WxNetworkError(req.endpoint, `${req.endpoint}: request aborted`, {
      cause: new Error('aborted'),
    });
  }
  if (err instanceof TextRequestError) {
    const timedOut = err.code === 'ETIMEDOUT';
    const msg = timedOut
      ? `no answer within ${req.timeoutMs} ms`
      : err.code === 'EBODYTOOLARGE'
        ? 'answer too large (over maxResponseBytes); not read'
        : err.code;
    const cause = Object.assign(new Error(msg), { code: err.code });
    return new WxNetworkError(req.endpoint, `${req.endpoint}: ${msg}`, { cause, host: hostOf(req.url) });
  }
  if (isAxiosError(err)) {
    const tooLarge = err.message.includes('maxContentLength');
    const code = tooLarge ? 'EBODYTOOLARGE' : typeof err.code === 'string' ? err.code : 'ERR_NETWORK';
    if (tooLarge) {
      const cause = Object.assign(new Error('answer too large'), { code });
      return new WxNetworkError(
        req.endpoint,
        `${req.endpoint}: answer too large (over maxResponseBytes); not read`,
        {
          cause,
        },
      );
    }
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    const msg = timedOut ? `no answer within ${req.timeoutMs} ms` : `${code}`;
    const cause = Object.assign(new Error(msg), { code });
    return new WxNetworkError(req.endpoint, `${req.endpoint}: ${msg}`, { cause, host: hostOf(req.url) });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new WxNetworkError(req.endpoint, `${req.endpoint}: request failed`, { cause: new Error(msg) });
}

/** The host name of a request URL (never its path or query: those carry secrets). */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** axios's own `isAxiosError` without loading axios (its errors carry `isAxiosError: true`). */
function isAxiosError(err: unknown): err is Error & { code?: unknown } {
  return err instanceof Error && (err as { isAxiosError?: unknown }).isAxiosError === true;
}

/** True when an error comes from an aborted request (stop()). */
export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true || (err instanceof WxNetworkError && err.message.endsWith('request aborted'))
  );
}
