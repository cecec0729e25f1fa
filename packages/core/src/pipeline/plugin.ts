import type { Logger } from 'pino';
import type * as z from 'zod';
import type { DownloadOptions, DownloadResult } from '../adapter/adapter.js';
import type { Capabilities } from '../adapter/capabilities.js';
import type { Contact, ContactLookup } from '../contacts/types.js';
import { ConfigError } from '../errors.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { Message } from '../message/types.js';
import type { Composer } from './composer.js';
import type { Context } from './context.js';
import type { BotEvents } from './events.js';

/** Undoes something. May be async. */
export type Disposer = () => unknown;

/**
 * Anything a plugin can hand to `bot.effect()` to have it undone on unload: a function, or an
 * object with `dispose()`, `close()` or `destroy()` (a server, a watcher, a DB pool, a socket…).
 */
export type DisposableLike =
  | Disposer
  | { dispose(): unknown }
  | { close(): unknown }
  | { destroy(): unknown };

/** Cancels a timer made with `bot.setTimeout` / `bot.setInterval`. */
export type CancelTimer = () => void;

/** Event subscription scoped to a plugin: everything added is removed on unload. */
export interface ScopedEvents<E extends object = BotEvents> {
  /** Listen to an event until the plugin is unloaded (or the returned function is called). */
  on<K extends keyof E & string>(event: K, listener: E[K]): Disposer;
  /** Listen once. */
  once<K extends keyof E & string>(event: K, listener: E[K]): Disposer;
  off<K extends keyof E & string>(event: K, listener: E[K]): void;
}

/** The middleware-registration methods a plugin gets (all scoped to the plugin). */
export type ComposerApi<C extends Context> = Pick<
  Composer<C>,
  'use' | 'on' | 'filter' | 'drop' | 'branch' | 'lazy' | 'hears' | 'command' | 'errorBoundary'
>;

/**
 * The `bot` a plugin's `setup` receives. Everything registered through it (middleware,
 * listeners, timers, disposers) is undone when the plugin is unloaded or the bot stops.
 * Middleware must be registered during `setup` (the chain is built once).
 *
 * @example
 * setup(bot, options) {
 *   bot.hears('ping', (ctx) => ctx.reply('pong'));
 *   bot.events.on('login', ({ self }) => bot.logger.info(`logged in as ${self.name}`));
 *   bot.setInterval(() => bot.send({ kind: 'text', to: 'filehelper', text: 'alive' }), 30 * 60_000);
 * }
 */
export interface PluginContext<C extends Context = Context> extends ComposerApi<C> {
  /** The plugin's name. */
  readonly name: string;
  /** A child logger with `component: "plugin:<name>"`. */
  readonly logger: Logger;
  /** Bot events (scoped). */
  readonly events: ScopedEvents<BotEvents>;
  readonly contacts: ContactLookup;
  /** The bot account (after login). */
  readonly self: Contact | undefined;
  /**
   * What the transport can do, to check before relying on it (undefined only with a fake bot):
   * `if (bot.capabilities?.groups) …`, `bot.capabilities?.perTurnQuota` (iLink: 10).
   */
  readonly capabilities: Capabilities | undefined;
  /** Aborted when the plugin is unloaded; hand it to fetch() and other long work. */
  readonly signal: AbortSignal;
  /** Send a message through the outbox (paced). */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /**
   * Download the media of a message (image, voice, video, file, emoticon) to memory or to
   * `options.file`. Rejects when the bot has no client (e.g. a fake in unit tests).
   */
  download(message: Message, options?: DownloadOptions): Promise<DownloadResult>;
  /**
   * Show "typing…" in a chat (by `userName`) until the returned function is called, `maxMs`
   * passed (default and at most 2 min) or the plugin unloads; counted with the bot's own
   * indicator. A no-op where the transport has no typing. In a handler, `ctx.typing()` does the
   * same for the message's chat.
   */
  holdTyping(chat: string, options?: { readonly maxMs?: number }): () => void;
  /** The bot's clock in ms since epoch (accelerated or fake in tests: use it for cooldowns and hours). */
  now(): number;
  /** Run `fn` once after `ms`; cancelled on unload. Errors are logged with the plugin name. */
  setTimeout(fn: () => unknown, ms: number): CancelTimer;
  /** Run `fn` every `ms`; cancelled on unload. */
  setInterval(fn: () => unknown, ms: number): CancelTimer;
  /** Run `fn` when the plugin is unloaded (last registered runs first). */
  onDispose(fn: Disposer): void;
  /**
   * Tie any disposable to the plugin's life and get it back: it is disposed (`dispose()`,
   * `close()`, `destroy()`, or called, if a function) when the plugin unloads or reloads.
   *
   * @example
   * const server = bot.effect(http.createServer(handler).listen(8080));
   * const watcher = bot.effect(fs.watch(dir, onChange));
   */
  effect<T extends DisposableLike>(resource: T): T;
  /** {@link PluginContext.effect} for several resources at once. */
  collect(...resources: DisposableLike[]): void;
}

