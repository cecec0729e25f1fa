import type { SimCore } from './core.js';
import { isFileHostOf, isPushHostOf } from './hosts.js';
import { num, obj, type RequestContext, str } from './http.js';
import { type Session, statusCode } from './session.js';

/** Outcome of a session check: the session, or the error code to answer with. */
export type AuthResult = { ok: true; session: Session } | { ok: false; code: number };

const fail = (code: number): AuthResult => ({ ok: false, code });

function cookieValue(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.cookies.get(name);
  if (v === undefined) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Cookie check shared by every session endpoint: `wxsid` and `wxuin` must match (else 1102). */
function cookiesMatch(ctx: RequestContext, s: Session): boolean {
  const sid = ctx.cookies.get('wxsid');
  const sidOk = sid === s.sid || cookieValue(ctx, 'wxsid') === s.sid;
  return sidOk && cookieValue(ctx, 'wxuin') === String(s.uin);
}

function check(
  core: SimCore,
  ctx: RequestContext,
  creds: { sid: string | undefined; uin: string | undefined; skey: string | undefined },
  hostOk: (s: Session) => boolean,
): AuthResult {
  if (!creds.sid) return fail(1100);
  const s = core.sessions.get(creds.sid);
  if (!s) return fail(1100);
  if (creds.uin !== undefined && creds.uin !== String(s.uin)) return fail(1100);
  if (s.status !== 'active') return fail(statusCode(s.status));
  if (!hostOk(s)) return fail(1100);
  if (creds.skey !== undefined && creds.skey !== s.skey) return fail(1100);
  if (!cookiesMatch(ctx, s)) return fail(1102);
  return { ok: true, session: s };
}

/**
 * Checks a JSON API call on the main host: `BaseRequest` (Uin number or numeric string, Sid, Skey),
 * the host (the session's main host) and the `wxsid`/`wxuin` cookies.
 */
export function authJson(
  core: SimCore,
  ctx: RequestContext,
  body: Record<string, unknown> | undefined,
): AuthResult {
  const base = obj(body, 'BaseRequest');
  if (!base) return fail(1100);
  const uin = num(base, 'Uin');
  return check(
    core,
    ctx,
    { sid: str(base, 'Sid'), uin: uin === undefined ? '' : String(uin), skey: str(base, 'Skey') ?? '' },
    (s) => ctx.role === 'main' && ctx.host === s.mainHost,
  );
}

/** Checks a GET call on the main host that carries `skey` in the query and the session in cookies. */
export function authQuery(core: SimCore, ctx: RequestContext, requireSkey: boolean): AuthResult {
  const skey = ctx.query.get('skey') ?? undefined;
  if (requireSkey && skey === undefined) return fail(1100);
  return check(
    core,
    ctx,
    { sid: cookieValue(ctx, 'wxsid'), uin: undefined, skey },
    (s) => ctx.role === 'main' && ctx.host === s.mainHost,
  );
}

/** Checks a synccheck call: query `sid`, `uin`, `skey`, a push host of the family, and cookies. */
export function authSynccheck(core: SimCore, ctx: RequestContext): AuthResult {
  return check(
    core,
    ctx,
    {
      sid: ctx.query.get('sid') ?? undefined,
      uin: ctx.query.get('uin') ?? '',
      skey: ctx.query.get('skey') ?? '',
    },
    (s) => ctx.role === 'push' && isPushHostOf(ctx.host, s.mainHost),
  );
}

/** Checks a call on the file host (upload form or `webwxgetmedia`), plus the `webwx_data_ticket` cookie. */
export function authFile(
  core: SimCore,
  ctx: RequestContext,
  creds: { sid: string | undefined; uin: string | undefined; skey: string | undefined },
): AuthResult {
  const r = check(core, ctx, creds, (s) => ctx.role === 'file' && isFileHostOf(ctx.host, s.mainHost));
  if (!r.ok) return r;
  if (cookieValue(ctx, 'webwx_data_ticket') !== r.session.dataTicket) return fail(1102);
  return r;
}

/** Session id from cookies (downloads without BaseRequest). */
export function sidFromCookies(ctx: RequestContext): string | undefined {
  return cookieValue(ctx, 'wxsid');
}
