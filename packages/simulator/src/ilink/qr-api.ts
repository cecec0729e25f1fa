import QRCode from 'qrcode';
import { SimulatorError } from '../errors.js';
import { holdLongPoll } from '../hold.js';
import { parseJsonObject, type RequestContext, readBody, send } from '../http.js';
import type { IlinkCore } from './core.js';
import { ILINK_API_HOST, ILINK_REDIRECT_HOST } from './options.js';
import { isTerminalStatus, type QrAnswer, type QrLogin } from './qr-logins.js';
import { sendIlinkJson } from './wire.js';

/** Options of a scan by the scripted user. */
export interface IlinkScanOptions {
  /** Ask for the pair code shown on the phone (`need_verifycode`). */
  verifyCode?: boolean;
  /** Answer `scaned_but_redirect`: `true` for the default other-IDC host, or a host name. */
  redirect?: boolean | string;
}

/** The phone of `userName` scans QR `l`. A bot of this user named in `local_token_list` → `binded_redirect`. */
export function scanQr(core: IlinkCore, l: QrLogin, userName: string, opts: IlinkScanOptions = {}): void {
  if (core.logins.expired(l, core.now)) throw new SimulatorError('QR_EXPIRED', `QR ${l.qrcode} has expired`);
  if (l.phase !== 'wait') throw new SimulatorError('QR_STATE', `QR ${l.qrcode} was already scanned`);
  const user = core.user(userName);
  const live = core.bots.ofOwner(user.userId);
  const redirectHost =
    opts.redirect === true ? ILINK_REDIRECT_HOST : opts.redirect ? String(opts.redirect) : undefined;
  core.logins.scan(l, userName, {
    ...(opts.verifyCode ? { verifyCode: true } : {}),
    ...(redirectHost ? { redirectHost } : {}),
  });
  core.emit('qr.scan', `${userName} scanned QR ${l.qrcode}`);
  if (live && l.localTokens.includes(live.token)) {
    core.logins.finish(l, 'binded');
    core.emit('qr.binded', `QR ${l.qrcode}: ${userName} is already bound to this installation`);
  }
}

/** The scanning user confirms on the phone: a new binding (the user's old token then gets -14). */
export function confirmQr(core: IlinkCore, l: QrLogin): void {
  if (core.logins.expired(l, core.now)) throw new SimulatorError('QR_EXPIRED', `QR ${l.qrcode} has expired`);
  if (!l.user) throw new SimulatorError('QR_STATE', `QR ${l.qrcode} has not been scanned`);
  if (l.phase === 'need_code') {
    throw new SimulatorError('QR_STATE', `QR ${l.qrcode} waits for the pair code ${l.verifyCode ?? ''}`);
  }
  if (l.phase !== 'scanned') throw new SimulatorError('QR_STATE', `QR ${l.qrcode} cannot be confirmed now`);
  const user = core.user(l.user);
  const baseurl = core.apiBaseUrl(l.redirectHost ?? ILINK_API_HOST);
  const b = core.bots.bind(user.userId, user.name, core.now, baseurl, core.opts.newBotIdOnRebind);
  core.logins.finish(l, 'confirmed', {
    bot_token: b.token,
    ilink_bot_id: b.botId,
    baseurl,
    ilink_user_id: user.userId,
  });
  core.emit('bind', `${user.name} bound to bot ${b.botId}`);
}

function scheduleAutoConfirm(core: IlinkCore, l: QrLogin): void {
  const auto = core.opts.autoConfirm;
  if (!auto) return;
  core.later(auto.delayMs, () => {
    if (l.phase === 'wait' && !core.logins.expired(l, core.now)) scanQr(core, l, auto.user);
    core.later(auto.delayMs, () => {
      if (l.phase === 'scanned') confirmQr(core, l);
    });
  });
}

