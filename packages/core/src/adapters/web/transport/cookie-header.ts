import type { CookieJar } from 'tough-cookie';

/** Longest time a computed `Cookie` header is reused without asking the jar again. */
const MAX_AGE_MS = 1000;
/** Distinct URLs (without query) remembered; the protocol uses a few dozen. */
const MAX_ENTRIES = 256;

interface CachedHeader {
  readonly value: string;
  /** Reuse until this time (ms): the earliest cookie expiry, at most {@link MAX_AGE_MS} ahead. */
  readonly until: number;
}

/**
 * The `Cookie` header for a URL, read from a tough-cookie jar and remembered per URL path for a
 * moment. Asking the jar on every request (domain/path matching, expiry checks, sorting) costs
 * more than the rest of a keep-alive request; the answer only changes when the server sets a
 * cookie (then {@link CookieHeaders.store} forgets everything) or one expires (bounded by `until`).
 *
 * @example
 * const cookies = new CookieHeaders(jar);
 * headers.Cookie = cookies.header('https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync?sid=…');
 * cookies.store(url, res.headers['set-cookie']);
 */
export class CookieHeaders {
  readonly #cache = new Map<string, CachedHeader>();

  constructor(readonly jar: CookieJar) {}

  /** The `Cookie` header value for `url` ('' when no cookie applies). */
  header(url: string): string {
    const q = url.indexOf('?');
    const key = q < 0 ? url : url.slice(0, q);
    const now = Date.now();
    const hit = this.#cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const cookies = this.jar.getCookiesSync(key);
    let until = now + MAX_AGE_MS;
    let value = '';
    for (const c of cookies) {
      value = value === '' ? c.cookieString() : `${value}; ${c.cookieString()}`;
      const expiry = c.expiryTime();
      if (expiry !== undefined && Number.isFinite(expiry) && expiry < until) until = expiry;
    }
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(key, { value, until });
    return value;
  }

  /** Saves `Set-Cookie` values received from `url` (bad ones are ignored) and forgets cached headers. */
  store(url: string, setCookie: readonly string[] | undefined): void {
    if (!setCookie || setCookie.length === 0) return;
    for (const line of setCookie) {
      try {
        this.jar.setCookieSync(line, url, { ignoreError: true });
      } catch {
        // A malformed cookie from the server is dropped, like a browser would.
      }
    }
    this.#cache.clear();
  }

  /** Forget cached headers (the jar was changed behind our back, e.g. by another HTTP stack). */
  invalidate(): void {
    this.#cache.clear();
  }
}
