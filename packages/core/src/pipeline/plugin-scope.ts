import type { Logger } from 'pino';
import type { DownloadOptions, DownloadResult } from '../adapter/adapter.js';
import type { Capabilities } from '../adapter/capabilities.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Contact, ContactLookup } from '../contacts/types.js';
import { type BotError, WxError } from '../errors.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { Message } from '../message/types.js';
import { Composer } from './composer.js';
import type { BotApi, Context } from './context.js';
import type { BotEvents, EventSource } from './events.js';
import { toBotError } from './middleware.js';
import type { CancelTimer, DisposableLike, Disposer, PluginContext, ScopedEvents } from './plugin.js';

type Listener = (...args: unknown[]) => unknown;

/** Reports a failure that happened inside a plugin (outside message handling `ctx` is undefined). */
export type PluginErrorReporter = (error: BotError, ctx: Context | undefined) => void;

/**
 * The `bot` one plugin sees: a composer of its own plus tracked listeners, timers and
 * disposers. `dispose()` undoes all of it. Made by the plugin host.
 */
export class PluginScope extends Composer<Context> implements PluginContext<Context> {
  readonly logger: Logger;
  readonly events: ScopedEvents<BotEvents>;
  private readonly controller = new AbortController();
  private readonly disposers: Disposer[] = [];
  private readonly timers = new Set<TimerHandle>();
  private readonly typingHolds = new Set<() => void>();
  private readonly listeners: Array<{ event: string; original: Listener; wrapped: Listener }> = [];

  constructor(
    readonly name: string,
    private readonly api: BotApi,
    private readonly source: EventSource<BotEvents>,
    private readonly clock: Clock,
    private readonly report: PluginErrorReporter,
  ) {
    super();
    this.logger = api.logger.child({ component: `plugin:${name}` });
    this.events = this.makeEvents();
  }

  get contacts(): ContactLookup {
    return this.api.contacts;
  }

  get self(): Contact | undefined {
    return this.api.self;
  }

  get capabilities(): Capabilities | undefined {
    return this.api.capabilities;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once disposed. */
  get disposed(): boolean {
    return this.controller.signal.aborted;
  }

  send(message: OutgoingMessage): Promise<SendReceipt> {
    return this.api.send(message);
  }

  download(message: Message, options?: DownloadOptions): Promise<DownloadResult> {
    if (!this.api.download) {
      return Promise.reject(
        new WxError('NO_DOWNLOAD', `plugin "${this.name}": this bot cannot download media`),
      );
    }
    return this.api.download(message, options);
  }

  holdTyping(chat: string, options?: { readonly maxMs?: number }): () => void {
    const release = this.disposed ? undefined : this.api.holdTyping?.(chat, options);
    if (release === undefined) return () => undefined;
    this.typingHolds.add(release);
    return () => {
      if (this.typingHolds.delete(release)) release();
    };
  }

  now(): number {
    return this.clock.now();
  }

  setTimeout(fn: () => unknown, ms: number): CancelTimer {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      this.guard(fn);
    }, ms);
    this.timers.add(handle);
    return () => {
      this.clock.clearTimeout(handle);
      this.timers.delete(handle);
    };
  }

  setInterval(fn: () => unknown, ms: number): CancelTimer {
    const handle = this.clock.setInterval(() => this.guard(fn), ms);
    this.timers.add(handle);
    return () => {
      this.clock.clearInterval(handle);
      this.timers.delete(handle);
    };
  }

  onDispose(fn: Disposer): void {
    this.disposers.push(fn);
  }

  effect<T extends DisposableLike>(resource: T): T {
    this.disposers.push(disposerOf(resource));
    return resource;
  }

  collect(...resources: DisposableLike[]): void {
    for (const resource of resources) this.effect(resource);
  }

  /** Counts of what is still registered (for diagnostics and tests). */
  get registered(): { readonly listeners: number; readonly timers: number; readonly disposers: number } {
    return { listeners: this.listeners.length, timers: this.timers.size, disposers: this.disposers.length };
  }

  /** Undo everything: abort the signal, remove listeners, clear timers, run disposers (newest first). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.controller.abort();
    for (const { event, wrapped } of this.listeners.splice(0)) {
      this.source.off(event as keyof BotEvents & string, wrapped as never);
    }
    for (const handle of this.timers) {
      // clearTimeout and clearInterval are interchangeable in Node and in jest's fakes.
      this.clock.clearTimeout(handle);
      this.clock.clearInterval(handle);
    }
    this.timers.clear();
    for (const release of this.typingHolds) release();
    this.typingHolds.clear();
    for (const fn of this.disposers.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        this.report(toBotError(error, undefined, this.name), undefined);
      }
    }
  }

  /** Run plugin code outside a message; a throw or rejection is reported, never propagated. */
  private guard(fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) {
        result.catch((error: unknown) => this.report(toBotError(error, undefined, this.name), undefined));
      }
    } catch (error) {
      this.report(toBotError(error, undefined, this.name), undefined);
    }
  }

  private makeEvents(): ScopedEvents<BotEvents> {
    const add = (event: string, original: Listener, once: boolean): Disposer => {
      const remove = () => {
        const at = this.listeners.findIndex((l) => l.wrapped === wrapped);
        if (at >= 0) this.listeners.splice(at, 1);
        this.source.off(event as keyof BotEvents & string, wrapped as never);
      };
      const wrapped: Listener = (...args) => {
        if (once) remove();
        this.guard(() => original(...args));
      };
      if (this.disposed) return () => {};
      this.listeners.push({ event, original, wrapped });
      this.source.on(event as keyof BotEvents & string, wrapped as never);
      return remove;
    };
    return {
      on: (event, listener) => add(event, listener as Listener, false),
      once: (event, listener) => add(event, listener as Listener, true),
      off: (event, listener) => {
        const found = this.listeners.find((l) => l.event === event && l.original === listener);
        if (!found) return;
        this.listeners.splice(this.listeners.indexOf(found), 1);
        this.source.off(event, found.wrapped as never);
      },
    };
  }
}

// The one place that knows how the common resource shapes are undone.
function disposerOf(resource: DisposableLike): Disposer {
  if (typeof resource === 'function') return resource;
  if ('dispose' in resource && typeof resource.dispose === 'function') return () => resource.dispose();
  if ('close' in resource && typeof resource.close === 'function') return () => resource.close();
  if ('destroy' in resource && typeof resource.destroy === 'function') return () => resource.destroy();
  throw new TypeError('bot.effect() needs a function or an object with dispose(), close() or destroy()');
}
