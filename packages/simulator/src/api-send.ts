import { baseResponse, type JsonHandler, jsonEndpoint } from './api-common.js';
import type { SimCore } from './core.js';
import { obj, type RequestContext, str } from './http.js';
import type { UploadedMedia } from './media.js';
import type { SentKind, SentMessage } from './sent.js';
import type { Session } from './session.js';
import { escapeXmlPayload, type PhoneMessageSpec } from './wire/index.js';
import type { ContactState } from './world.js';

const REVOKE_INTRO = '你可以撤回2分钟内发送的消息（部分旧版本微信不支持这个功能）。';

function idString(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] ?? '';
}

/** Answers of accepted sends by ClientMsgId, per simulator (bounded, oldest dropped first). */
const acceptedSends = new WeakMap<SimCore, Map<string, unknown>>();
const ACCEPTED_MEMORY = 20_000;

function isAccepted(answer: unknown): boolean {
  const base = (answer as { BaseResponse?: { Ret?: unknown } } | undefined)?.BaseResponse;
  return base?.Ret === 0;
}

/**
 * The identity of a send for retry detection: the ClientMsgId together with what was sent and to
 * whom. A genuine retry repeats all of it; two different messages that happen to share a
 * millisecond-based ClientMsgId (wechat4u's `ceil(ms × 1000)`, accepted per protocol.md §7.1) do not.
 */
function sendKey(msg: Record<string, unknown>, id: string): string {
  const content = typeof msg.Content === 'string' ? msg.Content : '';
  const media = typeof msg.MediaId === 'string' ? msg.MediaId : '';
  return `${id}\u0000${String(msg.ToUserName)}\u0000${String(msg.Type)}\u0000${content}\u0000${media}`;
}

/**
 * A send endpoint: a repeated send (same ClientMsgId, target and content — a client retrying after
 * a lost answer or a crash) gets the first answer again and is not delivered twice, as the official
 * client's retries assume.
 */
function sendEndpoint(core: SimCore, ctx: RequestContext, handler: JsonHandler): Promise<void> {
  return jsonEndpoint(core, ctx, async (s, body) => {
    const msg = obj(body, 'Msg');
    const clientMsgId = msg ? (idString(msg.ClientMsgId) ?? idString(msg.LocalID)) : undefined;
    const id = msg && clientMsgId !== undefined ? sendKey(msg, clientMsgId) : undefined;
    let seen = acceptedSends.get(core);
    if (!seen) {
      seen = new Map();
      acceptedSends.set(core, seen);
    }
    const previous = id === undefined ? undefined : seen.get(id);
    if (previous !== undefined) {
      core.emit(
        'bot.sent.repeat',
        `repeated ClientMsgId ${clientMsgId}: answered as before, not delivered again`,
      );
      return previous;
    }
    const answer = await handler(s, body);
    if (id !== undefined && isAccepted(answer)) {
      seen.set(id, answer);
      if (seen.size > ACCEPTED_MEMORY) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
    }
    return answer;
  });
}

/** A send the checks accepted. */
interface SendContext {
  s: Session;
  msg: Record<string, unknown>;
  target: ContactState;
  clientMsgId: string;
}

/** Validates a send: Msg present, From = the bot, ids present, a reachable target (else 1204), rate (1205). */
function checkSend(core: SimCore, s: Session, body: Record<string, unknown>): SendContext | number {
  const msg = obj(body, 'Msg');
  if (!msg) return 1;
  const self = core.records.userName(s, core.world.self);
  if (str(msg, 'FromUserName') !== self) return 1;
  const clientMsgId = idString(msg.ClientMsgId) ?? idString(msg.LocalID);
  if (!clientMsgId) return 1;
  const target = core.contactByUserName(s, str(msg, 'ToUserName') ?? '');
  if (!target) return 1204;
  if (target.kind === 'stranger') return 1204;
  if (target.kind === 'group' && !target.members.some((m) => m.wxid === core.world.selfWxid)) return 1204;
  if (!core.allowSend()) return 1205;
  return { s, msg, target, clientMsgId };
}

