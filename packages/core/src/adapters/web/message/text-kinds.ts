import type { ContactLookup } from '../../../contacts/types.js';
import type {
  Message,
  QuoteMessage,
  RedPacketMessage,
  SystemMessage,
  TextMessage,
} from '../../../message/types.js';
import { common } from './base.js';
import { analyzeMentions, type MentionAnalysis } from './mentions.js';
import type { Envelope } from './peers.js';
import { isFriendVerifiedText, parseSystemText } from './system.js';
import { cleanText } from './text.js';

// 「name：text」 then a line of "- " pairs, then the reply (protocol.md §6.3).
const QUOTE_SEPARATOR = /」\n-(?: -){5,40}\n/;

/** The bot's names in a chat: its group display name there (if any) and its nickname. */
function botNames(env: Envelope, contacts: ContactLookup): string[] {
  const me = contacts.self;
  if (!me) return [];
  const display = env.isGroup ? (contacts.member(env.chat.userName, me.userName)?.displayName ?? '') : '';
  return [display, me.nickName].filter((n) => n !== '');
}

function mentionsOf(text: string, env: Envelope, contacts: ContactLookup): MentionAnalysis {
  // No '@', no mention: skip building the member name list (hundreds of names per group message).
  if (!env.isGroup || !text.includes('@'))
    return { mentions: [], isMentioned: false, mentionsAll: false, text: text.trim() };
  const known: string[] = [];
  for (const m of contacts.members(env.chat.userName)) {
    if (m.displayName) known.push(m.displayName);
    if (m.nickName) known.push(m.nickName);
  }
  return analyzeMentions(text, botNames(env, contacts), known, env.self);
}

function splitQuote(text: string): { name: string; quoted: string; reply: string } | undefined {
  if (!text.startsWith('「')) return undefined;
  const sep = QUOTE_SEPARATOR.exec(text);
  if (!sep) return undefined;
  const head = text.slice(1, sep.index);
  const colon = head.indexOf('：');
  if (colon < 0) return undefined;
  return {
    name: head.slice(0, colon),
    quoted: head.slice(colon + 1),
    reply: text.slice(sep.index + sep[0].length),
  };
}

/** MsgType 1: plain text, a quote/reply, or a "friend verified" line in disguise. */
export function textMessage(env: Envelope, contacts: ContactLookup): TextMessage | QuoteMessage | Message {
  const full = cleanText(env.body);
  const quote = splitQuote(full);
  if (quote) {
    const m = mentionsOf(quote.reply, env, contacts);
    return {
      kind: 'quote',
      ...common(env),
      quotedName: quote.name,
      quotedText: quote.quoted,
      text: m.text,
      mentions: m.mentions,
      isMentioned: m.isMentioned,
      mentionsAll: m.mentionsAll,
    };
  }
  if (!env.isGroup && isFriendVerifiedText(full)) return systemMessage(env, contacts);
  const m = mentionsOf(full, env, contacts);
  // The hottest kind: fields written out rather than spread from common(env) (cheaper in V8).
  return {
    kind: 'text',
    id: env.id,
    time: env.time,
    chat: env.chat,
    sender: env.sender,
    self: env.self,
    isGroup: env.isGroup,
    raw: env.raw,
    text: m.text,
    fullText: full,
    mentions: m.mentions,
    isMentioned: m.isMentioned,
    mentionsAll: m.mentionsAll,
  };
}

/** MsgType 10000: a grey system line, or a red-packet notice. */
export function systemMessage(env: Envelope, contacts: ContactLookup): SystemMessage | RedPacketMessage {
  // Verification hints carry an escaped <a href="weixin://…">…</a>: keep its text only.
  const text = cleanText(env.body)
    .replace(/<a\s[^>]{0,500}>|<\/a>/g, '')
    .trim();
  const parsed = parseSystemText(text, contacts.self?.nickName || contacts.self?.name || '');
  if (parsed.kind === 'redPacket')
    return { kind: 'redPacket', ...common(env), direction: parsed.direction, text };
  return { kind: 'system', ...common(env), text, event: parsed.event };
}
