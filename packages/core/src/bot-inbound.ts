import type { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import { emitContactUpdates, emitDerivedEvents, type WxBotEvents } from './bot-events.js';
import type { WebWxClient } from './adapters/web/client/client.js';
import type { SyncBatch } from './adapters/web/client/types.js';
import { isWxid } from './adapters/web/contacts/stable-id.js';
import { type NormalizeOptions, normalize } from './adapters/web/message/normalize.js';
import type { Message } from './message/types.js';
import type { Outbox } from './outbox/outbox.js';
import type { WireMessage } from './adapters/web/protocol/wire.js';

/** What the {@link InboundRouter} hands its messages to. */
export interface InboundSink {
  /** Queue a message for the middleware; false when it was not queued (it stays unhandled). */
  dispatch(message: Message): boolean;
}

/** What the router needs from the bot. */
export interface InboundRouterOptions {
  readonly client: WebWxClient;
  readonly outbox: Outbox;
  readonly events: EventEmitter<WxBotEvents>;
  readonly logger: Logger;
  readonly sink: InboundSink;
  readonly dispatchStatusNotify: boolean;
  readonly normalize: NormalizeOptions | undefined;
}

/**
 * The bot's receive side: every sync batch becomes contact events, and each fresh message is
 * normalized, announced (`message` and derived events) and queued for the middleware. The
 * server's echo of the bot's own sends is recognised and dropped.
 *
 * @example
 * const inbound = new InboundRouter({ client, outbox, events, logger, sink: dispatcher, … });
 * client.on('sync', (batch) => inbound.onSync(batch));
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

  onSync(batch: SyncBatch): void {
    const { client, events, outbox } = this.o;
    events.emit('sync', batch);
    emitContactUpdates(events, batch, client.contacts);
    // Only messages not handled before (ids saved in the session file); echoes of our sends are out.
    const selfName = client.self?.userName;
    for (const raw of batch.fresh ?? client.inbound.receive(batch.messages)) {
      if (raw.FromUserName === selfName && outbox.sending) {
        // The echo of a send can arrive before the send's answer (which carries its MsgID):
        // decide once that answer is in. Sent on the phone → handled; our echo → dropped.
        this.#deferred += 1;
        void outbox.attemptDone().then(() => {
          this.#deferred -= 1;
          if (!client.inbound.isHandled(raw.MsgId)) this.handleRaw(raw);
          if (this.#deferred === 0) for (const resolve of this.#quiet.splice(0)) resolve();
        });
        continue;
      }
      this.handleRaw(raw);
    }
  }

  private handleRaw(raw: WireMessage): void {
    const { client, logger } = this.o;
    let message: Message;
    try {
      message = normalize(raw, client.contacts, this.o.normalize);
    } catch (error) {
      // normalize() is defensive; this is the last line so one message can never stop the loop.
      logger.warn({ err: (error as Error).message, msgType: raw.MsgType }, 'unreadable message skipped');
      client.markHandled(raw.MsgId);
      return;
    }
    this.learnIdentities(message);
    this.emitSafely(message);
    if (message.kind === 'statusNotify' && !this.o.dispatchStatusNotify) {
      client.markHandled(raw.MsgId);
      return;
    }
    // Not queued (stopping, or too many waiting): it stays unhandled and is replayed at the next start.
    this.o.sink.dispatch(message);
  }

  // Internal ids (wxid) make contact ids stable across logins: learn them where the server shows them.
  private learnIdentities(message: Message): void {
    const store = this.o.client.contacts;
    if (message.kind === 'statusNotify' && message.code === 4) {
      store.mapWxids(message.userNames, message.wxids);
    } else if (message.kind === 'friendRequest' && isWxid(message.sender.id)) {
      store.mapWxids([message.userName], [message.sender.id]);
    }
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