function finish(
  core: SimCore,
  sc: SendContext,
  spec: PhoneMessageSpec,
  extra: Pick<SentMessage, 'kind' | 'msgType' | 'text'> & Partial<SentMessage>,
): unknown {
  const self = core.world.self;
  const delivered = core.deliver({ from: self.wxid, to: sc.target.wxid }, spec);
  const timeMs = core.now;
  const toUserName = core.records.userName(sc.s, sc.target);
  sc.s.sent.set(delivered.msgId, {
    msgId: delivered.msgId,
    clientMsgId: sc.clientMsgId,
    toUserName,
    timeMs,
    revoked: false,
  });
  const mentionUserNames = extra.mentionUserNames ?? [];
  const sent: SentMessage = {
    to: core.world.handle(sc.target.wxid),
    toUserName,
    mentions: mentionUserNames
      .map((u) => core.contactByUserName(sc.s, u))
      .filter((c): c is ContactState => c !== undefined)
      .map((c) => core.world.handle(c.wxid)),
    mentionUserNames,
    clientMsgId: sc.clientMsgId,
    msgId: delivered.msgId,
    timeMs,
    revoked: false,
    raw: sc.msg,
    ...extra,
  };
  core.recordSent(sent);
  const preview = sent.text
    ? `: ${sent.text.slice(0, 60)}`
    : sent.media
      ? ` (${sent.media.bytes.length} bytes)`
      : '';
  core.emit('bot.sent', `bot → ${sc.target.nickName} [${sent.kind}]${preview}`);
  return { ...baseResponse(0), MsgID: delivered.msgId, LocalID: sc.clientMsgId };
}

function mediaOf(core: SimCore, id: string | undefined): UploadedMedia | undefined {
  return id ? core.media.byMediaId.get(id) : undefined;
}

function mediaInfo(m: UploadedMedia): SentMessage['media'] {
  return { bytes: m.bytes, fileName: m.fileName, mediaId: m.mediaId };
}

/** `POST webwxsendmsg`: Type 1 text (MsgSource mentions), 42 card and 48 location forwards. */
export function handleSendMsg(core: SimCore, ctx: RequestContext): Promise<void> {
  return sendEndpoint(core, ctx, (s, body) => {
    const sc = checkSend(core, s, body);
    if (typeof sc === 'number') return baseResponse(sc);
    const type = Number(sc.msg.Type);
    const content = str(sc.msg, 'Content') ?? '';
    if (type === 1) {
      if (content === '') return baseResponse(1);
      const source = str(sc.msg, 'MsgSource') ?? '';
      const at = tag(source, 'atusername');
      const mentionUserNames = at ? at.split(',').filter(Boolean) : [];
      return finish(
        core,
        sc,
        { kind: 'text', text: content },
        { kind: 'text', msgType: 1, text: content, mentionUserNames },
      );
    }
    if (type === 42) {
      const spec: PhoneMessageSpec = {
        kind: 'raw',
        fields: { MsgType: 42, Content: escapeXmlPayload(content) },
      };
      return finish(core, sc, spec, { kind: 'card', msgType: 42, text: content });
    }
    if (type === 48) {
      const attr = (n: string): string => new RegExp(`\\b${n}="([^"]*)"`).exec(content)?.[1] ?? '';
      const spec: PhoneMessageSpec = {
        kind: 'location',
        lat: attr('x'),
        lng: attr('y'),
        label: attr('label'),
        poiName: attr('poiname') || '[位置]',
      };
      return finish(core, sc, spec, { kind: 'location', msgType: 48, text: content });
    }
    return baseResponse(1);
  });
}

function mediaSend(core: SimCore, ctx: RequestContext, kind: SentKind, expectType: number[]): Promise<void> {
  return sendEndpoint(core, ctx, (s, body) => {
    const sc = checkSend(core, s, body);
    if (typeof sc === 'number') return baseResponse(sc);
    const type = Number(sc.msg.Type);
    if (!expectType.includes(type)) return baseResponse(1);
    const m = mediaOf(core, str(sc.msg, 'MediaId'));
    if (!m) return baseResponse(1);
    const spec: PhoneMessageSpec =
      kind === 'image'
        ? { kind: 'image', data: m.bytes }
        : { kind: 'video', durationSec: 1, data: m.bytes, micro: type === 62 };
    return finish(core, sc, spec, { kind, msgType: type, text: '', media: mediaInfo(m) });
  });
}

