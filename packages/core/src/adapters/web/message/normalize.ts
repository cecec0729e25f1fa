import type { ContactLookup } from '../../../contacts/types.js';
import type { Message, UnknownMessage } from '../../../message/types.js';
import type { WireMessage } from '../protocol/wire.js';
import { appMessage } from './app.js';
import { unknown } from './base.js';
import {
  card,
  emoticon,
  friendRequest,
  image,
  location,
  type ParseOptions,
  recall,
  statusNotify,
  video,
  voice,
} from './media.js';
import { envelope, NO_SENDER } from './peers.js';
import { systemMessage, textMessage } from './text-kinds.js';
import { DEFAULT_MAX_XML_LENGTH } from './xml.js';

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** Content longer than this (chars) becomes `unknown` without being read. Default 1,000,000. */
  readonly maxContentLength?: number;
  /** XML payloads longer than this (chars) become `unknown`. Default 200,000. */
  readonly maxXmlLength?: number;
}

/** Default of {@link NormalizeOptions.maxContentLength}. */
export const DEFAULT_MAX_CONTENT_LENGTH = 1_000_000;

const VOIP: Readonly<Record<number, string>> = { 50: 'VoIP message', 52: 'VoIP notify', 53: 'VoIP invite' };

function dispatch(raw: WireMessage, contacts: ContactLookup, options: NormalizeOptions): Message {
  const env = envelope(raw, contacts);
  const maxContent = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  if (typeof raw.Content === 'string' && raw.Content.length > maxContent) {
    return unknown(env, `Content too large (${raw.Content.length} chars)`);
  }
  const opts: ParseOptions = { maxXmlLength: options.maxXmlLength ?? DEFAULT_MAX_XML_LENGTH };
  const type = raw.MsgType;
  switch (type) {
    case 1:
      if (
        raw.SubMsgType === 48 ||
        (typeof raw.Url === 'string' && raw.Url !== '' && env.body.includes('pictype=location'))
      ) {
        return location(env, opts);
      }
      return textMessage(env, contacts);
    case 3:
      return image(env, opts);
    case 34:
      return voice(env, opts);
    case 37:
      return friendRequest(env, contacts, opts);
    case 42:
      return card(env, opts);
    case 43:
    case 62:
      return video(env, opts);
    case 47:
      return emoticon(env, opts);
    case 48:
      return location(env, opts);
    case 49:
      return appMessage(env, opts);
    case 51:
      return statusNotify(env, opts);
    case 10000:
      // Group system lines have no knowable sender (§6.3).
      return systemMessage(env.isGroup && !env.self ? { ...env, sender: NO_SENDER } : env, contacts);
    case 10002:
      return recall(env, opts);
    case 9999:
      return unknown(env, 'MsgType 9999 (system notice)');
    default: {
      const voip = typeof type === 'number' ? VOIP[type] : undefined;
      return unknown(
        env,
        voip
          ? `MsgType ${type} (${voip})`
          : `MsgType ${typeof type === 'number' ? type : `of type ${typeof type}`}`,
      );
    }
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// Last resort when even the envelope could not be built: touch nothing that could throw again.
function bare(raw: WireMessage, reason: string): UnknownMessage {
  let id = '';
  let time = 0;
  let chat = '';
  try {
    id = str(raw.MsgId);
    time = typeof raw.CreateTime === 'number' && Number.isFinite(raw.CreateTime) ? raw.CreateTime * 1000 : 0;
    chat = str(raw.FromUserName);
  } catch {
    // A hostile getter; keep the defaults.
  }
  const peer = { userName: chat, id: chat, name: '', kind: 'stranger' as const };
  return {
    kind: 'unknown',
    id,
    time,
    chat: peer,
    sender: NO_SENDER,
    self: false,
    isGroup: chat.startsWith('@@'),
    raw,
    reason,
  };
}

/**
 * Turns one raw `AddMsgList` entry into a typed {@link Message}, keyed by `kind`. Pure: no I/O, no
 * clock, the contact store is only read. Never throws: anything it cannot understand (unknown
 * MsgType/AppMsgType, VoIP, broken or oversized XML, even a bug here) becomes `kind: 'unknown'`
 * with a `reason` and the untouched `raw`.
 *
 * Apply the sync's ModContactList to the store before normalizing its AddMsgList, so new
 * contacts and members are known.
 *
 * @example
 * const msg = normalize(raw, store);
 * if (msg.kind === 'text' && msg.isGroup && msg.isMentioned) console.log(msg.sender.name, msg.text);
 */
export function normalize(
  raw: WireMessage,
  contacts: ContactLookup,
  options: NormalizeOptions = {},
): Message {
  try {
    if (typeof raw !== 'object' || raw === null) return bare(raw, 'not a message object');
    return dispatch(raw, contacts, options);
  } catch (err) {
    const reason = `could not normalize: ${err instanceof Error ? err.message.slice(0, 120) : 'error'}`;
    try {
      return bare(raw, reason);
    } catch {
      return bare({} as WireMessage, reason);
    }
  }
}
