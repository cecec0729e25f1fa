import type { IncomingHttpHeaders } from 'node:http';
import type { Binding } from './bots.js';
import type { IlinkCore } from './core.js';

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** True when `v` is base64 of the decimal text of a uint32, as `X-WECHAT-UIN` must be (protocol.md §2.1). */
export function isValidWechatUin(v: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  const text = Buffer.from(v, 'base64').toString('utf8');
  if (!/^(0|[1-9]\d{0,9})$/.test(text) || Number(text) > 0xffffffff) return false;
  return Buffer.from(text, 'utf8').toString('base64') === v;
}

/** Why the headers of a bot call are refused, or `undefined` when they are fine. */
export function headerProblem(h: IncomingHttpHeaders, requireAppHeaders: boolean): string | undefined {
  if (requireAppHeaders) {
    if (!header(h, 'ilink-app-id')) return 'iLink-App-Id header missing';
    const v = header(h, 'ilink-app-clientversion');
    if (!v) return 'iLink-App-ClientVersion header missing';
    if (!/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff)
      return 'iLink-App-ClientVersion must be a decimal uint32';
  }
  if (header(h, 'authorizationtype') !== 'ilink_bot_token') {
    return 'AuthorizationType header must be ilink_bot_token';
  }
  const uin = header(h, 'x-wechat-uin');
  if (!uin) return 'X-WECHAT-UIN header missing';
  if (!isValidWechatUin(uin)) return 'X-WECHAT-UIN must be base64 of a decimal uint32';
  return undefined;
}

/**
 * Checks the headers and the Bearer token of an authenticated bot call. Returns the binding, or the
 * reason for the `-14` answer (recorded as `core.lastRejection`, never containing the token).
 */
export function authenticate(core: IlinkCore, h: IncomingHttpHeaders): Binding | string {
  const problem = headerProblem(h, core.opts.requireAppHeaders);
  const reason = problem ?? tokenProblem(core, header(h, 'authorization'));
  if (typeof reason !== 'string') return reason;
  core.lastRejection = reason;
  core.emit('reject', `bot call answered -14: ${reason}`);
  return reason;
}

function tokenProblem(core: IlinkCore, auth: string | undefined): Binding | string {
  if (!auth) return 'Authorization header missing';
  const m = /^Bearer (\S+)$/.exec(auth);
  if (!m?.[1]) return 'Authorization must be "Bearer <bot_token>"';
  const b = core.bots.byBotToken(m[1]);
  if (!b) return 'unknown bot token';
  if (b.revoked) return 'bot token revoked (unbound or bound again elsewhere)';
  return b;
}
