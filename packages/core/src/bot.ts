import { basename, dirname, extname, join } from 'node:path';
import { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import { emitContactUpdates, emitDerivedEvents, type WxBotEvents } from './bot-events.js';
import { type DownloadResult, WebWxClient } from './client/client.js';
import type { DownloadOptions } from './client/download-target.js';
import { layerLogger } from './client/logger.js';
import type { WebWxClientOptions } from './client/options.js';
import type { OutgoingMessage, SendReceipt, SyncBatch } from './client/types.js';
import { isWxid } from './contacts/stable-id.js';
import { ContactStore } from './contacts/store.js';
import type { Contact } from './contacts/types.js';
import { type HealthServer, type HealthServerOptions, startHealthServer } from './health/server.js';
import type { BotStats } from './health/stats.js';
import { type NormalizeOptions, normalize } from './message/normalize.js';
import type { FriendRequestMessage, Message } from './message/types.js';
import type { Clock } from './outbox/clock.js';
import { FileJournal } from './outbox/file-journal.js';
import type { JournalEntry, OutboxJournal } from './outbox/journal.js';
import { Outbox } from './outbox/outbox.js';
import { RecipientMap } from './outbox/recipient-map.js';
import { ReplyScope } from './outbox/reply-scope.js';
import type { OutboxOptions, SendOptions } from './outbox/types.js';
import { Composer } from './pipeline/composer.js';
import type { BotApi, Context } from './pipeline/context.js';
import { type BotErrorHandler, Dispatcher } from './pipeline/dispatcher.js';
import type { MiddlewareFn } from './pipeline/middleware.js';
import type { Plugin } from './pipeline/plugin.js';
import { PluginHost } from './pipeline/plugin-host.js';
import type { WireMessage } from './protocol/wire.js';
import { loadSession } from './session/session-file.js';

/** The outbox journal the bot uses by default next to a session file: `session.json` → `session.outbox.jsonl`. */
export function defaultJournalPath(sessionFile: string): string {
  const ext = extname(sessionFile);
  return join(dirname(sessionFile), `${basename(sessionFile, ext)}.outbox.jsonl`);
}

/**
 * Options of {@link createBot}: the client's (login mode, session file, `connectTo`, timeouts…)
 * plus the outbox, scheduling and message handling.
 */
export interface BotOptions extends WebWxClientOptions {
  /**
   * Sending: pacing (on by default, human-like), retries, queue size, journal. `pacing: false` for
   * tests/bench. With a `sessionFile` and no `journal`, a file journal is kept next to the session
   * file ({@link defaultJournalPath}); `journal: false` turns it off.
   */
  readonly outbox?: Omit<OutboxOptions, 'logger' | 'journal'> & { readonly journal?: OutboxJournal | false };
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
  /** Serve `/healthz` and `/metrics` over HTTP while the bot runs (see {@link startHealthServer}). */
  readonly health?: HealthServerOptions;
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
  private readonly options: BotOptions;
  private readonly journal: OutboxJournal | undefined;
  private readonly journalPath: string | undefined;
  private readonly replies = new ReplyScope();
  private readonly recipients: RecipientMap;
  private readonly counters = { handled: 0, sent: 0, failed: 0 };
  private startedAt: number | undefined;
  private healthServer: HealthServer | undefined;
  private started = false;

  constructor(options: BotOptions = {}) {
    super();
    this.options = options;
    this.client = new WebWxClient(options);
    this.logger = this.client.options.logger;
    const client = this.client;
    const { journal: journalOption, ...outboxOptions } = options.outbox ?? {};
    this.journalPath =
      journalOption === undefined && options.sessionFile
        ? defaultJournalPath(options.sessionFile)
        : undefined;
    this.journal =
      journalOption === false
        ? undefined
        : (journalOption ?? (this.journalPath ? FileJournal.lazy(this.journalPath) : undefined));
    this.outbox = new Outbox(
      { send: (message, sendOptions) => client.send(message, sendOptions) },
      {
        ...outboxOptions,
        ...(this.journal ? { journal: this.journal } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        logger: layerLogger(this.logger, 'outbox'),
      },
    );
    this.recipients = new RecipientMap(() => client.contacts);
    // A reply queued before a re-login names the old UserName: send it to the same person's new one.
    this.outbox.use((message, _info, next) => {
      const to = this.recipients.current(message.to);
      return next(to === message.to ? message : { ...message, to });
    });
    const logger = this.logger;
    this.api = {
      send: (message, sendOptions) => this.send(message, sendOptions),
      get contacts() {
        return client.contacts;
      },
      get self() {
        return client.self;
      },
      logger,
      download: (message, options) => client.download(message.raw, options),
    };
    this.dispatcher = new Dispatcher<Context>({
      middleware: this.tracked,
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
    this.startedAt = Date.now();
    this.freeze();
    const resend = await this.readJournal();
    await this.rememberOldContacts();
    // Resend before the replayed messages are handled again, so their replies find the ids queued.
    this.client.once('ready', () => {
      if (resend.length > 0) {
        this.logger.info({ count: resend.length }, 'resending messages the last run may not have sent');
        this.outbox.resume(resend);
      }
    });
    await this.client.start();
    if (this.options.health) this.healthServer = await startHealthServer(this, this.options.health);
  }

  /** The health endpoint started by the `health` option (its `url` and `port`), while running. */
  get healthServerInfo(): HealthServer | undefined {
    return this.healthServer;
  }

  /** Counters and state for monitoring (what the health endpoint serves). No secrets. */
  stats(): BotStats {
    const self = this.client.self;
    return {
      loggedIn: this.client.loggedIn,
      running: this.client.running,
      nickName: self?.nickName,
      lastSyncAt: this.client.lastSyncAt,
      messagesIn: this.client.receivedCount,
      messagesHandled: this.counters.handled,
      messagesOut: this.counters.sent,
      sendFailures: this.counters.failed,
      outboxDepth: this.outbox.size,
      dispatcherPending: this.dispatcher.pending,
      unhandled: this.client.inbound.pendingCount,
      startedAt: this.startedAt,
      uptimeMs: this.startedAt === undefined ? 0 : Date.now() - this.startedAt,
    };
  }

  // Journal: seed the outbox with what was sent (idempotent repeats) and return what may not have been.
  private async readJournal(): Promise<JournalEntry[]> {
    const journal = this.journal;
    if (!(journal instanceof FileJournal)) return [];
    try {
      // Our own journal is compacted once per start (nothing is written to it yet).
      const state = this.journalPath ? await FileJournal.compact(this.journalPath) : await journal.state();
      for (const receipt of state.sent) this.outbox.remember(receipt);
      return state.pending;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not read the outbox journal');
      return [];
    }
  }

  // The contacts of the last run: replayed messages and resent replies name its UserNames.
  private async rememberOldContacts(): Promise<void> {
    const file = this.options.sessionFile;
    if (!file) return;
    const saved = await loadSession(file);
    if (saved.status === 'ok' && saved.data.contacts) {
      this.recipients.retire(ContactStore.restore(saved.data.contacts));
    }
  }

  // Outermost middleware: replies get ids derived from the message, and the message counts as
  // handled only once the chain finished (or was abandoned) and its replies are journaled.
  private readonly tracked: MiddlewareFn<Context> = (ctx, next) => {
    const msgId = ctx.message.raw.MsgId;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      void this.settle(msgId);
    };
    ctx.signal.addEventListener('abort', settle, { once: true });
    return this.replies.run(msgId, async () => {
      try {
        await this.middleware()(ctx, next);
      } finally {
        settle();
      }
    });
  };

  private async settle(msgId: string): Promise<void> {
    await this.outbox.durable().catch(() => undefined);
    this.counters.handled += 1;
    this.client.markHandled(msgId);
  }

  /**
   * Stop: handle what is already queued, send what the outbox holds, unload plugins, save the
   * session. Safe to call twice.
   */
  async stop(): Promise<void> {
    this.dispatcher.stop();
    await this.dispatcher.idle();
    // Logged out, queued messages cannot go: they stay in the journal and go at the next start.
    if (this.client.loggedIn) await this.outbox.flush().catch(() => undefined);
    this.outbox.stop();
    await this.plugins.unloadAll();
    await this.client.stop();
    if (this.journal instanceof FileJournal) await this.journal.close().catch(() => undefined);
    await this.healthServer?.close();
    this.healthServer = undefined;
  }

  /**
   * Send a message through the outbox (paced, retried without double-sending). Inside a handler
   * the `ClientMsgId` is derived from the message being handled, so handling it again after a
   * crash cannot send the reply twice.
   */
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendReceipt> {
    if (options?.clientMsgId === undefined) {
      const clientMsgId = this.replies.nextId();
      if (clientMsgId !== undefined) return this.outbox.send(message, { ...options, clientMsgId });
    }
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
    client.on('logout', (event) => {
      this.recipients.retire(client.contacts);
      events.emit('logout', event);
    });
    client.on('error', (error) => events.emit('error', error));
    client.on('stop', () => events.emit('stop'));
    client.on('sync', (batch) => this.onSync(batch));
    outbox.on('sent', (event) => {
      // The server echoes what we send back in sync: remember the id so it is not handled as new.
      client.markHandled(event.receipt.msgId);
      this.counters.sent += 1;
      events.emit('sent', event);
    });
    outbox.on('failed', (event) => {
      this.counters.failed += 1;
      events.emit('failed', event);
    });
  }

  private onSync(batch: SyncBatch): void {
    this.events.emit('sync', batch);
    const contacts = this.client.contacts;
    emitContactUpdates(this.events, batch, contacts);
    const dispatchNotify = this.options.dispatchStatusNotify ?? false;
    // Only messages not handled before (ids saved in the session file); echoes of our sends are out.
    const selfName = this.client.self?.userName;
    for (const raw of batch.fresh ?? this.client.inbound.receive(batch.messages)) {
      if (raw.FromUserName === selfName && this.outbox.sending) {
        // The echo of a send can arrive before the send's answer (which carries its MsgID):
        // decide once that answer is in. Sent on the phone → handled; our echo → dropped.
        void this.outbox.attemptDone().then(() => {
          if (!this.client.inbound.isHandled(raw.MsgId)) this.handleRaw(raw, dispatchNotify);
        });
        continue;
      }
      this.handleRaw(raw, dispatchNotify);
    }
  }

  private handleRaw(raw: WireMessage, dispatchNotify: boolean): void {
    let message: Message;
    try {
      message = normalize(raw, this.client.contacts, this.options.normalize);
    } catch (error) {
      // normalize() is defensive; this is the last line so one message can never stop the loop.
      this.logger.warn({ err: (error as Error).message, msgType: raw.MsgType }, 'unreadable message skipped');
      this.client.markHandled(raw.MsgId);
      return;
    }
    this.learnIdentities(message);
    this.emitSafely('message', message);
    this.emitDerivedSafely(message);
    if (message.kind === 'statusNotify' && !dispatchNotify) {
      this.client.markHandled(raw.MsgId);
      return;
    }
    // Not queued (stopping, or too many waiting): it stays unhandled and is replayed at the next start.
    this.dispatcher.dispatch(message);
  }

  private emitDerivedSafely(message: Message): void {
    try {
      emitDerivedEvents(this.events, message);
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'an event listener threw',
      );
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
