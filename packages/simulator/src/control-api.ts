import { faultRoute, serveControl } from './control-http.js';
import type { SimCore } from './core.js';
import { SimulatorError } from './errors.js';
import type { FaultRule } from './faults.js';
import type { RequestContext } from './http.js';
import type { SentMessage } from './sent.js';
import type { Simulator } from './simulator.js';
import type { PhoneMessageSpec } from './wire/index.js';
import type { ContactHandle, GroupInit, OfficialInit, PersonInit } from './world.js';

/** The reserved path prefix of the control API. */
export const CONTROL_PREFIX = '/__sim/';

function handleJson(core: SimCore, h: ContactHandle): Record<string, unknown> {
  return { wxid: h.wxid, kind: h.kind, nickName: h.nickName, userName: core.session ? h.userName : null };
}

function sentJson(core: SimCore, m: SentMessage, index: number): Record<string, unknown> {
  return {
    index,
    kind: m.kind,
    msgType: m.msgType,
    to: handleJson(core, m.to),
    toUserName: m.toUserName,
    text: m.text,
    mentions: m.mentions.map((h) => h.wxid),
    mentionUserNames: m.mentionUserNames,
    media: m.media
      ? {
          fileName: m.media.fileName,
          mediaId: m.media.mediaId,
          base64: Buffer.from(m.media.bytes).toString('base64'),
        }
      : null,
    emoticonMd5: m.emoticonMd5 ?? null,
    appMsgType: m.appMsgType ?? null,
    title: m.title ?? null,
    clientMsgId: m.clientMsgId,
    msgId: m.msgId,
    timeMs: m.timeMs,
    revoked: m.revoked,
  };
}

/** Turns base64 `data` fields of a JSON spec into bytes. */
function specFromJson(v: unknown): PhoneMessageSpec {
  if (typeof v === 'string') return { kind: 'text', text: v };
  if (v === null || typeof v !== 'object' || typeof (v as { kind?: unknown }).kind !== 'string') {
    throw new SimulatorError('BAD_REQUEST', 'spec must be a string or an object with a "kind"');
  }
  const spec = { ...(v as Record<string, unknown>) };
  if (typeof spec.data === 'string') spec.data = new Uint8Array(Buffer.from(spec.data, 'base64'));
  return spec as unknown as PhoneMessageSpec;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

async function route(
  core: SimCore,
  sim: Simulator,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const phone = sim.phone;
  const path = ctx.path.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const key = `${ctx.method} ${path}`;
  switch (key) {
    case 'GET status':
      return sim.status();
    case 'GET contacts':
      return phone.contacts.map((h) => handleJson(core, h));
    case 'POST contacts': {
      const kind = body.kind ?? 'friend';
      const init = body as unknown as PersonInit;
      if (typeof init.nickName !== 'string' && kind !== 'special')
        throw new SimulatorError('BAD_REQUEST', 'nickName is required');
      const h =
        kind === 'friend'
          ? phone.addFriend(init)
          : kind === 'stranger'
            ? phone.addStranger(init)
            : kind === 'official'
              ? phone.addOfficial(body as unknown as OfficialInit)
              : kind === 'special'
                ? phone.addSpecial(String(body.wxid ?? ''), optStr(body.nickName))
                : undefined;
      if (!h) throw new SimulatorError('BAD_REQUEST', 'kind must be friend, stranger, official or special');
      return handleJson(core, h);
    }
    case 'POST groups':
      return handleJson(core, phone.addGroup(body as unknown as GroupInit));
    case 'POST groups/members': {
      const group = String(body.group ?? '');
      const by = optStr(body.by);
      if (body.add) phone.addMembers(group, strings(body.add), by ? { inviter: by } : {});
      if (body.remove) phone.removeMembers(group, strings(body.remove), by ? { by } : {});
      return phone.members(group).map((h) => handleJson(core, h));
    }
    case 'POST rename': {
      const by = optStr(body.by);
      phone.rename(String(body.wxid ?? ''), String(body.name ?? ''), by ? { by } : {});
      return { ok: true };
    }
    case 'POST friend-request': {
      const who = typeof body.wxid === 'string' ? body.wxid : (body.person as PersonInit);
      const r = phone.friendRequest(who, String(body.greeting ?? ''));
      return { ticket: r.ticket, contact: handleJson(core, r.contact), msgId: r.message.msgId };
    }
    case 'GET login/pending': {
      const uuid = await phone.waitForLoginRequest(Number(ctx.query.get('timeoutMs') ?? '5000'));
      return { uuid };
    }
    case 'POST login/scan':
      phone.scan(optStr(body.uuid));
      return { ok: true };
    case 'POST login/confirm':
      phone.confirm(optStr(body.uuid));
      return { ok: true };
    case 'POST login/login':
      phone.login(optStr(body.uuid));
      return { ok: true };
    case 'POST login/cancel':
      phone.cancel(optStr(body.uuid));
      return { ok: true };
    case 'POST login/web-allowed':
      phone.setWebLoginAllowed(body.allowed !== false);
      return { ok: true };
    case 'POST logout':
      phone.logout();
      return { ok: true };
    case 'POST expire':
      phone.expireSession();
      return { ok: true };
    case 'POST account/restricted':
      phone.restrictAccount(
        body.restricted === false ? false : { kickAfterMs: Number(body.kickAfterMs ?? 3000) || 0 },
      );
      return { ok: true };
    case 'POST login/desktop-environment':
      phone.refuseDesktopEnvironment(body.refused !== false);
      return { ok: true };
    case 'POST messages': {
      const spec = specFromJson(body.spec);
      const from = String(body.from ?? '');
      const group = optStr(body.group);
      const to = optStr(body.to);
      const d =
        from === 'self' || from === core.world.selfWxid
          ? phone.sendFromPhone(to ?? group ?? '', spec)
          : group
            ? phone.sayInGroup(group, from, spec)
            : phone.say(from, spec);
      return { msgId: d.msgId, record: d.record };
    }
    case 'GET sent': {
      const since = Number(ctx.query.get('since') ?? '0') || 0;
      return core.sent.slice(since).map((m, i) => sentJson(core, m, since + i));
    }
    case 'POST sent/wait': {
      const since = typeof body.since === 'number' ? body.since : 0;
      const to = optStr(body.to);
      const kind = optStr(body.kind);
      const m = await phone.waitForSent(
        (x) => (to === undefined || x.to.wxid === to) && (kind === undefined || x.kind === kind),
        typeof body.timeoutMs === 'number' ? body.timeoutMs : 5000,
        since,
      );
      return sentJson(core, m, core.sent.indexOf(m));
    }
    case 'DELETE sent':
      phone.clearSent();
      return { ok: true };
    default: {
      const fault = faultRoute<FaultRule>(sim.faults, ctx.method, path, body);
      if (fault) return fault.value;
      throw new SimulatorError('NOT_FOUND', `no control endpoint ${key}`);
    }
  }
}

/** Serves `/__sim/…` (any Host): the HTTP face of the scripted phone and the fault switches. */
export function handleControl(core: SimCore, sim: Simulator, ctx: RequestContext): Promise<void> {
  return serveControl(ctx, (body) => route(core, sim, ctx, body));
}
