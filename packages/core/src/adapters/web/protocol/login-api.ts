import { LoginError, LoginRefusedError, WxApiError } from '../../../errors.js';
import type { HttpTransport } from '../transport/http.js';
import { UOS_USER_AGENT } from '../transport/options.js';
import { type ApiContext, apiUrl, CGI, type LoginMode } from './context.js';
import { DEFAULT_LOGIN_HOST, type Hosts, QR_HOST } from './hosts.js';
import { notNow } from './ids.js';
import { jsAssignment, parseJson, parseXml, str } from './parse.js';

/** The only appid that works for web login ("Web微信"). */
export const WEB_APPID = 'wx782c26e4c19acffb';

/** `extspam` header of the UOS desktop mode (protocol.md §3.5), an opaque constant. */
export const UOS_EXTSPAM =
  'Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY/5FfiO++1yH4ykCyNPWKXmco+wfQzK5R98D3so7rJ5LmGFvBLjGceleySrc3SOf2Pc1gVehzJgODeS0lDL3/I/0S2SSE98YgKleq6Uqx6ndTy9yaL9qFxJL7eiA/R3SEfTaW1SBoSITIu+EEkXff+Pv8NHOk7N57rcGk1w0ZzRrQDkXTOXFN2iHYIzAAZPIOY45Lsh+A4slpgnDiaOvRtlQYCt97nmPLuTipOJ8Qc5pM7ZsOsAPPrCQL7nK0I7aPrFDF0q4ziUUKettzW8MrAaiVfmbD1/VkmLNVqqZVvBCtRblXb5FHmtS8FxnqCzYP4WFvz3T0TcrOqwLX1M/DQvcHaGGw0B0y4bZMs7lVScGBFxMj3vbFi2SRKbKhaitxHfYHAOAa0X7/MSS0RNAjdwoyGHeOepXOKY+h3iHeqCvgOH6LOifdHf/1aaZNwSkGotYnYScW8Yx63LnSwba7+hESrtPa/huRmB9KWvMCKbDThL/nne14hnL277EDCSocPu3rOSYjuB9gKSOdVmWsj9Dxb/iZIe+S6AiG29Esm+/eUacSba0k8wn5HhHg9d4tIcixrxveflc8vi2/wNQGVFNsGO6tB5WF0xf/plngOvQ1/ivGV/C1Qpdhzznh0ExAVJ6dwzNg7qIEBaw+BzTJTUuRcPk92Sn6QDn2Pu3mpONaEumacjW4w6ipPnPw+g2TfywJjeEcpSZaP4Q3YV5HG8D6UjWA4GSkBKculWpdCMadx0usMomsSS/74QgpYqcPkmamB4nVv1JxczYITIqItIKjD35IGKAUwAA==';

