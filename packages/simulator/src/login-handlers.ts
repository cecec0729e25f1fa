import QRCode from 'qrcode';
import { setCookie } from './cookies.js';
import type { SimCore } from './core.js';
import { holdLongPoll } from './hold.js';
import { dataTicketDomain } from './hosts.js';
import { type RequestContext, readBody, send, sendJs, sendJsonText } from './http.js';
import type { PendingLogin } from './logins.js';
import { DEFAULT_BYTES } from './media.js';
import { toWireJson } from './wire/index.js';

/** The only appid that works for `jslogin` ("Web微信"). */
export const WEB_APPID = 'wx782c26e4c19acffb';

/** The `extspam` header constant of UOS/desktop mode (protocol.md §3.5). */
export const EXTSPAM =
  'Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY/5FfiO++1yH4ykCyNPWKXmco+wfQzK5R98D3so7rJ5LmGFvBLjGceleySrc3SOf2Pc1gVehzJgODeS0lDL3/I/0S2SSE98YgKleq6Uqx6ndTy9yaL9qFxJL7eiA/R3SEfTaW1SBoSITIu+EEkXff+Pv8NHOk7N57rcGk1w0ZzRrQDkXTOXFN2iHYIzAAZPIOY45Lsh+A4slpgnDiaOvRtlQYCt97nmPLuTipOJ8Qc5pM7ZsOsAPPrCQL7nK0I7aPrFDF0q4ziUUKettzW8MrAaiVfmbD1/VkmLNVqqZVvBCtRblXb5FHmtS8FxnqCzYP4WFvz3T0TcrOqwLX1M/DQvcHaGGw0B0y4bZMs7lVScGBFxMj3vbFi2SRKbKhaitxHfYHAOAa0X7/MSS0RNAjdwoyGHeOepXOKY+h3iHeqCvgOH6LOifdHf/1aaZNwSkGotYnYScW8Yx63LnSwba7+hESrtPa/huRmB9KWvMCKbDThL/nne14hnL277EDCSocPu3rOSYjuB9gKSOdVmWsj9Dxb/iZIe+S6AiG29Esm+/eUacSba0k8wn5HhHg9d4tIcixrxveflc8vi2/wNQGVFNsGO6tB5WF0xf/plngOvQ1/ivGV/C1Qpdhzznh0ExAVJ6dwzNg7qIEBaw+BzTJTUuRcPk92Sn6QDn2Pu3mpONaEumacjW4w6ipPnPw+g2TfywJjeEcpSZaP4Q3YV5HG8D6UjWA4GSkBKculWpdCMadx0usMomsSS/74QgpYqcPkmamB4nVv1JxczYITIqItIKjD35IGKAUwAA==';

/** `ret 1203` refusal text for web mode (fixture `newloginpage-1203.xml`). */
const REFUSED_1203 =
  '<error><ret>1203</ret><message>为了你的帐号安全，此微信号不能登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。Windows微信下载地址：https://pc.weixin.qq.com  Mac微信下载地址：https://mac.weixin.qq.com</message></error>';

/** `ret 1203` "environment abnormal" variant, used when desktop-mode headers are missing. */
const REFUSED_ENV =
  '<error><ret>1203</ret><message>当前登录环境异常。为了你的帐号安全，暂时不能登录web微信。你可以通过Windows微信、Mac微信或者手机客户端微信登录。</message></error>';

const TICKET_ERROR = '<error><ret>-14</ret><message>ticket error</message></error>';

/** Schedules the automatic scan/confirm of a login attempt (sandbox mode). */
export function scheduleAutoConfirm(core: SimCore, l: PendingLogin): void {
  const delay = core.opts.autoConfirmDelayMs;
  if (delay === undefined) return;
  if (!l.push) core.later(delay, () => phoneScan(core, l));
  core.later(l.push ? delay : delay * 2, () => phoneConfirm(core, l));
}

/** The phone scans a QR login. */
export function phoneScan(core: SimCore, l: PendingLogin): void {
  if (l.state !== 'waiting') return;
  core.logins.scan(l, core.now);
  core.emit('login.scan', `phone scanned QR ${l.uuid}`);
}

