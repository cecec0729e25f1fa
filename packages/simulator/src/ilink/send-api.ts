import { arr, num, obj, str } from '../http.js';
import type { BotCall } from './bot-api.js';
import type { Binding, Conversation } from './bots.js';
import type { IlinkCore } from './core.js';
import { decodeAesKey } from './crypto.js';
import { type IlinkItemKind, type IlinkSentMedia, type IlinkSentMessage, ITEM_KINDS } from './sent.js';
import { invalid, sendIlinkJson } from './wire.js';

const MEDIA_FIELD: Record<number, string> = {
  2: 'image_item',
  3: 'voice_item',
  4: 'file_item',
  5: 'video_item',
};

interface MediaCheck {
  media: IlinkSentMedia | undefined;
  error: string | undefined;
  /** Set when the reference is unusable: the send is refused with ret -1. */
  fatal?: string;
}

function checkMedia(core: IlinkCore, type: number, item: Record<string, unknown>): MediaCheck {
  const sub = obj(item, MEDIA_FIELD[type] ?? '');
  const media = obj(sub, 'media');
  const param = str(media, 'encrypt_query_param');
  const blob = param ? core.cdn.get(param) : undefined;
  if (!sub || !media || !param || !blob) {
    return { media: undefined, error: undefined, fatal: 'media.encrypt_query_param is not a CDN file' };
  }
  const problems: string[] = [];
  const keyText = str(media, 'aes_key') ?? '';
  const key = decodeAesKey(keyText);
  let bytes: Buffer | undefined;
  if (!key) problems.push('media.aes_key is not a key in any known encoding');
  else {
    // Compare keys rather than trial-decrypt: a wrong key yields valid padding about once in 256 tries.
    if (key.key.equals(blob.key)) bytes = blob.plaintext;
    else problems.push('media.aes_key is not the key the file was encrypted with');
    if (key.encoding !== 'base64-hex') {
      problems.push(`media.aes_key is ${key.encoding}; the official client sends base64 of the hex key`);
    }
  }
  const size = blob.ciphertext.length;
  if (type === 2 && num(sub, 'mid_size') !== undefined && sub.mid_size !== size) {
    problems.push(`image_item.mid_size ${String(sub.mid_size)} is not the ciphertext size ${size}`);
  }
  if (type === 5 && sub.video_size !== undefined && sub.video_size !== size) {
    problems.push(`video_item.video_size ${String(sub.video_size)} is not the ciphertext size ${size}`);
  }
  if (type === 4) {
    if (typeof sub.len !== 'string') problems.push('file_item.len must be a decimal string');
    else if (bytes && sub.len !== String(bytes.length))
      problems.push('file_item.len is not the plaintext size');
    if (typeof sub.file_name !== 'string' || sub.file_name === '')
      problems.push('file_item.file_name missing');
  }
  return {
    media: bytes
      ? {
          bytes,
          encryptQueryParam: param,
          keyEncoding: key?.encoding ?? 'base64-hex',
          fileName: str(sub, 'file_name'),
        }
      : undefined,
    error: problems.length > 0 ? problems.join('; ') : undefined,
  };
}

/** Why a send in this conversation is not allowed (protocol.md §8), or `undefined`. */
function turnProblem(
  core: IlinkCore,
  c: Conversation | undefined,
  token: string | undefined,
): string | undefined {
  if (!c || c.lastInboundAt === undefined) return 'the user has not written to the bot yet';
  if (!token) return 'no context_token';
  if (!c.tokens.has(token)) return 'context_token does not belong to this conversation';
  if (!core.opts.acceptOlderTokens && token !== c.latestToken) return 'context_token is not the latest one';
  if (core.now - c.lastInboundAt > core.opts.replyWindowMs) return 'reply window closed';
  if (c.quotaLeft <= 0) return 'quota used up (the user must write again)';
  const limit = core.opts.maxTurnLatencyMs;
  if (limit !== undefined && core.now - (c.tokens.get(token) ?? 0) > limit) return TURN_TOO_LONG;
  return undefined;
}

const TURN_TOO_LONG = 'turn took too long after the message this token came with';

function kindOf(type: number | undefined): IlinkItemKind {
  return type !== undefined && type in ITEM_KINDS ? ITEM_KINDS[type as keyof typeof ITEM_KINDS] : 'unknown';
}

