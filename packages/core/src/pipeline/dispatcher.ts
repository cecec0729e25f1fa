import type { Logger } from 'pino';
import type { BotError } from '../errors.js';
import { BotError as BotErrorClass, WxError } from '../errors.js';
import type { Message } from '../message/types.js';
import { type BotApi, Context } from './context.js';
import {
  concat,
  flatten,
  type Middleware,
  type MiddlewareFn,
  pass,
  runChain,
  toBotError,
} from './middleware.js';
import { activePlugin } from './plugin-host.js';
import { ChatScheduler, type ScheduledTask, type SchedulerOptions, type TaskControl } from './scheduler.js';

/**
 * Receives every error of message handling: a middleware or plugin that threw (`code`
 * `MIDDLEWARE`, `plugin` set for plugins), or missed its deadline (`TIMEOUT`). `ctx` is
 * undefined for failures outside a message (plugin timers, listeners, setup, dispose).
 */
export type BotErrorHandler<C extends Context = Context> = (error: BotError, ctx: C | undefined) => unknown;

/** Options of the {@link Dispatcher}. */
export interface DispatcherOptions<C extends Context> extends SchedulerOptions {
  /** The whole chain, usually the bot's composer (plugins are mounted on it). */
  readonly middleware: Middleware<C>;
  readonly api: BotApi;
  /** Make the context for a message; needed when `C` adds fields to `Context`. */
  readonly createContext?: (message: Message, api: BotApi, signal: AbortSignal) => C;
  /** Logger for failures (defaults to `api.logger`). */
  readonly logger?: Logger;
  /**
   * Called once per queued message when its handling is over: the chain finished, failed, or was
   * abandoned at its deadline (the Bot marks the message handled here).
   */
  readonly onDone?: (message: Message) => void;
}

function describe(message: Message): string {
  const where = message.isGroup ? ` in "${message.chat.name}"` : '';
  return `message ${message.id} (${message.kind} from "${message.sender.name}"${where})`;
}

/**
 * Feeds messages through the middleware chain: one chat in order, chats concurrently (bounded),
 * each message with a deadline. Every failure reaches one error handler ({@link Dispatcher.catch});
 * the default one logs, and nothing a handler does can stop the dispatcher.
 *
 * @example
 * const dispatcher = new Dispatcher({ middleware: bot, api, deadlineMs: 10_000 });
 * dispatcher.catch((err) => logger.error({ plugin: err.plugin }, err.message));
 * client.on('sync', (batch) => { for (const raw of batch.messages) dispatcher.dispatch(normalize(raw, contacts)); });
 */
export class Dispatcher<C extends Context = Context> {
  private readonly scheduler: ChatScheduler;
  private readonly logger: Logger;
  private handler: BotErrorHandler<C>;
  // Guards the outermost `next` too (a composer's entry function is the same for its lifetime).
  private readonly chain: MiddlewareFn<C>;

  constructor(private readonly options: DispatcherOptions<C>) {
    this.scheduler = new ChatScheduler(options);
    this.chain = concat(flatten(options.middleware), pass);
    this.logger = options.logger ?? options.api.logger;
    this.handler = (error) => this.log(error);
  }

  /** Messages waiting to be handled. */
  get pending(): number {
    return this.scheduler.pending;
  }

  /** Chats whose message is being handled right now. */
  get active(): number {
    return this.scheduler.active;
  }

  /**
   * Backpressure: undefined while the bot can take more messages, else a promise that resolves
   * when fewer than `maxPending` wait. The sync loop waits for it before fetching.
   */
  room(): Promise<void> | undefined {
    return this.scheduler.room();
  }

  /** Replace the error handler (`bot.catch`). The default logs each error once. */
  catch(handler: BotErrorHandler<C>): void {
    this.handler = handler;
  }

