import { BotError } from '../errors.js';
import type { MessageKind } from '../message/types.js';
import type { Context } from './context.js';
import {
  type CommandContext,
  compileCommands,
  compileTriggers,
  type HearsContext,
  isKind,
  type KindContext,
  matchCommand,
  matchTriggers,
  type Trigger,
} from './filters.js';
import {
  boundary,
  flatten,
  fold,
  isThenable,
  type Middleware,
  type MiddlewareFn,
  type MiddlewareObj,
  type NextFunction,
  pass,
  toBotError,
} from './middleware.js';

type MaybePromise<T> = T | Promise<T>;

/**
 * Handles an error thrown inside an `errorBoundary`. Call `next()` to let the rest of the
 * chain (after the boundary) run anyway.
 */
export type ErrorHandler<C extends Context = Context> = (
  error: BotError,
  ctx: C,
  next: NextFunction,
) => unknown;

/** Shared by a composer and every composer made from it, so freezing one freezes the tree. */
interface FreezeState {
  reason: string | undefined;
}

/** The message of the error `use()` throws after the bot started. */
export const FROZEN_AT_START =
  'the bot has already started: its middleware chain is built once, at start(), so every message sees ' +
  'the same chain. Register middleware before calling start(), or put it in a plugin: plugins can be ' +
  'loaded and unloaded while the bot runs';

/**
 * A list of middleware and the routers that build it. `bot` is one, every plugin gets one,
 * and every router method returns the composer holding the middleware you gave it, so you
 * can keep adding to that route.
 *
 * All routers are built on {@link Composer.lazy} ("pick middleware per message"); the list is
 * folded into one function once and reused for every message.
 *
 * @example
 * const admin = new Composer<Context>();
 * admin.command('kick', (ctx) => ctx.reply(`kicking ${ctx.command.args[0]}`));
 * bot.filter((ctx) => ctx.sender.name === 'Alice', admin);
 */
export class Composer<C extends Context = Context> implements MiddlewareObj<C> {
  private readonly list: Middleware<C>[] = [];
  private folded: MiddlewareFn<C> | undefined;
  private state: FreezeState = { reason: undefined };
  private readonly entry: MiddlewareFn<C> = (ctx, next) => {
    this.folded ??= fold(this.list);
    return this.folded(ctx, next);
  };

  constructor(...middleware: Middleware<C>[]) {
    this.list.push(...middleware);
  }

  /** The whole list as one middleware function. */
  middleware(): MiddlewareFn<C> {
    return this.entry;
  }

  /**
   * Stop accepting middleware; `use()` and every router then throw an error with `reason`.
   * The Bot calls this at start(). Freezes every composer made from this one too.
   */
  freeze(reason: string = FROZEN_AT_START): void {
    this.state.reason = reason;
    this.folded ??= fold(this.list);
  }

  /** True once {@link freeze} was called on this composer tree. */
  get frozen(): boolean {
    return this.state.reason !== undefined;
  }

  /**
   * Add middleware that runs for every message, in order.
   *
   * @example
   * bot.use(async (ctx, next) => { if (!ctx.self) await next(); });
   */
  use(...middleware: Middleware<C>[]): Composer<C> {
    if (this.state.reason !== undefined) {
      throw new BotError(`Cannot add middleware: ${this.state.reason}.`, { code: 'PIPELINE_FROZEN' });
    }
    const child = this.child<C>(middleware);
    this.list.push(child);
    this.folded = undefined;
    return child;
  }

  /**
   * Add middleware that can be removed later, even after {@link freeze} (plugin hosts use
   * this to load and unload plugins at run time). Returns the remover.
   */
  mount(middleware: Middleware<C>): () => void {
    this.list.push(middleware);
    this.folded = undefined;
    return () => {
      const at = this.list.indexOf(middleware);
      if (at >= 0) {
        this.list.splice(at, 1);
        this.folded = undefined;
      }
    };
  }

  /**
   * The routing primitive: choose the middleware for each message at run time.
   * Return prebuilt middleware from `choose`; building it per message defeats the fold.
   */
  lazy(choose: (ctx: C) => MaybePromise<Middleware<C>>): Composer<C> {
    return this.use((ctx, next) => {
      const chosen = choose(ctx);
      // Synchronous choices (the usual case) run without a promise.
      if (isThenable(chosen)) return Promise.resolve(chosen).then((mw) => flatten(mw)(ctx, next));
      return flatten(chosen)(ctx, next);
    });
  }