/** Options shared by the pre-login calls (there is no session yet). */
export interface LoginCallOptions {
  readonly http: HttpTransport;
  readonly mode: LoginMode;
  readonly timeoutMs: number;
  readonly lang?: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * `jslogin`: asks for a new login uuid (protocol.md §3.1).
 *
 * @example
 * const uuid = await jsLogin({ http, mode: 'desktop', timeoutMs: 10_000 });
 */
export async function jsLogin(o: LoginCallOptions): Promise<string> {
  const redirect = `https://wx.qq.com${CGI}/webwxnewloginpage${o.mode === 'desktop' ? '?mod=desktop' : ''}`;
  const url = apiUrl(DEFAULT_LOGIN_HOST, '/jslogin', {
    appid: WEB_APPID,
    redirect_uri: redirect,
    fun: 'new',
    lang: o.lang ?? 'zh_CN',
    _: Date.now(),
  });
  const res = await o.http.text({ endpoint: 'jslogin', url, timeoutMs: o.timeoutMs, signal: o.signal });
  const code = jsAssignment(res.data, 'window.QRLogin.code');
  const uuid = jsAssignment(res.data, 'window.QRLogin.uuid');
  if (code !== '200' || !uuid) {
    throw new WxApiError(
      'jslogin',
      code === undefined ? undefined : Number(code),
      'jslogin: no login uuid in the answer',
    );
  }
  return uuid;
}

/** The text a QR code must encode for `uuid` (§3.2). */
export function qrContent(uuid: string): string {
  return `https://${QR_HOST}/l/${uuid}`;
}

/** The ready-made QR JPEG for `uuid` (§3.2). */
export function qrImageUrl(uuid: string): string {
  return `https://${QR_HOST}/qrcode/${uuid}`;
}

/** One answer of the login long-poll (§3.3). */
export type LoginPollResult =
  | { readonly code: 408 }
  | { readonly code: 201; readonly avatar: string | undefined }
  | { readonly code: 200; readonly redirectUri: string }
  /** 400 expired, 500 server error, 202 cancelled, or `undefined` when there was no code at all. */
  | { readonly code: 400 | 500 | 202 | undefined; readonly raw: number | undefined };

/** `login` long-poll: has the QR been scanned / confirmed? `tip` is 1 before the scan, 0 after. */
export async function pollLogin(
  o: LoginCallOptions & { readonly uuid: string; readonly tip: 0 | 1; readonly loginHost?: string },
): Promise<LoginPollResult> {
  const now = Date.now();
  const url = apiUrl(o.loginHost ?? DEFAULT_LOGIN_HOST, `${CGI}/login`, {
    loginicon: 'true',
    uuid: o.uuid,
    tip: o.tip,
    r: notNow(now),
    _: now,
  });
  const res = await o.http.text({ endpoint: 'login', url, timeoutMs: o.timeoutMs, signal: o.signal });
  return parseLoginPoll(res.data);
}

/** Parses a `login` poll body (exported for replay tests). */
export function parseLoginPoll(body: string): LoginPollResult {
  const codeText = jsAssignment(body, 'window.code');
  const code = codeText === undefined ? undefined : Number(codeText);
  if (code === 408) return { code: 408 };
  if (code === 201) return { code: 201, avatar: jsAssignment(body, 'window.userAvatar') || undefined };
  if (code === 200) {
    const redirectUri = jsAssignment(body, 'window.redirect_uri');
    if (redirectUri && /^https?:\/\//.test(redirectUri)) return { code: 200, redirectUri };
    return { code: undefined, raw: 200 };
  }
  if (code === 400 || code === 500 || code === 202) return { code, raw: code };
  return { code: undefined, raw: code };
}

/** What `webwxnewloginpage` gives (before DeviceID is attached). */
export interface LoginTicket {
  readonly uin: number;
  readonly sid: string;
  readonly skey: string;
  readonly passTicket: string;
}

/** Explains ret 1203 and the way out. */
export function refusedMessage(ret: number, serverMessage: string, mode: LoginMode): string {
  const way =
    mode === 'desktop'
      ? 'the account is refused even in desktop (UOS) mode; it may need real-name verification, or wait and retry later'
      : 'try login.mode: desktop';
  const detail = serverMessage ? ` Server said: ${serverMessage}` : '';
  return `Web login refused (ret=${ret}): this account cannot use web WeChat; ${way}.${detail}`;
}

/**
 * `webwxnewloginpage`: trades the redirect ticket for the session secrets (§3.4). Desktop mode adds
 * the UOS headers; a 301 with the XML in its body is accepted. Cookies `wxsid`/`wxuin` fill gaps.
 *
 * @throws LoginError `LOGIN_REFUSED` for ret ≠ 0 (1203: the message names the way out).
 */
export async function newLoginPage(
  o: LoginCallOptions & { readonly redirectUri: string },
): Promise<LoginTicket> {
  const sep = o.redirectUri.includes('?') ? '&' : '?';
  const url = `${o.redirectUri}${sep}fun=new&version=v2${o.mode === 'desktop' && !/[?&]mod=desktop/.test(o.redirectUri) ? '&mod=desktop' : ''}`;
  const headers: Record<string, string> =
    o.mode === 'desktop'
      ? {
          'client-version': '2.0.0',
          extspam: UOS_EXTSPAM,
          Referer: 'https://wx.qq.com/?&lang=zh_CN&target=t',
          'User-Agent': UOS_USER_AGENT,
        }
      : {};
  const res = await o.http.text({
    endpoint: 'webwxnewloginpage',
    url,
    headers,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    acceptStatus: [301, 302],
  });
  if (
    res.status >= 300 &&
    res.status < 400 &&
    res.headers.location === undefined &&
    !res.data.includes('<error')
  ) {
    // Reported for desktop mode on accounts without real-name verification / WeChat Pay.
    throw new LoginRefusedError(
      res.status,
      `Login refused: webwxnewloginpage answered ${res.status} without a Location (this account is not allowed to use ${o.mode} mode; desktop mode needs real-name verification and WeChat Pay). Scanning again will not help: use the official iLink transport.`,
    );
  }
  return parseNewLoginPage(res.data, o.mode, (name) => o.http.cookie(name, o.redirectUri));
}

/** Parses the `webwxnewloginpage` XML (exported for replay tests). */
export function parseNewLoginPage(
  body: string,
  mode: LoginMode,
  cookie: (name: string) => string | undefined = () => undefined,
): LoginTicket {
  if (!body.includes('<error')) {
    throw new LoginError(
      'LOGIN_BAD_ANSWER',
      'Login failed: the server did not return the login XML; scan the QR code again.',
    );
  }
  const doc = parseXml('webwxnewloginpage', body);
  const e = (doc.error ?? {}) as Record<string, unknown>;
  const ret = Number(str(e.ret));
  if (ret !== 0 || Number.isNaN(ret)) {
    throw new LoginRefusedError(ret, refusedMessage(ret, str(e.message), mode));
  }
  const skey = str(e.skey);
  const sid = str(e.wxsid) || cookie('wxsid') || '';
  const uinText = str(e.wxuin) || cookie('wxuin') || '';
  const passTicket = str(e.pass_ticket);
  const uin = Number(uinText);
  if (!skey || !sid || !passTicket || !Number.isFinite(uin) || uin <= 0) {
    throw new LoginError(
      'LOGIN_BAD_ANSWER',
      'Login failed: the login answer lacks skey/wxsid/wxuin/pass_ticket; try again.',
    );
  }
  return { uin, sid, skey, passTicket };
}

/**
 * `webwxpushloginurl`: asks the phone to confirm a login without a QR (§3.7).
 * Returns the uuid to poll, or `undefined` when the server refuses (fall back to the QR).
 */
export async function pushLoginUrl(
  o: LoginCallOptions & { readonly mainHost: string; readonly uin: number },
): Promise<string | undefined> {
  const url = apiUrl(o.mainHost, `${CGI}/webwxpushloginurl`, {
    uin: o.uin,
    mod: o.mode === 'desktop' ? 'desktop' : undefined,
  });
  const res = await o.http.text({
    endpoint: 'webwxpushloginurl',
    url,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
  });
  const json = parseJson('webwxpushloginurl', res.data);
  const uuid = str(json.uuid);
  return str(json.ret) === '0' && uuid ? uuid : undefined;
}

/** `webwxlogout`: ends the web session on the phone. The answer (a redirect/HTML) is ignored. */
export async function logout(ctx: ApiContext, type: 0 | 1 = 0, signal?: AbortSignal): Promise<void> {
  const url = apiUrl(ctx.hosts.main, `${CGI}/webwxlogout`, { redirect: 1, type, skey: ctx.creds.skey });
  const body = new URLSearchParams({ sid: ctx.creds.sid, uin: String(ctx.creds.uin) });
  await ctx.http.text({
    endpoint: 'webwxlogout',
    method: 'POST',
    url,
    body,
    timeoutMs: ctx.timeouts.request,
    signal,
    acceptStatus: [301, 302, 303, 400, 401, 403, 404],
  });
}

/** Hosts used for the uuid of a push login (the main host's login family). */
export function pushLoginHost(hosts: Hosts): string {
  return hosts.login;
}
