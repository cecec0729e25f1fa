import { types } from 'node:util';
import type { MessageKind, MessageOf } from '../message/types.js';
import type { CommandMatch, Context } from './context.js';

/** Kinds that carry `text` (`ctx.text` is a string for them). */
export type TextKind = 'text' | 'quote';

/** `C` narrowed to messages of kind `K`; for text kinds, `ctx.text` is a `string`. */
export type KindContext<C extends Context, K extends MessageKind> = C & {
  readonly message: MessageOf<K>;
} & ([K] extends [TextKind] ? { readonly text: string } : unknown);

/** `C` after `hears()` matched: `ctx.text` and `ctx.match` are set. */
export type HearsContext<C extends Context> = C & { readonly text: string; match: RegExpExecArray };

/** `C` after `command()` matched: `ctx.text` and `ctx.command` are set. */
export type CommandContext<C extends Context> = C & { readonly text: string; command: CommandMatch };

/** A type guard over contexts; `on()` and `filter()` narrow with it. */
export type ContextGuard<C extends Context, D extends C> = (ctx: C) => ctx is D;

/**
 * A guard for one or more message kinds.
 *
 * @example
 * bot.on(isKind('image', 'video'), (ctx) => ctx.message.size);
 */
export function isKind<K extends MessageKind>(...kinds: K[]) {
  const wanted = new Set<MessageKind>(kinds);
  return <C extends Context>(ctx: C): ctx is KindContext<C, K> => wanted.has(ctx.message.kind);
}

/** A text message. `bot.on(isText, ctx => ctx.message.text)`. */
export const isText = <C extends Context>(ctx: C): ctx is KindContext<C, 'text'> =>
  ctx.message.kind === 'text';

/** A message in a group (`ctx.room` is set). */
export const isGroup = <C extends Context>(
  ctx: C,
): ctx is C & { readonly room: NonNullable<Context['room']> } => ctx.message.isGroup;

/** A message in a private chat. */
export const isPrivate = <C extends Context>(ctx: C): boolean => !ctx.message.isGroup;

/** A group text or quote that @-mentions the bot (by name or @all). */
export const isMentioned = <C extends Context>(ctx: C): ctx is KindContext<C, TextKind> => ctx.isMentioned;

/** A message the bot account sent itself. */
export const isSelf = <C extends Context>(ctx: C): boolean => ctx.message.self;

/** A `hears()` trigger: a string matches the whole (trimmed) text; a RegExp is searched. */
export type Trigger = string | RegExp;

/**
 * A RegExp from any realm: a plugin loaded by jiti under a vm context (jest) or from another
 * `vm.Context` carries its own `RegExp` constructor, so `instanceof RegExp` is false for it.
 */
function isRegExp(value: unknown): value is RegExp {
  return types.isRegExp(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile triggers once: strings become anchored, exact patterns. */
export function compileTriggers(triggers: Trigger | readonly Trigger[]): readonly RegExp[] {
  const list: readonly Trigger[] = typeof triggers === 'string' || isRegExp(triggers) ? [triggers] : triggers;
  if (list.length === 0) throw new TypeError('hears() needs at least one string or RegExp');
  return list.map((t) => (typeof t === 'string' ? new RegExp(`^${escapeRegExp(t.trim())}$`) : t));
}

/** The first trigger that matches `text`, as a match array. */
export function matchTriggers(triggers: readonly RegExp[], text: string): RegExpExecArray | undefined {
  const trimmed = text.trim();
  for (const trigger of triggers) {
    trigger.lastIndex = 0; // a /g or /y RegExp keeps state between calls
    const match = trigger.exec(trimmed);
    if (match) return match;
  }
  return undefined;
}

/** Prefix used for command names that do not start with one. */
export const DEFAULT_COMMAND_PREFIX = '/';

/** A command name and the prefix it must be typed with. */
export interface CommandSpec {
  readonly name: string;
  readonly prefix: string;
}

/**
 * Parse command names: `'weather'` means `/weather`; a name that starts with a punctuation
 * character carries its own prefix (`'#weather'`, `'!weather'`, `'／weather'`).
 */
export function compileCommands(names: string | readonly string[]): readonly CommandSpec[] {
  const list = typeof names === 'string' ? [names] : names;
  if (list.length === 0) throw new TypeError('command() needs at least one name');
  return list.map((raw) => {
    const hasPrefix = /^[\p{P}\p{S}]/u.test(raw);
    const prefix = hasPrefix ? [...raw][0]! : DEFAULT_COMMAND_PREFIX;
    const name = hasPrefix ? raw.slice(prefix.length) : raw;
    if (!/^[^\s]+$/u.test(name)) {
      throw new TypeError(`command name "${raw}" must be one word (letters, digits, no spaces)`);
    }
    return { name: name.toLowerCase(), prefix };
  });
}

/** Split arguments on whitespace, keeping "double quoted" or “curly quoted” parts together. */
export function splitArgs(rest: string): string[] {
  const args: string[] = [];
  for (const m of rest.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/gu)) args.push(m[1] ?? m[2] ?? m[3] ?? '');
  return args;
}

/** Match `text` against commands: `/weather beijing` → `{ name: 'weather', args: ['beijing'] }`. */
export function matchCommand(specs: readonly CommandSpec[], text: string): CommandMatch | undefined {
  const trimmed = text.trim();
  for (const spec of specs) {
    if (!trimmed.startsWith(spec.prefix)) continue;
    const body = trimmed.slice(spec.prefix.length);
    const word = /^(\S+)(?:\s+([\s\S]*))?$/u.exec(body);
    if (!word || word[1]?.toLowerCase() !== spec.name) continue;
    const rest = (word[2] ?? '').trim();
    return { name: spec.name, prefix: spec.prefix, args: splitArgs(rest), rest };
  }
  return undefined;
}