/**
 * `ilink/bot/sendmessage`: one item per message, within the reply window, at most `quotaPerTurn`
 * per user turn. Refusals answer `{"ret":-2}` (or `{"ret":0}` and nothing delivered in `silent-drop`
 * mode); every call is recorded in the send log with its outcome.
 */
export function handleSendMessage({ core, ctx, bot, body }: BotCall, rateLimitedByFault: boolean): void {
  const msg = obj(body, 'msg');
  const items = arr(msg, 'item_list');
  const item = items?.[0];
  const toUserId = str(msg, 'to_user_id') ?? '';
  const contextToken = str(msg, 'context_token');
  const clientId = str(msg, 'client_id');
  const itemObj = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
  const type = num(itemObj, 'type');
  const base = {
    botId: bot.botId,
    toUserId,
    user: core.userById(toUserId)?.name,
    clientId,
    contextToken,
    runId: str(msg, 'run_id'),
    messageState: num(msg, 'message_state'),
    itemType: type,
    kind: kindOf(type),
    text: type === 1 ? str(obj(itemObj, 'text_item'), 'text') : undefined,
    media: undefined,
    mediaError: undefined,
    item,
    timeMs: core.now,
  };
  const finish = (
    outcome: IlinkSentMessage['outcome'],
    answer: Record<string, unknown>,
    extra: Partial<IlinkSentMessage> = {},
  ): void => {
    const rec = core.recordSend({
      ...base,
      messageId: core.ids.take(),
      outcome,
      reason: undefined,
      ...extra,
    });
    core.emit('bot.sent', `bot ${bot.botId} → ${base.user ?? toUserId}: ${rec.kind} ${outcome}`);
    sendIlinkJson(ctx.res, answer);
  };
  const bad = validate(msg, items, itemObj, type, toUserId);
  if (bad) {
    finish('invalid', invalid(bad), { reason: bad });
    return;
  }
  if (rateLimitedByFault || core.rateLimited()) {
    finish('rate-limited', { ret: -2, errmsg: 'rate limited' }, { reason: 'rate limited' });
    return;
  }
  const previous = clientId ? bot.clientIds.get(clientId) : undefined;
  if (previous !== undefined) {
    // [inf] a retried client_id is acknowledged without a second delivery or quota use.
    sendIlinkJson(ctx.res, core.opts.sendReturnsMessageId ? { ret: 0, message_id: previous } : { ret: 0 });
    return;
  }
  const c = bot.conversations.get(toUserId);
  const problem = turnProblem(core, c, contextToken);
  if (problem) {
    if (core.opts.refusal === 'silent-drop') finish('dropped', { ret: 0 }, { reason: problem });
    else
      finish('refused', problem === TURN_TOO_LONG ? { ret: -2, errmsg: 'prepare failed' } : { ret: -2 }, {
        reason: problem,
      });
    return;
  }
  const media =
    type !== undefined && type in MEDIA_FIELD && itemObj ? checkMedia(core, type, itemObj) : undefined;
  if (media?.fatal) {
    finish('invalid', invalid('invalid media'), { reason: media.fatal });
    return;
  }
  deliver(core, bot, c as Conversation, clientId, media, finish);
}

function deliver(
  core: IlinkCore,
  bot: Binding,
  c: Conversation,
  clientId: string | undefined,
  media: MediaCheck | undefined,
  finish: (o: IlinkSentMessage['outcome'], a: Record<string, unknown>, x?: Partial<IlinkSentMessage>) => void,
): void {
  c.quotaLeft--;
  const messageId = core.ids.take();
  if (clientId) bot.clientIds.set(clientId, messageId);
  finish('delivered', core.opts.sendReturnsMessageId ? { ret: 0, message_id: messageId } : { ret: 0 }, {
    messageId,
    media: media?.media,
    mediaError: media?.error,
  });
}

function validate(
  msg: Record<string, unknown> | undefined,
  items: unknown[] | undefined,
  item: Record<string, unknown> | undefined,
  type: number | undefined,
  toUserId: string,
): string | undefined {
  if (!msg) return 'msg missing';
  if (items?.length !== 1) return 'item_list must hold exactly one item';
  if (!item || type === undefined) return 'item.type missing';
  if (toUserId === '') return 'to_user_id missing';
  if (msg.message_type !== 2) return 'message_type must be 2 (BOT)';
  if (type === 1 && typeof obj(item, 'text_item')?.text !== 'string') return 'text_item.text missing';
  if (type === 1 && (obj(item, 'text_item')?.text as string) === '') return 'text_item.text is empty';
  return undefined;
}