/** `POST webwxsendmsgimg`: Type 3 with an uploaded MediaId. */
export function handleSendImg(core: SimCore, ctx: RequestContext): Promise<void> {
  return mediaSend(core, ctx, 'image', [3]);
}

/** `POST webwxsendvideomsg`: Type 43 (or 62) with an uploaded MediaId. */
export function handleSendVideo(core: SimCore, ctx: RequestContext): Promise<void> {
  return mediaSend(core, ctx, 'video', [43, 62]);
}

/** `POST webwxsendappmsg`: Type 6 file appmsg (attachid = uploaded MediaId) or an app/link forward. */
export function handleSendApp(core: SimCore, ctx: RequestContext): Promise<void> {
  return sendEndpoint(core, ctx, (s, body) => {
    const sc = checkSend(core, s, body);
    if (typeof sc === 'number') return baseResponse(sc);
    const type = Number(sc.msg.Type);
    const content = str(sc.msg, 'Content') ?? '';
    if (!content.includes('<appmsg')) return baseResponse(1);
    const title = tag(content, 'title');
    if (type === 6) {
      const m = mediaOf(core, tag(content, 'attachid'));
      if (!m) return baseResponse(1);
      const size = Number(tag(content, 'totallen')) || m.bytes.length;
      const spec: PhoneMessageSpec = {
        kind: 'file',
        name: title || m.fileName,
        size,
        data: m.bytes,
        mediaId: m.mediaId,
      };
      return finish(core, sc, spec, {
        kind: 'file',
        msgType: 49,
        text: content,
        media: mediaInfo(m),
        appMsgType: 6,
        title: title || m.fileName,
      });
    }
    const url = tag(content, 'url').replace(/&amp;/g, '&');
    const spec: PhoneMessageSpec =
      type === 5
        ? { kind: 'link', title, url, description: tag(content, 'des') }
        : {
            kind: 'raw',
            fields: {
              MsgType: 49,
              AppMsgType: type,
              Content: escapeXmlPayload(content),
              FileName: title,
              Url: url,
            },
          };
    return finish(core, sc, spec, { kind: 'app', msgType: 49, text: content, appMsgType: type, title });
  });
}

/** `POST webwxsendemoticon`: Type 47 by uploaded `MediaId` or by `EMoticonMd5`. */
export function handleSendEmoticon(core: SimCore, ctx: RequestContext): Promise<void> {
  return sendEndpoint(core, ctx, (s, body) => {
    const sc = checkSend(core, s, body);
    if (typeof sc === 'number') return baseResponse(sc);
    if (Number(sc.msg.Type) !== 47) return baseResponse(1);
    const mediaIdv = str(sc.msg, 'MediaId');
    const md5 = str(sc.msg, 'EMoticonMd5');
    if (mediaIdv) {
      const m = mediaOf(core, mediaIdv);
      if (!m) return baseResponse(1);
      return finish(
        core,
        sc,
        { kind: 'emoticon', data: m.bytes, md5: m.md5 },
        { kind: 'emoticon', msgType: 47, text: '', media: mediaInfo(m), emoticonMd5: m.md5 },
      );
    }
    if (!md5 || !/^[0-9a-f]{32}$/i.test(md5)) return baseResponse(1);
    return finish(
      core,
      sc,
      { kind: 'emoticon', md5 },
      { kind: 'emoticon', msgType: 47, text: '', emoticonMd5: md5 },
    );
  });
}

/** `POST webwxrevokemsg`: only the bot's own messages, within `revokeWindowMs`. */
export function handleRevoke(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const svr = idString(body.SvrMsgId) ?? '';
    const rec = s.sent.get(svr);
    const fail = { ...baseResponse(1), Introduction: REVOKE_INTRO, SysWording: '' };
    if (!rec || rec.revoked || rec.toUserName !== str(body, 'ToUserName')) return fail;
    if (core.now - rec.timeMs > core.opts.revokeWindowMs) {
      return { ...baseResponse(-1), Introduction: REVOKE_INTRO, SysWording: '已超过可撤回的时间' };
    }
    rec.revoked = true;
    const sent = core.sent.find((m) => m.msgId === svr);
    if (sent) sent.revoked = true;
    core.emit('bot.revoked', `bot revoked message ${svr}`);
    return { ...baseResponse(0), Introduction: REVOKE_INTRO, SysWording: '' };
  });
}
