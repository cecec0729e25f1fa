import type { HttpTransport } from '../transport/http.js';
import type { TransportTimeouts } from '../transport/options.js';
import type { Hosts } from './hosts.js';
import type { WireBaseRequest } from './wire.js';

/** `web` = plain wx.qq.com login; `desktop` = the UOS variant that avoids ret 1203 (§3.5). */
export type LoginMode = 'web' | 'desktop';

/** What a successful login gives: the secrets every call needs. Never log these. */
export interface Credentials {
  readonly uin: number;
  readonly sid: string;
  /** Replaced when init/sync return a non-empty SKey. */
  skey: string;
  /** As found in the login XML: already percent-encoded. */
  readonly passTicket: string;
  /** `e` + 15 digits, one per session. */
  readonly deviceId: string;
}

/** Everything an endpoint function needs to talk to the account's hosts. */
export interface ApiContext {
  readonly http: HttpTransport;
  readonly mode: LoginMode;
  readonly timeouts: TransportTimeouts;
  /** `lang` query parameter (controls the language of server-made system texts). */
  readonly lang: string;
  readonly creds: Credentials;
  readonly hosts: Hosts;
}

/** The `BaseRequest` of every JSON body. */
export function baseRequest(creds: Credentials, uinAsString = false): WireBaseRequest {
  return {
    Uin: uinAsString ? String(creds.uin) : creds.uin,
    Sid: creds.sid,
    Skey: creds.skey,
    DeviceID: creds.deviceId,
  };
}

/** Query value: plain values are URL-encoded; `raw()` values are pasted verbatim. */
export type QueryValue = string | number | { readonly raw: string } | undefined;

/** Marks an already-encoded value (pass_ticket from the login XML). */
export function raw(value: string): { readonly raw: string } {
  return { raw: value };
}

/**
 * Builds `https://{host}{path}?a=1&b=2` with values encoded once (undefined values are left out).
 *
 * @example
 * apiUrl('wx2.qq.com', '/cgi-bin/mmwebwx-bin/webwxinit', { r: -1, pass_ticket: raw(ticket) })
 */
export function apiUrl(host: string, path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  let url = `https://${host}${path}`;
  let sep = '?';
  for (const k in query) {
    const v = query[k];
    if (v === undefined) continue;
    url += `${sep}${k}=${typeof v === 'object' ? v.raw : encodeURIComponent(String(v))}`;
    sep = '&';
  }
  return url;
}

/** Path prefix of every API endpoint. */
export const CGI = '/cgi-bin/mmwebwx-bin';

/** JSON request headers (§1: raw UTF-8, no `\/` escaping; JSON.stringify does neither). */
export const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8' } as const;

/** POSTs a JSON body to the main host and returns the response text. */
export async function postJson(
  ctx: ApiContext,
  endpoint: string,
  query: Readonly<Record<string, QueryValue>>,
  body: unknown,
  signal?: AbortSignal,
  timeoutMs: number = ctx.timeouts.request,
): Promise<string> {
  const res = await ctx.http.text({
    endpoint,
    method: 'POST',
    url: apiUrl(ctx.hosts.main, `${CGI}/${endpoint}`, query),
    body: JSON.stringify(body),
    headers: JSON_HEADERS,
    timeoutMs,
    signal,
  });
  return res.data;
}
