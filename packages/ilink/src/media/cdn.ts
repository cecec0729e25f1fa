import { IlinkConfigError, IlinkMediaError, IlinkNetworkError } from '../errors.js';
import { HttpClient } from '../transport/http.js';
import { sleep } from '../transport/sleep.js';

/** The default media CDN. */
export const DEFAULT_CDN_BASE_URL = 'https://novac2c.cdn.weixin.qq.com/c2c';

/** Options of {@link CdnClient}. */
export interface CdnClientOptions {
  /** CDN base (default {@link DEFAULT_CDN_BASE_URL}). */
  readonly cdnBaseUrl?: string | undefined;
  /**
   * Hosts a server-given `full_url` / `upload_full_url` may point at (default: the CDN base's host
   * and `novac2c.cdn.weixin.qq.com`). Any other URL is ignored and the client builds its own,
   * so a hostile answer cannot make the bot fetch an arbitrary address.
   */
  readonly allowedHosts?: readonly string[] | undefined;
  readonly http?: HttpClient | undefined;
  readonly connectTo?: string | undefined;
  /** Upload deadline per attempt (default 120 000 ms). */
  readonly uploadTimeoutMs?: number | undefined;
  /** Download deadline (default 120 000 ms). */
  readonly downloadTimeoutMs?: number | undefined;
  /** Largest download accepted (default 100 MiB). */
  readonly maxDownloadBytes?: number | undefined;
  /** Upload attempts on CDN faults (5xx, no `x-encrypted-param`); default 3. 4xx is never retried. */
  readonly uploadAttempts?: number | undefined;
  /** Pause between upload attempts (default 1000 ms). */
  readonly retryDelayMs?: number | undefined;
}

/**
 * The media CDN: POST ciphertext up (the download token comes back in `x-encrypted-param`), GET
 * ciphertext down. No auth headers: the URLs carry the authorisation, so they never reach errors.
 *
 * @example
 * const cdn = new CdnClient();
 * const param = await cdn.upload({ uploadFullUrl, uploadParam, filekey }, cipherText);
 */
export class CdnClient {
  readonly baseUrl: string;
  readonly #http: HttpClient;
  readonly #allowed: ReadonlySet<string>;
  readonly #options: CdnClientOptions;

  constructor(options: CdnClientOptions = {}) {
    this.#options = options;
    const base = options.cdnBaseUrl ?? DEFAULT_CDN_BASE_URL;
    let host: string;
    try {
      host = new URL(base).host;
    } catch (cause) {
      throw new IlinkConfigError(
        'cdnBaseUrl',
        `cdnBaseUrl must be a URL like ${DEFAULT_CDN_BASE_URL} (got ${JSON.stringify(base)})`,
        {
          cause,
        },
      );
    }
    this.baseUrl = base.replace(/\/+$/, '');
    this.#allowed = new Set(options.allowedHosts ?? [host, 'novac2c.cdn.weixin.qq.com']);
    this.#http = options.http ?? new HttpClient({ connectTo: options.connectTo });
  }

  /** True when `url` is an http(s) URL on an allowed CDN host. */
  isAllowed(url: string): boolean {
    try {
      const u = new URL(url);
      return (u.protocol === 'https:' || u.protocol === 'http:') && this.#allowed.has(u.host);
    } catch {
      return false;
    }
  }

  /**
   * Uploads ciphertext; returns the `x-encrypted-param` to send as `encrypt_query_param`.
   * Prefers the server's `upload_full_url` (protocol.md §17 T14) and falls back to one built from
   * `upload_param` + `filekey`.
   */
  async upload(
    target: { uploadFullUrl?: string | undefined; uploadParam?: string | undefined; filekey: string },
    cipherText: Buffer,
    signal?: AbortSignal,
  ): Promise<string> {
    let url: string;
    if (target.uploadFullUrl && this.isAllowed(target.uploadFullUrl)) url = target.uploadFullUrl;
    else if (target.uploadParam) {
      url = `${this.baseUrl}/upload?encrypted_query_param=${encodeURIComponent(target.uploadParam)}&filekey=${encodeURIComponent(target.filekey)}`;
    } else {
      throw new IlinkMediaError(
        'CDN_UPLOAD',
        'cdn-upload: no usable upload URL (upload_full_url not on an allowed host, no upload_param)',
      );
    }
    const attempts = Math.max(1, this.#options.uploadAttempts ?? 3);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.#options.retryDelayMs ?? 1000, signal);
      try {
        const res = await this.#http.request({
          endpoint: 'cdn-upload',
          method: 'POST',
          url,
          headers: { 'Content-Type': 'application/octet-stream' },
          body: cipherText,
          timeoutMs: this.#options.uploadTimeoutMs ?? 120_000,
          signal,
          maxResponseBytes: 64 * 1024,
        });
        const param = res.headers['x-encrypted-param'];
        if (res.status === 200 && typeof param === 'string' && param !== '') return param;
        const why = headerText(res.headers['x-error-message']) ?? res.body.toString('utf8').slice(0, 200);
        if (res.status >= 400 && res.status < 500) {
          throw new IlinkMediaError(
            'CDN_UPLOAD',
            `cdn-upload: the CDN refused the file (HTTP ${res.status}${why ? `: ${why}` : ''})`,
          );
        }
        lastError = new IlinkNetworkError(
          'cdn-upload',
          'HTTP_STATUS',
          res.status === 200
            ? 'cdn-upload: HTTP 200 without x-encrypted-param'
            : `cdn-upload: the CDN answered HTTP ${res.status}${why ? ` (${why})` : ''}`,
          { status: res.status, host: res.host },
        );
      } catch (err) {
        if (err instanceof IlinkMediaError) throw err;
        if (err instanceof IlinkNetworkError && err.code === 'ABORTED') throw err;
        lastError = err;
      }
    }
    throw new IlinkMediaError('CDN_UPLOAD', `cdn-upload: failed after ${attempts} attempts`, {
      cause: lastError,
    });
  }

  /** Downloads ciphertext by the server's `full_url` (if allowed) or the `encrypt_query_param`. */
  async download(
    media: { full_url?: string | undefined; encrypt_query_param?: string | undefined },
    signal?: AbortSignal,
  ): Promise<Buffer> {
    let url: string;
    if (media.full_url && this.isAllowed(media.full_url)) url = media.full_url;
    else if (media.encrypt_query_param) {
      url = `${this.baseUrl}/download?encrypted_query_param=${encodeURIComponent(media.encrypt_query_param)}`;
    } else {
      throw new IlinkMediaError(
        'CDN_DOWNLOAD',
        'cdn-download: the media has no encrypt_query_param and no allowed full_url',
      );
    }
    const res = await this.#http.request({
      endpoint: 'cdn-download',
      method: 'GET',
      url,
      headers: {},
      timeoutMs: this.#options.downloadTimeoutMs ?? 120_000,
      signal,
      maxResponseBytes: this.#options.maxDownloadBytes ?? 100 * 1024 * 1024,
    });
    if (res.status !== 200) {
      throw new IlinkNetworkError(
        'cdn-download',
        'HTTP_STATUS',
        `cdn-download: the CDN answered HTTP ${res.status}`,
        {
          status: res.status,
          host: res.host,
        },
      );
    }
    return res.body;
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.slice(0, 200) : undefined;
}
