import { validatePluginOptions } from '@wxbot/core';
import type { LlmInput } from './input.js';
import { personaFor, renderPersona } from './persona.js';
import { llm } from './plugin.js';
import { decide, memoryKeyOf } from './trigger.js';

/** What `wxbot explain "text" --group NAME --from NAME` asks the LLM plugin. */
export interface LlmExplainQuery {
  readonly text: string;
  /** Message kind (default `text`). */
  readonly kind?: string;
  /** Pretend it was said in this group (name or id); a private chat otherwise. */
  readonly group?: string;
  /** Who said it (name or id; default `someone`). */
  readonly from?: string;
  /** The bot was @-mentioned (groups). */
  readonly mentioned?: boolean;
  /** When (default now). */
  readonly now?: Date;
  /** A plugin listed before the LLM (e.g. `autoreply`) answers the message. */
  readonly answeredBy?: string;
}

/**
 * Explains whether the LLM plugin would answer a message and why, as printable lines; nothing
 * is sent and the model is not asked. Rate limits and memory depend on the running bot and are
 * not simulated. Throws the core's `ConfigError` when the options are invalid (print its message).
 *
 * @example
 * for (const line of explainLlm(options, { text: '@bot 你好', group: 'Hikers', from: 'Bob', mentioned: true })) console.log(line);
 * // llm: would answer (a group @mention): asks the model "你好"
 */
export function explainLlm(rawOptions: unknown, query: LlmExplainQuery): string[] {
  const options = validatePluginOptions(llm, rawOptions);
  const from = query.from ?? 'someone';
  const input: LlmInput = {
    kind: query.kind ?? 'text',
    text: query.text,
    chat:
      query.group === undefined
        ? { kind: 'private', id: from, name: from }
        : { kind: 'group', id: query.group, name: query.group },
    sender: { id: from, name: from, names: [from] },
    isMentioned: query.mentioned ?? false,
    self: false,
    notAPerson: false,
    now: query.now ?? new Date(),
  };
  if (query.answeredBy !== undefined) {
    return [
      `llm: would not answer: ${query.answeredBy}, listed before it, answers first (the LLM answers only what earlier plugins left)`,
    ];
  }
  const d = decide(input, options);
  if (d.action === 'skip') return [`llm: would not answer: ${d.reason}`];
  if (d.action === 'clear')
    return [
      `llm: clears the memory of this conversation (${d.how}) and says ${JSON.stringify(options.memory.clearedReply)}`,
    ];
  if (d.action === 'closed') {
    const closed = options.serviceHours?.closedReply ?? null;
    return [
      `llm: would not ask the model: ${d.reason}${closed === null ? '' : `; says ${JSON.stringify(closed)}`}`,
    ];
  }
  const persona = renderPersona(personaFor(input, options.persona), input, options.serviceHours?.timezone);
  const limits = [
    options.limits.perUser
      ? `${options.limits.perUser.max} per person per ${options.limits.perUser.per / 1000}s`
      : '',
    options.limits.perChat
      ? `${options.limits.perChat.max} per chat per ${options.limits.perChat.per / 1000}s`
      : '',
  ].filter((s) => s !== '');
  return [
    `llm: would answer (${d.how}): asks ${options.model} ${JSON.stringify(d.question)}`,
    `llm: persona: ${JSON.stringify(persona)}`,
    `llm: memory: ${memoryKeyOf(input, options).startsWith('group:') && options.group.memory === 'shared' ? 'shared by the group' : 'this conversation'}, last ${options.memory.maxMessages} messages within ${options.memory.maxTokens} tokens (not simulated here)`,
    `llm: rate limits: ${limits.length > 0 ? limits.join(', ') : 'none'} (not simulated here)`,
  ];
}