/** The phone confirms a login. */
export function phoneConfirm(core: SimCore, l: PendingLogin): void {
  if (l.state !== 'waiting' && l.state !== 'scanned') return;
  core.logins.confirm(l, core.now, core.opts.redirectValidMs);
  core.emit('login.confirm', `phone confirmed login ${l.uuid}`);
}

/** `GET|POST /jslogin` on a login host. */
export async function handleJslogin(core: SimCore, ctx: RequestContext): Promise<void> {
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === 'POST') {
    const body = await readBody(ctx.req, 64 * 1024);
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!params.has(k)) params.set(k, v);
  }
  if (params.get('appid') !== WEB_APPID) {
    sendJs(ctx.res, 'window.QRLogin.code = 400; window.QRLogin.error = "invalid appid";');
    return;
  }
  const redirect = params.get('redirect_uri') ?? '';
  const mode = /[?&]mod=desktop(&|$)/.test(redirect) ? 'desktop' : 'web';
  const l = core.logins.create(mode, false, core.now);
  core.emit('login.uuid', `new QR login ${l.uuid} (${mode} mode)`);
  scheduleAutoConfirm(core, l);
  sendJs(ctx.res, `window.QRLogin.code = 200; window.QRLogin.uuid = "${l.uuid}";`);
}

/** `GET /qrcode/{uuid}`: a PNG of `https://login.weixin.qq.com/l/{uuid}`. */
export async function handleQrcode(_core: SimCore, ctx: RequestContext): Promise<void> {
  const uuid = decodeURIComponent(ctx.path.slice('/qrcode/'.length));
  const png = await QRCode.toBuffer(`https://login.weixin.qq.com/l/${uuid}`, { type: 'png', margin: 2 });
  send(ctx.res, 200, 'image/png', png);
}

function redirectUri(core: SimCore, l: PendingLogin): string {
  return `https://${core.mainHost}/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=${l.ticket}&uuid=${l.uuid}&lang=zh_CN&scan=${l.scanTs}`;
}

/** `GET /cgi-bin/mmwebwx-bin/login`: the login long-poll. */
export function handleLoginPoll(core: SimCore, ctx: RequestContext): void {
  const uuid = ctx.query.get('uuid') ?? '';
  const l = core.logins.get(uuid);
  const withIcon = ctx.query.get('loginicon') === 'true';
  const ready = (): string | undefined => {
    if (!l) return 'window.code=400;';
    if (l.state === 'cancelled') {
      if (l.cancelDelivered) return 'window.code=400;';
      l.cancelDelivered = true;
      return 'window.code=202;';
    }
    if (l.state === 'confirmed') {
      if (core.now > l.ticketExpiresMs) return 'window.code=400;';
      return `window.code=200;\nwindow.redirect_uri="${redirectUri(core, l)}";`;
    }
    if (l.state === 'done') return 'window.code=400;';
    if (core.now > l.createdMs + core.opts.qrExpireMs) return 'window.code=400;';
    if (l.state === 'scanned' && !l.scanDelivered) {
      l.scanDelivered = true;
      if (!withIcon) return 'window.code=201;';
      const avatar = Buffer.from(core.world.self.avatar ?? DEFAULT_BYTES.jpeg).toString('base64');
      return `window.code=201;window.userAvatar = 'data:img/jpg;base64,${avatar}';`;
    }
    return undefined;
  };
  holdLongPoll(
    ctx.res,
    core.opts.loginHoldMs,
    (wake) => (l ? core.logins.subscribe(l.uuid, wake) : () => {}),
    ready,
    () => 'window.code=408;',
    (body) => sendJs(ctx.res, body),
  );
}

