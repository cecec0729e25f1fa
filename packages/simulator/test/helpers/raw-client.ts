import { type IncomingHttpHeaders, request } from 'node:http';

/** One stored cookie. */
interface StoredCookie {
  name: string;
  value: string;
  /** Without leading dot. */
  domain: string;
  hostOnly: boolean;
}

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** Options of one request. */
export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send no cookies. */
  noCookies?: boolean;
  /** `Host` header style: `'port'` = `host:PORT` (our client), `'plain'` = `host` (third-party). */
  hostStyle?: 'port' | 'plain';
}

/**
 * A tiny Web WeChat-ish HTTP client for the tests: always connects to 127.0.0.1:PORT, keeps the real
 * host name in the `Host` header, and has a minimal domain-aware cookie store.
 */
export class RawClient {
  readonly cookies: StoredCookie[] = [];

  constructor(readonly port: number) {}

  /** Cookies that would be sent to `host`. */
  cookiesFor(host: string): StoredCookie[] {
    return this.cookies.filter((c) =>
      c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`),
    );
  }

  /** Value of a stored cookie by name. */
  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  /** Removes a cookie by name. */
  dropCookie(name: string): void {
    const i = this.cookies.findIndex((c) => c.name === name);
    if (i >= 0) this.cookies.splice(i, 1);
  }

  /** Performs a request to `https://host/path?query` (scheme ignored). */
  request(url: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
    const u = new URL(url);
    const host = u.hostname;
    const headers: Record<string, string> = {
      Host: opts.hostStyle === 'plain' ? host : `${host}:${this.port}`,
      ...(opts.headers ?? {}),
    };
    if (!opts.noCookies) {
      const jar = this.cookiesFor(host);
      if (jar.length > 0) headers.Cookie = jar.map((c) => `${c.name}=${c.value}`).join('; ');
    }
    const body =
      opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
    if (body) headers['Content-Length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: `${u.pathname}${u.search}`,
          method: opts.method ?? (body ? 'POST' : 'GET'),
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.store(host, res.headers['set-cookie'] ?? []);
            const buf = Buffer.concat(chunks);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: buf,
              text: buf.toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  }

  /** POSTs JSON and parses the JSON answer (lossy for NewMsgId; use `.text` for exact digits). */
  async postJson(
    url: string,
    value: unknown,
    opts: RawRequestOptions = {},
  ): Promise<{ res: RawResponse; json: Record<string, unknown> }> {
    const res = await this.request(url, {
      ...opts,
      method: 'POST',
      body: JSON.stringify(value),
      headers: { 'Content-Type': 'application/json;charset=UTF-8', ...(opts.headers ?? {}) },
    });
    return { res, json: JSON.parse(res.text) as Record<string, unknown> };
  }

  private store(host: string, setCookies: string[]): void {
    for (const sc of setCookies) {
      const [pair = '', ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let domain = host;
      let hostOnly = true;
      for (const a of attrs) {
        const [k = '', v = ''] = a.split('=');
        if (k.trim().toLowerCase() === 'domain') {
          domain = v.trim().replace(/^\./, '');
          hostOnly = false;
        }
      }
      const i = this.cookies.findIndex((c) => c.name === name && c.domain === domain);
      const entry = { name, value, domain, hostOnly };
      if (i >= 0) this.cookies[i] = entry;
      else this.cookies.push(entry);
    }
  }
}
