import type { LlmInput } from './input.js';
import type { LlmOptions } from './options.js';
import { isOpen } from './service-hours.js';

/** Why the plugin stays out of a message (stable codes for tests and logs). */
export type SkipCode =
  | 'self'
  | 'not-a-person'
  | 'kind'
  | 'vision-off'
  | 'private-off'
  | 'group-off'
  | 'group-denied'
  | 'group-not-allowed'
  | 'contact-denied'
  | 'contact-not-allowed'
  | 'not-triggered'
  | 'empty';

/** What the plugin does with a message, before rate limits and the model. */
export type TriggerDecision =
  /** Ask the model `question` (the trigger prefix removed); `how` says what triggered it. */
  | { readonly action: 'ask'; readonly question: string; readonly how: string; readonly memoryKey: string }
  /** A clear-memory command. */
  | { readonly action: 'clear'; readonly how: string; readonly memoryKey: string }
  /** Triggered, but outside the service hours. */
  | { readonly action: 'closed'; readonly how: string; readonly reason: string }
  /** Not for the LLM. */
  | { readonly action: 'skip'; readonly code: SkipCode; readonly reason: string };

/** True when `list` names the peer: `"*"`, its id, or one of its names (exact, case-insensitive). */
export function listed(list: readonly string[], id: string, names: readonly string[]): boolean {
  for (const entry of list) {
    if (entry === '*' || entry === id) return true;
    const e = entry.toLowerCase();
    if (names.some((n) => n.toLowerCase() === e)) return true;
  }
  return false;
}

/** The conversation a message belongs to, for memory. */
export function memoryKeyOf(input: LlmInput, options: LlmOptions): string {
  if (input.chat.kind === 'private') return `private:${input.chat.id}`;
  return options.group.memory === 'shared'
    ? `group:${input.chat.id}`
    : `group:${input.chat.id}:${input.sender.id}`;
}

function stripPrefix(
  text: string,
  prefixes: readonly string[],
): { prefix: string; rest: string } | undefined {
  const t = text.trimStart();
  for (const prefix of prefixes) {
    if (t.startsWith(prefix)) return { prefix, rest: t.slice(prefix.length).trim() };
  }
  return undefined;
}

function skip(code: SkipCode, reason: string): TriggerDecision {
  return { action: 'skip', code, reason };
}

/** Who may be answered, and in which chat; `undefined` when allowed. */
function gate(input: LlmInput, options: LlmOptions): TriggerDecision | undefined {
  if (input.self) return skip('self', "the bot's own message (the LLM never answers itself)");
  if (input.notAPerson) return skip('not-a-person', 'an official or system account, not a person');
  if (input.kind !== 'text' && input.kind !== 'quote' && input.kind !== 'image') {
    return skip(
      'kind',
      `a ${input.kind} message (only texts${options.vision.enabled ? ' and images' : ''} are answered)`,
    );
  }
  if (input.kind === 'image') {
    if (!options.vision.enabled)
      return skip('vision-off', 'an image, and image input is off (vision.enabled: false)');
    if (input.chat.kind === 'group')
      return skip('vision-off', 'an image in a group (images are answered in private chats only)');
  }
  const { id: chatId, name: chatName } = input.chat;
  if (input.chat.kind === 'private') {
    if (!options.private.enabled) return skip('private-off', 'a private chat, and private.enabled is false');
  } else {
    if (!options.group.enabled) return skip('group-off', 'a group, and group.enabled is false');
    if (listed(options.group.deny, chatId, [chatName]))
      return skip('group-denied', `group "${chatName}" is in group.deny`);
    if (!listed(options.group.allow, chatId, [chatName])) {
      return skip(
        'group-not-allowed',
        `group "${chatName}" is not in group.allow (${options.group.allow.join(', ')})`,
      );
    }
  }
  const { id, name, names } = input.sender;
  if (listed(options.contacts.deny, id, names))
    return skip('contact-denied', `"${name}" is in contacts.deny`);
  if (!listed(options.contacts.allow, id, names))
    return skip('contact-not-allowed', `"${name}" is not in contacts.allow`);
  return undefined;
}

