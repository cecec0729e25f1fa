import { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import { emitContactUpdates, emitDerivedEvents, type WxBotEvents } from './bot-events.js';
import { type DownloadResult, WebWxClient } from './client/client.js';
import type { DownloadOptions } from './client/download-target.js';
import { layerLogger } from './client/logger.js';
import type { WebWxClientOptions } from './client/options.js';
import type { OutgoingMessage, SendReceipt, SyncBatch } from './client/types.js';
import { isWxid } from './contacts/stable-id.js';
import type { ContactStore } from './contacts/store.js';
import type { Contact } from './contacts/types.js';
import { DEFAULT_DEDUPE_CAPACITY, MessageDedupe } from './message/dedupe.js';
import { type NormalizeOptions, normalize } from './message/normalize.js';
import type { FriendRequestMessage, Message } from './message/types.js';
import type { Clock } from './outbox/clock.js';
import { Outbox } from './outbox/outbox.js';
import type { OutboxOptions, SendOptions } from './outbox/types.js';
import { Composer } from './pipeline/composer.js';
import type { BotApi, Context } from './pipeline/context.js';
import { type BotErrorHandler, Dispatcher } from './pipeline/dispatcher.js';
import type { Plugin } from './pipeline/plugin.js';
import { PluginHost } from './pipeline/plugin-host.js';

/**
 * Options of {@link createBot}: the client's (login mode, session file, `connectTo`, timeouts…)
 * plus the outbox, scheduling and message handling.
 */
export interface BotOptions extends WebWxClientOptions {
  /** Sending: pacing (on by default, human-like), retries, queue size, journal. `pacing: false` for tests/bench. */
  readonly outbox?: Omit<OutboxOptions, 'logger'>;
  /** Chats handled at the same time (messages of one chat are always in order). Default 16. */
  readonly concurrency?: number;
  /** Time a message may spend in the middleware chain before it is abandoned (ms). Default 30000. */
  readonly deadlineMs?: number;
  /** Messages waiting to be handled before new ones are dropped with a warning. Default 1000. */
  readonly maxPending?: number;
  /** Message ids remembered to drop duplicates and the echo of the bot's own sends. Default 10,000. */
  readonly dedupeCapacity?: number;
  /** Pass MsgType 51 status notifications to middleware too. Default false. */
  readonly dispatchStatusNotify?: boolean;
  /** Limits of the message parser. */
  readonly normalize?: NormalizeOptions;
  /** Clock for the outbox and plugin timers (tests use fake time). */
  readonly clock?: Clock;
}

/**
 * A WeChat bot: the Web WeChat client, every sync message normalized into a typed {@link Message},
 * a middleware pipeline where plugins match and reply, and a paced outbox for everything sent.
 *
 * The bot is a {@link Composer}: `bot.on('text', …)`, `bot.hears(/hi/, …)`, `bot.command('help', …)`.
 * Lifecycle and derived events are on `bot.events` (`qr`, `login`, `ready`, `message`, `room-join`, …).
 *
 * @example
 * const bot = createBot({ sessionFile: '.wxbot/session.json' });
 * bot.events.on('qr', (qr) => console.log(renderQrToString(qr.url)));
 * bot.on('text', (ctx) => ctx.reply(`you said: ${ctx.text}`));
 * await bot.start();
 */
export class Bot extends Composer<Context> {
  /** Lifecycle and message events. */
  readonly events = new EventEmitter<WxBotEvents>();
  /** The low-level Web WeChat client (advanced use). */
  readonly client: WebWxClient;
  /** The queue every send goes through. */
  readonly outbox: Outbox;
  /** What middleware and plugins use to act: send, contacts, self, logger. */
  readonly api: BotApi;
  readonly logger: Logger;
  private readonly dispatcher: Dispatcher<Context>;
  private readonly plugins: PluginHost<Context>;
  private readonly dedupe: MessageDedupe;
  private readonly options: BotOptions;
  private started = false;

  constructor(options: BotOptions = {}) {
    super();
    this.options = options;
    this.client = new WebWxClient(options);
    this.logger = this.client.options.logger;
    const client = this.client;
    this.outbox = new Outbox(
      { send: (message, sendOptions) => client.send(message, sendOptions) },
      {
        ...options.outbox,
        ...(options.clock ? { clock: options.clock } : {}),
        logger: layerLogger(this.logger, 'outbox'),
      },
    );
    const outbox = this.outbox;
    const logger = this.logger;
    this.api = {
      send: (message, sendOptions) => outbox.send(message, sendOptions),
      get contacts() {
        return client.contacts;
      },
      get self() {
        return client.self;
      },
      logger,
    };
    this.dedupe = new MessageDedupe(options.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY);
    this.dispatcher = new Dispatcher<Context>({
      middleware: this,
      api: this.api,
      logger: layerLogger(this.logger, 'pipeline'),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
      ...(options.maxPending !== undefined ? { maxPending: options.maxPending } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.plugins = new PluginHost<Context>({
      composer: this,
      api: this.api,
      events: this.events,
      onError: this.dispatcher.report,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.forwardEvents();
  }

  /** The contact store: friends, groups, members, lookups by name. */
  get contacts(): ContactStore {
    return this.client.contacts;
  }

  /** The bot account, once logged in. */
  get self(): Contact | undefined {
    return this.client.self;
  }

  /** Names of the loaded plugins, in order. */
  get pluginNames(): readonly string[] {
    return this.plugins.names;
  }

  /**
   * Load a plugin (before or after `start()`). Options are validated against the plugin's schema;
   * a bad value throws a `ConfigError` naming the plugin and the path. Plugins run in load order.
   */
  plugin<I, O>(plugin: Plugin<I, O>, options?: I): Promise<void> {
    return this.plugins.load(plugin, options);
  }

  /** Unload a plugin: its middleware, listeners and timers are removed. */
  unload(name: string): Promise<void> {
    return this.plugins.unload(name);
  }

  /** Handle every error of message handling (the default logs it). One failing plugin never stops the bot. */
  catch(handler: BotErrorHandler<Context>): this {
    this.dispatcher.catch(handler);
    return this;
  }

  /**
   * Log in (resume, push or QR: watch `bot.events.on('qr')`), load contacts, start receiving.
   * The middleware chain is frozen: `use()` afterwards throws (load plugins instead).
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.freeze();
    await this.client.start();
  }

  /**
   * Stop: handle what is already queued, send what the outbox holds, unload plugins, save the
   * session. Safe to call twice.
   */
  async stop(): Promise<void> {
    this.dispatcher.stop();
    await this.dispatcher.idle();
    await this.outbox.flush().catch(() => undefined);
    this.outbox.stop();
    await this.plugins.unloadAll();
    await this.client.stop();
  }

  /** Send a message through the outbox (paced, retried without double-sending). */
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendReceipt> {
    return this.outbox.send(message, options);
  }

  /**
   * Send a text to a contact or group found by name, remark, alias or group name.
   * @throws Error when nobody matches.
   */
  async say(to: string, text: string): Promise<SendReceipt> {
    const contact = this.contacts.get(to) ?? this.contacts.find(to)[0];
    if (!contact) throw new Error(`no contact or group called "${to}": check bot.contacts.find()`);
    return this.send({ kind: 'text', to: contact.userName, text });
  }

  /** Download the media of a message (image, voice, video, file, emoticon) to memory or a file. */
  download(message: Message, options?: DownloadOptions): Promise<DownloadResult> {
    return this.client.download(message.raw, options);
  }

  /** Recall a sent message (within 2 minutes of sending). */
  revoke(receipt: SendReceipt): Promise<void> {
    return this.client.revoke(receipt);
  }

  /** Accept a friend request. */
  acceptFriend(request: FriendRequestMessage): Promise<void> {
    return this.client.acceptFriend({ userName: request.userName, ticket: request.ticket });
  }

  /** Log out on the server (ends the web session on the phone) and stop. */
  async logout(): Promise<void> {
    await this.client.logout();
    await this.stop();
  }

  private forwardEvents(): void {
    const { client, events, outbox } = this;
    client.on('qr', (event) => events.emit('qr', event));
    client.on('scan', (event) => events.emit('scan', event));
    client.on('login', (event) => events.emit('login', event));
    client.on('ready', () => events.emit('ready'));
    client.on('logout', (event) => events.emit('logout', event));
    client.on('error', (error) => events.emit('error', error));
    client.on('stop', () => events.emit('stop'));
    client.on('sync', (batch) => this.onSync(batch));
    outbox.on('sent', (event) => {
      // The server echoes what we send back in sync: remember the id so it is not handled as new.
      this.dedupe.seen(event.receipt.msgId);
      events.emit('sent', event);
    });
    outbox.on('failed', (event) => events.emit('failed', event));
  }

  private onSync(batch: SyncBatch): void {
    this.events.emit('sync', batch);
    const contacts = this.client.contacts;
    emitContactUpdates(this.events, batch, contacts);
    const dispatchNotify = this.options.dispatchStatusNotify ?? false;
    for (const raw of batch.messages) {
      if (this.dedupe.seen(raw.MsgId)) continue;
      const message = normalize(raw, contacts, this.options.normalize);
      this.learnIdentities(message);
      this.emitSafely('message', message);
      emitDerivedEvents(this.events, message);
      if (message.kind === 'statusNotify' && !dispatchNotify) continue;
      this.dispatcher.dispatch(message);
    }
  }

  // Internal ids (wxid) make contact ids stable across logins: learn them where the server shows them.
  private learnIdentities(message: Message): void {
    const store = this.client.contacts;
    if (message.kind === 'statusNotify' && message.code === 4) {
      store.mapWxids(message.userNames, message.wxids);
    } else if (message.kind === 'friendRequest' && isWxid(message.sender.id)) {
      store.mapWxids([message.userName], [message.sender.id]);
    }
  }

  // A throwing event listener must not lose the messages after it.
  private emitSafely(name: 'message', message: Message): void {
    try {
      this.events.emit(name, message);
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'a message listener threw',
      );
    }
  }
}

/**
 * Create a bot.
 *
 * @example
 * const bot = createBot({ mode: 'desktop', sessionFile: '.wxbot/session.json' });
 */
export function createBot(options: BotOptions = {}): Bot {
  return new Bot(options);
}