  /** Run `whenTrue` or `whenFalse` depending on `predicate`; both continue with `next`. */
  branch(
    predicate: (ctx: C) => MaybePromise<boolean>,
    whenTrue: Middleware<C>,
    whenFalse: Middleware<C>,
  ): Composer<C> {
    const yes = flatten(whenTrue);
    const no = flatten(whenFalse);
    return this.lazy((ctx) => {
      const verdict = predicate(ctx);
      if (isThenable(verdict)) return Promise.resolve(verdict).then((ok) => (ok ? yes : no));
      return verdict ? yes : no;
    });
  }

  /**
   * Run `middleware` only when `predicate` holds; a type guard narrows the context.
   *
   * @example
   * bot.filter((ctx) => ctx.isMentioned, (ctx) => ctx.reply('you called?'));
   */
  filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C>;
  filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C> {
    const child = this.child<C>(middleware);
    this.branch(predicate, child, pass);
    return child;
  }

  /** Run `middleware` only when `predicate` does NOT hold. */
  drop(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C> {
    const child = this.child<C>(middleware);
    this.branch(predicate, pass, child);
    return child;
  }

  /**
   * Handle messages of some kinds, or those a type guard accepts; the context is narrowed.
   *
   * @example
   * bot.on('text', (ctx) => ctx.message.text.length);
   * bot.on(['image', 'video'], (ctx) => ctx.message.size);
   * bot.on(isMentioned, (ctx) => ctx.reply('hi', { mention: true }));
   */
  on<D extends C>(guard: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  on<K extends MessageKind>(
    kind: K | readonly K[],
    ...middleware: Middleware<KindContext<C, K>>[]
  ): Composer<KindContext<C, K>>;
  on(
    kindOrGuard: MessageKind | readonly MessageKind[] | ((ctx: C) => boolean),
    ...middleware: Middleware<C>[]
  ): unknown {
    const guard =
      typeof kindOrGuard === 'function'
        ? kindOrGuard
        : isKind(...(typeof kindOrGuard === 'string' ? [kindOrGuard] : kindOrGuard));
    return this.filter(guard, ...middleware);
  }

  /**
   * Handle texts that match: a string must equal the whole (trimmed) text, a RegExp is
   * searched. The match is on `ctx.match`.
   *
   * @example
   * bot.hears('ping', (ctx) => ctx.reply('pong'));
   * bot.hears(/^weather (\w+)$/i, (ctx) => ctx.reply(`weather in ${ctx.match[1]}`));
   */
  hears(
    trigger: Trigger | readonly Trigger[],
    ...middleware: Middleware<HearsContext<C>>[]
  ): Composer<HearsContext<C>> {
    const triggers = compileTriggers(trigger);
    return this.filter(
      (ctx: C): ctx is HearsContext<C> => {
        const text = ctx.text;
        const match = text === undefined ? undefined : matchTriggers(triggers, text);
        if (match) ctx.match = match;
        return match !== undefined;
      },
      ...middleware,
    );
  }

  /**
   * Handle a command: `'weather'` matches `/weather beijing` (prefix `/`); a name with its own
   * punctuation prefix (`'#weather'`, `'!weather'`) uses that one. Names are case-insensitive.
   * In groups the bot's @mention is already stripped, so `@bot /weather x` works too.
   * The parsed command is on `ctx.command` (`name`, `prefix`, `args`, `rest`).
   *
   * @example
   * bot.command(['weather', '#weather'], (ctx) => ctx.reply(`looking up ${ctx.command.args[0]}`));
   */
  command(
    name: string | readonly string[],
    ...middleware: Middleware<CommandContext<C>>[]
  ): Composer<CommandContext<C>> {
    const specs = compileCommands(name);
    return this.filter(
      (ctx: C): ctx is CommandContext<C> => {
        const text = ctx.text;
        const command = text === undefined ? undefined : matchCommand(specs, text);
        if (command) ctx.command = command;
        return command !== undefined;
      },
      ...middleware,
    );
  }

  /**
   * Catch errors thrown by `middleware`. The rest of the chain runs after the boundary (not
   * inside it), when the protected middleware called `next()`, or when the handler does.
   *
   * @example
   * bot.errorBoundary((err, ctx) => ctx.reply(`sorry: ${err.message}`), riskyPlugin);
   */
  errorBoundary(handler: ErrorHandler<C>, ...middleware: Middleware<C>[]): Composer<C> {
    const inner = this.child<C>(middleware);
    this.use(boundary(inner.middleware(), (error, ctx, next) => handler(toBotError(error, ctx), ctx, next)));
    return inner;
  }

  /** A new composer in this tree (it freezes with it). */
  private child<D extends Context>(middleware: readonly Middleware<D>[]): Composer<D> {
    const composer = new Composer<D>(...middleware);
    composer.state = this.state;
    return composer;
  }
}