  /**
   * Report an error to the handler. Pass this to the `PluginHost` as `onError` so plugin
   * failures outside messages end up in the same place.
   */
  readonly report = (error: BotError, ctx: C | undefined): void => {
    try {
      const result = this.handler(error, ctx);
      if (result instanceof Promise) result.catch((inner: unknown) => this.handlerFailed(inner, error));
    } catch (inner) {
      this.handlerFailed(inner, error);
    }
  };

  /**
   * Queue a message for handling. Returns false only when the dispatcher is stopped; above
   * `maxPending` it is still queued (see {@link room}: the bot stops fetching instead).
   */
  dispatch(message: Message): boolean {
    const task = new MessageTask(this, message, this.chain);
    const queued = this.scheduler.push(message.chat.userName || message.sender.userName, task);
    if (!queued)
      this.logger.debug({ messageId: message.id }, 'message not queued: the dispatcher is stopping');
    return queued;
  }

  /** @internal The context of a message (MessageTask calls this). */
  contextFor(message: Message, control: TaskControl): C {
    return this.options.createContext
      ? this.options.createContext(message, this.options.api, control.signal)
      : (new Context(message, this.options.api, { abort: control }) as C);
  }

  /** @internal A message's handling is over. */
  done(message: Message): void {
    this.options.onDone?.(message);
  }

  /** @internal The handler of a message threw or rejected. */
  failed(error: unknown, late: boolean, message: Message, ctx: C | undefined): void {
    if (late) {
      this.logger.debug({ err: error, messageId: message.id }, 'abandoned handler failed after its deadline');
    } else if (error instanceof WxError && error.code === 'REPLY_PAUSED') {
      // The reply-loop guard said so once already; one log line per pause, not one per message.
      this.logger.debug({ messageId: message.id }, 'reply not sent: chat paused by the reply-loop guard');
    } else {
      this.report(toBotError(error, ctx), ctx);
    }
  }

  /** @internal A message missed its deadline. */
  timedOut(deadlineMs: number, message: Message, ctx: C | undefined): void {
    const plugin = ctx ? activePlugin(ctx) : undefined;
    const who = plugin === undefined ? 'middleware' : `plugin "${plugin}"`;
    this.report(
      new BotErrorClass(
        `${who} did not finish handling ${describe(message)} within ${deadlineMs} ms; ` +
          'abandoned it so the chat can move on (raise the deadline, or do slow work outside the handler)',
        { code: 'TIMEOUT', messageId: message.id, ...(plugin === undefined ? {} : { plugin }) },
      ),
      ctx,
    );
  }

  /** Resolves when every queued message was handled (or abandoned). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** Accept no more messages; drop those waiting. Running handlers finish or time out. */
  stop(): void {
    this.scheduler.stop();
  }

  private log(error: BotError): void {
    const fields = { err: error, plugin: error.plugin, messageId: error.messageId, code: error.code };
    const cause = error.cause;
    if (cause instanceof Error && 'code' in cause && cause.code === 'SELF_REPLY') {
      this.logger.debug(fields, 'skipped a reply to the bot’s own message');
    } else if (error.code === 'TIMEOUT') {
      this.logger.warn(fields, error.message);
    } else {
      this.logger.error(fields, error.message);
    }
  }

  private handlerFailed(inner: unknown, original: BotError): void {
    this.logger.error({ err: inner, original: original.message }, 'the bot error handler itself threw');
  }
}

// One message on its way through the chain: a class, not four closures per message.
class MessageTask<C extends Context> implements ScheduledTask {
  private ctx: C | undefined;

  constructor(
    private readonly owner: Dispatcher<C>,
    private readonly message: Message,
    private readonly middleware: MiddlewareFn<C>,
  ) {}

  run(control: TaskControl): unknown {
    const ctx = this.owner.contextFor(this.message, control);
    this.ctx = ctx;
    return runChain(this.middleware, ctx);
  }

  onError(error: unknown, late: boolean): void {
    this.owner.failed(error, late, this.message, this.ctx);
  }

  onTimeout(deadlineMs: number): void {
    this.owner.timedOut(deadlineMs, this.message, this.ctx);
  }

  onDone(): void {
    this.owner.done(this.message);
  }
}
