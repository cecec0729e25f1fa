import { faultRoute, serveControl } from '../control-http.js';
import { SimulatorError } from '../errors.js';
import { type RequestContext, send } from '../http.js';
import type { IlinkCore } from './core.js';
import type { IlinkFaultRule } from './faults.js';
import type { IlinkUserMessageSpec } from './inbound.js';
import { qrPng } from './qr-api.js';
import type { IlinkSentMessage } from './sent.js';
import type { IlinkSimulator } from './simulator.js';

const optStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function needStr(body: Record<string, unknown>, key: string): string {
  const v = optStr(body[key]);
  if (!v) throw new SimulatorError('BAD_REQUEST', `"${key}" (string) is required`);
  return v;
}

/** A sent record as JSON: media bytes as base64, ids as exact numbers. */
export function sentJson(m: IlinkSentMessage): Record<string, unknown> {
  const { media, item, ...rest } = m;
  return {
    ...rest,
    media: media
      ? {
          base64: media.bytes.toString('base64'),
          size: media.bytes.length,
          fileName: media.fileName ?? null,
          keyEncoding: media.keyEncoding,
          encryptQueryParam: media.encryptQueryParam,
        }
      : null,
    item,
  };
}

const bytes = (v: unknown, key: string): Uint8Array => {
  if (typeof v !== 'string') throw new SimulatorError('BAD_REQUEST', `spec.${key} must be base64 text`);
  return new Uint8Array(Buffer.from(v, 'base64'));
};

/** Turns a JSON spec (`"text"` or `{kind, …, data: base64}`) into a typed spec. */
function specFromJson(v: unknown): IlinkUserMessageSpec {
  if (typeof v === 'string') return { kind: 'text', text: v };
  if (v === null || typeof v !== 'object')
    throw new SimulatorError('BAD_REQUEST', 'spec must be a string or an object');
  const s = v as Record<string, unknown>;
  switch (s.kind) {
    case 'text':
      return { kind: 'text', text: String(s.text ?? '') };
    case 'image':
      return {
        kind: 'image',
        data: bytes(s.data, 'data'),
        ...(s.thumb ? { thumb: bytes(s.thumb, 'thumb') } : {}),
      };
    case 'voice':
      return {
        kind: 'voice',
        data: bytes(s.data, 'data'),
        ...(typeof s.transcript === 'string' ? { transcript: s.transcript } : {}),
        ...(typeof s.playtimeMs === 'number' ? { playtimeMs: s.playtimeMs } : {}),
      };
    case 'file':
      return { kind: 'file', data: bytes(s.data, 'data'), fileName: String(s.fileName ?? 'file.bin') };
    case 'video':
      return {
        kind: 'video',
        data: bytes(s.data, 'data'),
        ...(s.thumb ? { thumb: bytes(s.thumb, 'thumb') } : {}),
      };
    case 'quote':
      return {
        kind: 'quote',
        text: String(s.text ?? ''),
        quotedId: String(s.quotedId ?? ''),
        ...(typeof s.quotedText === 'string' ? { quotedText: s.quotedText } : {}),
        ...(s.idOnly === true ? { idOnly: true } : {}),
        ...(s.noRef === true ? { noRef: true } : {}),
      };
    default:
      throw new SimulatorError('BAD_REQUEST', 'spec.kind must be text, image, voice, file, video or quote');
  }
}

async function route(
  core: IlinkCore,
  sim: IlinkSimulator,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const path = ctx.path.slice('/__sim/'.length).replace(/\/$/, '');
  const key = `${ctx.method} ${path}`;
  const userOf = (): ReturnType<IlinkSimulator['user']> => sim.user(optStr(body.user) ?? sim.owner.name);
  switch (key) {
    case 'GET status':
      return sim.status();
    case 'POST users': {
      const name = needStr(body, 'name');
      core.user(name, optStr(body.userId));
      const u = sim.user(name);
      return { name, userId: u.userId, botId: u.bot?.botId ?? null };
    }
    case 'GET qr/pending':
      return { qrcode: await sim.owner.waitForQr(Number(ctx.query.get('timeoutMs') ?? '5000')) };
    case 'GET qr/png': {
      const png = await qrPng(core, core.qr(ctx.query.get('qrcode') ?? undefined).qrcode);
      send(ctx.res, 200, 'image/png', png);
      return undefined;
    }
    case 'POST qr/scan': {
      const redirect = body.redirect === true ? true : optStr(body.redirect);
      const qrcode = userOf().scan(optStr(body.qrcode), {
        ...(body.verifyCode === true ? { verifyCode: true } : {}),
        ...(redirect ? { redirect } : {}),
      });
      const l = core.qr(qrcode);
      return { qrcode, verifyCode: l.verifyCode ?? null, binded: l.phase === 'binded' };
    }
    case 'POST qr/confirm': {
      const info = userOf().confirm(optStr(body.qrcode));
      return { botId: info.botId, baseurl: info.baseurl };
    }
    case 'POST qr/login': {
      const info = userOf().login(optStr(body.qrcode));
      return { botId: info.botId, baseurl: info.baseurl };
    }
    case 'POST qr/expire':
      userOf().expireQr(optStr(body.qrcode));
      return { ok: true };
    case 'POST messages': {
      const d = userOf().send(specFromJson(body.spec), body.messageType === 2 ? { messageType: 2 } : {});
      return { messageId: d.messageId, seq: d.seq, contextToken: d.contextToken };
    }
    case 'POST unbind':
      userOf().unbind();
      return { ok: true };
    case 'POST time': {
      const ms = body.advanceMs;
      if (typeof ms !== 'number') throw new SimulatorError('BAD_REQUEST', '"advanceMs" (number) is required');
      sim.advanceTime(ms);
      return { now: sim.now() };
    }
    case 'GET sent': {
      const since = Number(ctx.query.get('since') ?? '0') || 0;
      const log = ctx.query.get('all') === '1' ? sim.sendLog : sim.sent;
      return log.slice(since).map(sentJson);
    }
    case 'POST sent/wait': {
      const user = optStr(body.user);
      const kind = optStr(body.kind);
      const since = typeof body.since === 'number' ? body.since : 0;
      const timeoutMs = typeof body.timeoutMs === 'number' ? body.timeoutMs : 5000;
      const match = (m: IlinkSentMessage): boolean =>
        m.outcome === 'delivered' &&
        (user === undefined || m.user === user) &&
        (kind === undefined || m.kind === kind);
      // `since` counts delivered messages, like `GET sent`.
      return sentJson(await core.waitForSend(() => sim.sent.slice(since).find(match), timeoutMs));
    }
    case 'GET typing':
      return sim.typingEvents;
    default: {
      const fault = faultRoute<IlinkFaultRule>(sim.faults, ctx.method, path, body);
      if (fault) return fault.value;
      throw new SimulatorError('NOT_FOUND', `no control endpoint ${key}`);
    }
  }
}

/** Serves `/__sim/…` (any Host): the HTTP face of the scripted users, the clock and the fault switches. */
export function handleIlinkControl(core: IlinkCore, sim: IlinkSimulator, ctx: RequestContext): Promise<void> {
  return serveControl(ctx, (body) => route(core, sim, ctx, body));
}
