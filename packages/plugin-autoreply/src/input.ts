import type { Context, Message } from '@wxbot/core';
import { RULE_KINDS } from './engine/schema.js';
import type { AutoreplyInput } from './engine/types.js';

const KINDS: ReadonlySet<string> = new Set(RULE_KINDS);

/** The text rules see for a message: its text, or a short summary for other kinds. */
export function summaryOf(m: Message): string {
  switch (m.kind) {
    case 'text':
    case 'quote':
    case 'redPacket':
      return m.text;
    case 'link':
    case 'miniProgram':
    case 'music':
    case 'chatHistory':
      return m.title;
    case 'file':
      return m.name;
    case 'location':
      return m.label || m.poiName;
    case 'card':
      return m.nickName;
    case 'article':
      return m.articles[0]?.title ?? '';
    case 'transfer':
      return m.description;
    default:
      return '';
  }
}

// Whether the bot was named, apart from @所有人: its group display name or its nickname appear
// among the message's mentions (the same names the core matched).
function mentionDetail(ctx: Context): { mentionsAll: boolean; mentionedByName: boolean } {
  const m: Message = ctx.message;
  if ((m.kind !== 'text' && m.kind !== 'quote') || !m.isGroup)
    return { mentionsAll: false, mentionedByName: false };
  const me = ctx.bot.contacts.self;
  const names = new Set<string>();
  if (me) {
    if (me.nickName) names.add(me.nickName);
    const display = ctx.bot.contacts.member(m.chat.userName, me.userName)?.displayName;
    if (display) names.add(display);
  }
  return { mentionsAll: m.mentionsAll, mentionedByName: m.mentions.some((n) => names.has(n)) };
}

/**
 * Builds the engine input from a Context, or `undefined` when auto-reply has nothing to do with
 * the message (system lines, recalls, friend requests, official accounts, system accounts).
 */
export function inputFromContext(ctx: Context, now: Date): AutoreplyInput | undefined {
  const m: Message = ctx.message;
  if (!KINDS.has(m.kind)) return undefined;
  if (m.chat.kind === 'official') return undefined;
  if (m.chat.kind === 'special' && m.chat.userName !== 'filehelper') return undefined;
  const alias = ctx.bot.contacts.get(m.sender.userName)?.alias;
  return {
    kind: m.kind,
    text: summaryOf(m),
    chat: { kind: m.isGroup ? 'group' : 'private', id: m.chat.id, name: m.chat.name },
    sender: { id: m.sender.id, name: m.sender.name, alias: alias === '' ? undefined : alias },
    isMentioned: ctx.isMentioned,
    ...mentionDetail(ctx),
    self: ctx.self,
    now,
  };
}
