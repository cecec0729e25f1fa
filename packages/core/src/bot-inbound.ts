import type { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import type { Adapter, InboundBatch } from './adapter/adapter.js';
import { emitDerivedEvents, type WxBotEvents } from './bot-events.js';
import type { Message } from './message/types.js';
import type { Outbox } from './outbox/outbox.js';

/** What the {@link InboundRouter} hands its messages to. */
export interface InboundSink {
  /** Queue a message for the middleware; false when it was not queued (it stays unhandled). */
  dispatch(message: Message): boolean;
}

/** What the router needs from the bot. */
export interface InboundRouterOptions {
  readonly adapter: Adapter;
  readonly outbox: Outbox;
  readonly events: EventEmitter<WxBotEvents>;
  readonly logger: Logger;
  readonly sink: InboundSink;
  readonly dispatchStatusNotify: boolean;
}

/**
 * The bot's receive side, for any adapter: every inbound batch becomes contact events, and each
 * fresh item is normalized by the adapter, announced (`message` and derived events) and queued
 * for the middleware. The server's echo of the bot's own sends is recognised and dropped.
 *
 * @example
 * const inbound = new InboundRouter({ adapter, outbox, events, logger, sink: dispatcher, … });
 * adapter.on('inbound', (batch) => inbound.onInbound(batch));
 */
export class InboundRouter {
  #deferred = 0;
  #quiet: Array<() => void> = [];

  constructor(private readonly o: InboundRouterOptions) {}

  /** Own messages waiting for a send's answer before they are judged (see {@link onSync}). */
  get deferred(): number {
    return this.#deferred;
  }

  /** Resolves when no own message waits for a send's answer. */
  settled(): Promise<void> {
    if (this.#deferred === 0) return Promise.resolve();
    return new Promise((resolve) => this.#quiet.push(resolve));
  }

  onInbound(batch: InboundBatch): void {
    const { adapter, events, outbox } = this.o;
    events.emit('inbound', batch);
    if (batch.changedContacts.length > 0) events.emit('contact-update', batch.changedContacts);
    for (const raw of batch.items) {
      const message = this.normalizeSafely(raw);
      if (!message) continue;
      if (message.self && outbox.sending) {
        // The echo of a send can arrive before the send's answer (which carries its id):
        // decide once that answer is in. Sent on the phone → handled; our echo → dropped.
        this.#deferred += 1;
        void outbox.attemptDone().then(() => {
          this.#deferred -= 1;
          if (!adapter.isHandled(message.id)) this.handle(message);
          if (this.#deferred === 0) for (const resolve of this.#quiet.splice(0)) resolve();
        });
        continue;
      }
      this.handle(message);
    }
  }

  private normalizeSafely(raw: unknown): Message | undefined {
    const { adapter, logger } = this.o;
    try {
      return adapter.normalize(raw);
    } catch (error) {
      // normalize() is defensive; this is the last line so one message can never stop the loop.
      logger.warn({ err: (error as Error).message }, 'unreadable message skipped');
      const id = adapter.inboundId(raw);
      if (id !== undefined) adapter.markHandled(id);
      return undefined;
    }
  }

  private handle(message: Message): void {
    const { adapter } = this.o;
    this.emitSafely(message);
    if (message.kind === 'statusNotify' && !this.o.dispatchStatusNotify) {
      adapter.markHandled(message.id);
      return;
    }
    // Not queued (stopping, or too many waiting): it stays unhandled and is replayed at the next start.
    this.o.sink.dispatch(message);
  }
  // A throwing event listener must not lose the messages after it.
  private emitSafely(message: Message): void {
    const { events, logger } = this.o;
    try {
      events.emit('message', message);
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'a message listener threw',
      );
    }
    try {
      emitDerivedEvents(events, message);
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'an event listener threw',
      );
    }
  }
}