/** `POST` (or legacy `GET`) `ilink/bot/get_bot_qrcode?bot_type=3`. */
export async function handleGetBotQrcode(core: IlinkCore, ctx: RequestContext): Promise<void> {
  const botType = ctx.query.get('bot_type');
  let tokens: string[] = [];
  if (ctx.method === 'POST') {
    const body = parseJsonObject(await readBody(ctx.req, 64 * 1024));
    const list = body?.local_token_list;
    if (Array.isArray(list)) tokens = list.filter((t): t is string => typeof t === 'string');
  }
  if (botType === null || botType === '') {
    sendIlinkJson(ctx.res, { err_msg: 'missing bot_type', ret: 1 });
    return;
  }
  if (botType !== '3') {
    sendIlinkJson(ctx.res, { err_msg: 'invalid bot_type', ret: 1 });
    return;
  }
  const l = core.logins.create(core.now, tokens);
  core.emit('qr.new', `new QR ${l.qrcode} (${tokens.length} local tokens)`);
  scheduleAutoConfirm(core, l);
  sendIlinkJson(ctx.res, { qrcode: l.qrcode, qrcode_img_content: core.landingUrl(l.qrcode), ret: 0 });
}

function statusBody(a: QrAnswer): Record<string, unknown> {
  if (a.credentials) return { ret: 0, status: a.status, ...a.credentials };
  if (a.redirectHost) return { ret: 0, status: a.status, redirect_host: a.redirectHost };
  return { ret: 0, status: a.status };
}

/** The API host a request was meant for: local names (127.0.0.1, localhost) stand for the default host. */
export function apiHostOf(ctx: RequestContext): string {
  const h = ctx.host;
  return h === '' || h === 'localhost' || /^[\d.]+$/.test(h) || h.startsWith('[') ? ILINK_API_HOST : h;
}

/**
 * `GET ilink/bot/get_qrcode_status?qrcode=…[&verify_code=…]`: a long-poll held while the status is
 * `wait` or unchanged since the last answer on this host; terminal statuses and pair-code checks answer at once.
 */
export function handleQrStatus(core: IlinkCore, ctx: RequestContext): void {
  const qrcode = ctx.query.get('qrcode') ?? '';
  const l = core.logins.get(qrcode);
  if (!l) {
    // [inf] an unknown or long-gone handle reads as expired.
    sendIlinkJson(ctx.res, { ret: 0, status: 'expired' });
    return;
  }
  const host = apiHostOf(ctx);
  const code = ctx.query.get('verify_code') ?? undefined;
  const first = core.logins.answer(l, host, core.now, code);
  const settle = (a: QrAnswer): string => {
    l.reported.set(host, a.status);
    if (a.status === 'confirmed') core.emit('qr.confirm', `QR ${l.qrcode} confirmed`);
    return JSON.stringify(statusBody(a));
  };
  const last = l.reported.get(host);
  if (
    isTerminalStatus(first.status) ||
    first.evaluated ||
    (first.status !== 'wait' && first.status !== last)
  ) {
    sendIlinkJson(ctx.res, statusBody(first));
    l.reported.set(host, first.status);
    return;
  }
  const hold = Math.min(core.opts.qrHoldMs, core.logins.remaining(l, core.now) + 1);
  holdLongPoll(
    ctx.res,
    hold,
    (wake) => core.logins.subscribe(wake),
    () => {
      const a = core.logins.answer(l, host, core.now, undefined);
      return a.status !== first.status ? settle(a) : undefined;
    },
    () => settle(core.logins.answer(l, host, core.now, undefined)),
    (body) => send(ctx.res, 200, 'application/json', body),
  );
}

/** `GET /q/7GiQu1?qrcode=…&bot_type=3` on the liteapp host: the HTML landing page (not an image). */
export async function handleLandingPage(core: IlinkCore, ctx: RequestContext): Promise<void> {
  const qrcode = ctx.query.get('qrcode') ?? '';
  const png = await QRCode.toBuffer(core.landingUrl(qrcode), { type: 'png', margin: 2 });
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>微信 ClawBot</title></head><body><p>请使用微信扫一扫</p><img alt="QR" src="data:image/png;base64,${png.toString('base64')}"></body></html>`;
  send(ctx.res, 200, 'text/html; charset=utf-8', html, { 'X-Frame-Options': 'SAMEORIGIN' });
}

/** A PNG of the QR code of `qrcode` (control API helper: the real service has no image endpoint). */
export function qrPng(core: IlinkCore, qrcode: string): Promise<Buffer> {
  return QRCode.toBuffer(core.landingUrl(qrcode), { type: 'png', margin: 2 });
}