/** What `setup` may return: nothing, or a disposer (sync or async). */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` lets setup functions simply not return
export type SetupResult = void | Disposer | Promise<void | Disposer>;

/**
 * A plugin: a name, an optional options schema and a setup function. Make one with
 * {@link definePlugin}. `Input` is what users write, `Options` what `setup` receives.
 */
export interface Plugin<Input = unknown, Options = Input> {
  readonly name: string;
  readonly schema?: z.ZodType<Options, Input>;
  setup(bot: PluginContext, options: Options): SetupResult;
}

/**
 * Define a plugin. With a zod `schema`, options are validated (and defaults applied) before
 * `setup` runs, and a bad value fails with a {@link ConfigError} naming the plugin and path.
 *
 * @example
 * export const echo = definePlugin({
 *   name: 'echo',
 *   schema: z.object({ prefix: z.string().default('echo: ') }),
 *   setup(bot, options) {
 *     bot.on('text', (ctx) => ctx.reply(options.prefix + ctx.text));
 *   },
 * });
 */
export function definePlugin<S extends z.ZodType>(definition: {
  readonly name: string;
  readonly schema: S;
  setup(bot: PluginContext, options: z.output<S>): SetupResult;
}): Plugin<z.input<S>, z.output<S>>;
export function definePlugin<O = void>(definition: {
  readonly name: string;
  setup(bot: PluginContext, options: O): SetupResult;
}): Plugin<O, O>;
export function definePlugin(definition: {
  readonly name: string;
  readonly schema?: z.ZodType;
  setup(bot: PluginContext, options: unknown): SetupResult;
}): Plugin {
  if (!/^[\w@/.:-]+$/.test(definition.name)) {
    throw new ConfigError('name', `plugin name "${definition.name}" must be non-empty, without spaces`);
  }
  return { ...definition };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function pathText(path: readonly PropertyKey[]): string {
  let text = 'options';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validate plugin options against its schema. Throws a {@link ConfigError} such as
 * `plugin "autoreply": options.rules[0].match: expected string, got number`.
 */
export function validatePluginOptions<I, O>(plugin: Plugin<I, O>, options: unknown): O {
  if (!plugin.schema) return options as O;
  const result = plugin.schema.safeParse(options);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const lines = issues.slice(0, 5).map((issue) => {
    const got = valueAt(options, issue.path);
    const what =
      issue.code === 'invalid_type' ? `expected ${issue.expected}, got ${describe(got)}` : issue.message;
    return `${pathText(issue.path)}: ${what}`;
  });
  if (issues.length > 5) lines.push(`(and ${issues.length - 5} more)`);
  const first = issues[0];
  return fail(plugin.name, first ? pathText(first.path) : 'options', lines.join('; '), result.error);
}

function fail(name: string, path: string, detail: string, cause: unknown): never {
  throw new ConfigError(path, `plugin "${name}": ${detail}`, { cause });
}
