import type { Context, Message } from '@wxbot/core';

/** What the LLM plugin looks at in a message: a plain object, so explain and tests need no bot. */
export interface LlmInput {
  /** `text`, `quote`, `image`, or another kind (never answered). */
  readonly kind: string;
  /** The text (the bot's @mention removed); '' for images. */
  readonly text: string;
  readonly chat: { readonly kind: 'private' | 'group'; readonly id: string; readonly name: string };
  /** Who wrote it: `names` are every name they go by (nickname, remark, alias, group nickname). */
  readonly sender: { readonly id: string; readonly name: string; readonly names: readonly string[] };
  /** The bot was @-mentioned (groups), by name or by @all. */
  readonly isMentioned: boolean;
  /** The message @-mentions everyone (@所有人): an announcement, not a question to the bot. */
  readonly mentionsAll?: boolean;
  /** The bot account wrote it. */
  readonly self: boolean;
  /** The sender is an official account, a system account or otherwise not a person. */
  readonly notAPerson: boolean;
  readonly now: Date;
}

const ANSWERABLE: ReadonlySet<string> = new Set(['text', 'quote', 'image']);

/** The kinds of message the plugin may answer. */
export function isAnswerableKind(kind: string): boolean {
  return ANSWERABLE.has(kind);
}

/** Builds the {@link LlmInput} of a context (`undefined` for kinds the plugin never answers). */
export function inputFromContext(ctx: Context, now: Date): LlmInput | undefined {
  const m: Message = ctx.message;
  if (!isAnswerableKind(m.kind)) return undefined;
  const contact = ctx.bot.contacts.get(m.sender.userName);
  const names = [m.sender.name, contact?.nickName, contact?.remarkName, contact?.alias].filter(
    (n): n is string => typeof n === 'string' && n !== '',
  );
  const notAPerson = m.chat.kind === 'official' || m.chat.kind === 'special' || m.sender.kind === 'official';
  return {
    kind: m.kind,
    text: ctx.text ?? '',
    chat: { kind: m.isGroup ? 'group' : 'private', id: m.chat.id, name: m.chat.name },
    sender: { id: m.sender.id, name: m.sender.name, names },
    isMentioned: ctx.isMentioned,
    mentionsAll: (m.kind === 'text' || m.kind === 'quote') && m.mentionsAll,
    self: ctx.self,
    notAPerson,
    now,
  };
}