/** `GET /cgi-bin/mmwebwx-bin/webwxnewloginpage` on the account's main host. */
export function handleNewLoginPage(core: SimCore, ctx: RequestContext): void {
  const xml = (body: string, status = 200, cookies: string[] = []): void =>
    send(ctx.res, status, 'text/plain', body, cookies.length ? { 'Set-Cookie': cookies } : {});
  if (ctx.host !== core.mainHost) {
    xml('<error><ret>1100</ret><message></message></error>');
    return;
  }
  const ticket = ctx.query.get('ticket') ?? '';
  const l = ticket ? core.logins.byTicket(ticket) : undefined;
  if (l?.state !== 'confirmed' || l.uuid !== ctx.query.get('uuid') || core.now > l.ticketExpiresMs) {
    xml(TICKET_ERROR);
    return;
  }
  // Single use: whatever happens next, the ticket is spent.
  l.state = 'done';
  const desktop = l.mode === 'desktop' || ctx.query.get('mod') === 'desktop';
  if (desktop && core.desktopEnvironmentRefused) {
    // Reported for accounts without real-name verification / WeChat Pay: a bare 301, no Location.
    core.emit('login.refused', 'desktop login refused: 301 without Location (account not verified)');
    send(ctx.res, 301, 'text/html', '');
    return;
  }
  if (desktop) {
    const cv = ctx.req.headers['client-version'];
    const spam = ctx.req.headers.extspam;
    if (typeof cv !== 'string' || cv === '' || spam !== EXTSPAM) {
      core.emit('login.refused', 'desktop login refused: client-version/extspam headers missing or wrong');
      xml(REFUSED_ENV);
      return;
    }
  }
  if (core.force1203 > 0 || (!desktop && !core.webLoginAllowed)) {
    if (core.force1203 > 0) core.force1203--;
    core.emit('login.refused', 'login refused with ret 1203');
    xml(REFUSED_1203);
    return;
  }
  const s = core.startSession(desktop ? 'desktop' : 'web');
  const now = core.now;
  const h12 = now + 12 * 3600_000;
  const y10 = now + 10 * 365 * 24 * 3600_000;
  const host = core.mainHost;
  const cookies = [
    setCookie('wxuin', String(s.uin), host, h12),
    setCookie('wxsid', s.sid, host, h12),
    setCookie('wxloadtime', String(Math.floor(now / 1000)), host, h12),
    setCookie('mm_lang', 'zh_CN', host, h12),
    setCookie('webwx_data_ticket', s.dataTicket, dataTicketDomain(host), h12),
    setCookie('webwxuvid', core.uvid, host, y10),
    setCookie('webwx_auth_ticket', core.authTicket ?? '', host, y10),
  ];
  const body = `<error><ret>0</ret><message></message><skey>${s.skey}</skey><wxsid>${s.sid}</wxsid><wxuin>${s.uin}</wxuin><pass_ticket>${s.passTicketEncoded}</pass_ticket><isgrayscale>1</isgrayscale></error>`;
  // The UOS quirk: without version=v2 the answer is a 301 with the XML in the body and no Location.
  const status = desktop && ctx.query.get('version') !== 'v2' ? 301 : 200;
  xml(body, status, cookies);
}

/** `GET …/webwxpushloginurl?uin=` (main or login host) with the `wxuin` + `webwx_auth_ticket` cookies. */
export function handlePushLogin(core: SimCore, ctx: RequestContext): void {
  const uin = ctx.query.get('uin') ?? '';
  const ok =
    uin === String(core.opts.account.uin) &&
    core.authTicket !== undefined &&
    ctx.cookies.get('webwx_auth_ticket') === core.authTicket &&
    ctx.cookies.get('wxuin') === uin;
  if (!ok) {
    sendJsonText(ctx.res, toWireJson({ ret: '1', msg: 'auth failed', uuid: '' }));
    return;
  }
  const mode = ctx.query.get('mod') === 'desktop' ? 'desktop' : (core.current?.mode ?? 'web');
  const l = core.logins.create(mode, true, core.now);
  core.emit('login.push', `push login ${l.uuid} waiting for the phone`);
  scheduleAutoConfirm(core, l);
  sendJsonText(ctx.res, toWireJson({ ret: '0', msg: 'all ok', uuid: l.uuid }));
}