/** What triggered the message and the question it asks; `undefined` when nothing did. */
function trigger(input: LlmInput, options: LlmOptions): { how: string; question: string } | undefined {
  if (input.kind === 'image')
    return { how: 'an image in a private chat (vision)', question: options.vision.prompt };
  const text = input.text;
  if (input.chat.kind === 'private') {
    const prefixes = options.private.prefixes;
    if (prefixes.length === 0) return { how: 'a private chat (every message)', question: text.trim() };
    const hit = stripPrefix(text, prefixes);
    return hit && { how: `a private chat, prefix "${hit.prefix}"`, question: hit.rest };
  }
  const g = options.group;
  const hit = stripPrefix(text, g.prefixes);
  // An @all is an announcement to everyone, not a question to the bot.
  if (g.mention && input.isMentioned && input.mentionsAll !== true) {
    return { how: 'a group @mention', question: (hit?.rest ?? text).trim() };
  }
  if (hit) return { how: `a group message with prefix "${hit.prefix}"`, question: hit.rest };
  const lower = text.toLowerCase();
  const keyword = g.keywords.find((k) => lower.includes(k.toLowerCase()));
  if (keyword !== undefined)
    return { how: `a group message with keyword "${keyword}"`, question: text.trim() };
  return undefined;
}

function untriggered(input: LlmInput, options: LlmOptions): string {
  if (input.chat.kind === 'private')
    return `a private chat message without a prefix (${options.private.prefixes.map((p) => `"${p}"`).join(', ')})`;
  const g = options.group;
  const ways = [
    g.mention ? 'no @mention' : '@mentions are off (group.mention: false)',
    g.prefixes.length > 0 ? `no prefix (${g.prefixes.map((p) => `"${p}"`).join(', ')})` : '',
    g.keywords.length > 0 ? `no keyword (${g.keywords.map((k) => `"${k}"`).join(', ')})` : '',
  ].filter((s) => s !== '');
  return `a group message with ${ways.join(', ')}`;
}

/**
 * Decides what the LLM plugin does with a message: ask the model, clear the memory, say it is
 * closed, or stay out (with the reason). Pure: rate limits and the model come later.
 *
 * @example
 * decide({ kind: 'text', text: 'hi', chat: { kind: 'group', … }, isMentioned: true, … }, options);
 * // { action: 'ask', question: 'hi', how: 'a group @mention', memoryKey: 'group:…' }
 */
export function decide(input: LlmInput, options: LlmOptions): TriggerDecision {
  const blocked = gate(input, options);
  if (blocked !== undefined) return blocked;
  const memoryKey = memoryKeyOf(input, options);
  const commands = options.memory.clearCommands;
  // In a private chat the clear command works without the prefix; in a group it must be addressed to the bot.
  if (input.chat.kind === 'private' && input.kind !== 'image' && commands.includes(input.text.trim())) {
    return { action: 'clear', how: 'a clear-memory command in a private chat', memoryKey };
  }
  const hit = trigger(input, options);
  if (hit === undefined) return skip('not-triggered', untriggered(input, options));
  if (input.kind !== 'image' && commands.includes(hit.question)) {
    return { action: 'clear', how: `a clear-memory command (${hit.how})`, memoryKey };
  }
  if (hit.question === '') return skip('empty', `${hit.how}, but nothing was asked`);
  const hours = options.serviceHours;
  if (hours !== undefined && !isOpen(hours, input.now)) {
    return {
      action: 'closed',
      how: hit.how,
      reason: `outside the service hours ${hours.from}–${hours.to}${hours.timezone ? ` (${hours.timezone})` : ''}`,
    };
  }
  return { action: 'ask', question: hit.question, how: hit.how, memoryKey };
}
