import { EventEmitter } from 'eventemitter3';
import { type Logger, pino } from 'pino';
import type { Adapter, DownloadOptions, DownloadResult } from './adapter/adapter.js';
import type { Capabilities } from './adapter/capabilities.js';
import {
  CapabilityGuard,
  type ReplyWindowState,
  type ReplyWindows,
  unsupported,
} from './adapter/capability-guard.js';
import type { WxBotEvents } from './bot-events.js';
import { InboundRouter } from './bot-inbound.js';
import type { AdapterBotOptions } from './bot-options.js';
import { TypingWhileHandling } from './bot-typing.js';
import { systemClock } from './clock/clock.js';
import type { Contact } from './contacts/types.js';
import { WxError } from './errors.js';
import { type HealthServer, startHealthServer } from './health/server.js';
import type { BotStats } from './health/stats.js';
import { layerLogger, redactingLogger } from './logging/logger.js';
import type { OutgoingMessage, SendReceipt } from './message/outgoing.js';
import type { FriendRequestMessage, Message } from './message/types.js';
import { classifySendError } from './outbox/failure.js';
import type { JournalEntry, OutboxJournal } from './outbox/journal.js';
import { Outbox } from './outbox/outbox.js';
import { ReplyIds } from './outbox/reply-ids.js';
import type { SendOptions } from './outbox/types.js';
import { Composer } from './pipeline/composer.js';
import type { BotApi, Context } from './pipeline/context.js';
import { type BotErrorHandler, Dispatcher } from './pipeline/dispatcher.js';
import type { Plugin } from './pipeline/plugin.js';
import { PluginHost, type PluginStatus } from './pipeline/plugin-host.js';
import { BotSafety } from './safety/bot-safety.js';
import type { ReplyLoopStatus } from './safety/reply-loop-guard.js';
import { FileJournal } from './storage/file-journal.js';
import { fileStorage } from './storage/file-storage.js';
import { LiveStatusFile, liveStatusPath } from './storage/live-status.js';
import type { BotStorage } from './storage/storage.js';

export { type AdapterBotOptions, defaultJournalPath, type RuntimeOptions } from './bot-options.js';

/** Conversations listed in `stats().replyWindows` (health, metrics): the latest ones. */
const REPLY_WINDOWS_LISTED = 20;

/**
 * A WeChat bot on any transport: an {@link Adapter} (Web WeChat, iLink, …) delivers messages,
 * normalized into a typed {@link Message}; a middleware pipeline where plugins match and reply;
 * a paced outbox for everything sent, checked against the adapter's {@link Capabilities}.
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
export class Bot<A extends Adapter = Adapter> extends Composer<Context> {
  /** Lifecycle and message events. */
  readonly events = new EventEmitter<WxBotEvents>();
  /** The transport (advanced use: `bot.adapter.client` is the Web WeChat client on `web`). */
  readonly adapter: A;
  /** The queue every send goes through. */
  readonly outbox: Outbox;
  /** What middleware and plugins use to act: send, contacts, self, logger. */
  readonly api: BotApi;
  readonly logger: Logger;
  /** The reply-loop guard: is a chat's auto-reply paused? (also `ctx.bot.replyLoop`). */
  readonly replyLoop: ReplyLoopStatus;
  private readonly safety: BotSafety;
  private readonly dispatcher: Dispatcher<Context>;
  private readonly plugins: PluginHost<Context>;
  private readonly options: AdapterBotOptions<A>;
  private readonly journal: OutboxJournal | undefined;
  private readonly storage: BotStorage | undefined;
  private readonly replyIds = new ReplyIds();
  private readonly inbound: InboundRouter;
  private readonly guard: CapabilityGuard;
  private readonly typing: TypingWhileHandling;
  /** Handled messages whose replies are still being journaled (see `settle`). */
  private settling = 0;
  private readonly counters = { handled: 0, sent: 0, failed: 0 };
  private startedAt: number | undefined;
  private healthServer: HealthServer | undefined;
  private started = false;
  private liveStatus: LiveStatusFile | undefined;
  private liveTimer: NodeJS.Timeout | undefined;

  constructor(options: AdapterBotOptions<A>) {
    super();
    this.options = options;
    this.adapter = options.adapter;
    this.logger = options.logger ?? pino({ level: 'silent' });
    const adapter = this.adapter;
    this.guard = new CapabilityGuard(
      adapter.transport,
      adapter.capabilities,
      options.clock ?? systemClock,
      adapter.conversationState?.bind(adapter),
      adapter.conversationAddresses?.bind(adapter),
    );
    // Safety rails (pacing opt-in, daily budget) hold on the real service, not against a simulator.
    this.safety = new BotSafety(options, this.logger, adapter.realServer !== false);
    this.replyLoop = this.safety.replyLoop;
    const {
      journal: journalOption,
      unsafeRates: _u,
      dailyBudget: _d,
      ...outboxOptions
    } = options.outbox ?? {};
    const faults = adapter.storage;
    this.storage =
      options.storage ??
      (options.sessionFile
        ? fileStorage(options.sessionFile, {
            journal: {
              ...options.journalFile,
              report: (error, path) =>
                error === undefined ? faults?.recovered('journal') : faults?.failed('journal', path, error),
            },
          })
        : undefined);
    this.journal = journalOption === false ? undefined : (journalOption ?? this.storage?.journal);
    this.outbox = new Outbox(
      { send: (message, sendOptions) => adapter.send(message, sendOptions) },
      {
        ...outboxOptions,
        ...(this.journal ? { journal: this.journal } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        logger: layerLogger(this.logger, 'outbox'),
      },
    );
    this.safety.attach(this.outbox);
    // A reply queued before a re-login may name an address of the old session: the adapter maps it.
    if (adapter.currentAddress) {
      const current = adapter.currentAddress.bind(adapter);
      this.outbox.use((message, _info, next) => {
        const to = current(message.to);
        return next(to === message.to ? message : { ...message, to });
      });
    }
    // Middleware and plugins log through children of this one: secrets redacted there too.
    const logger = redactingLogger(this.logger);
    this.api = {
      replyLoop: this.replyLoop,
      capabilities: adapter.capabilities,
      send: (message, sendOptions) => this.send(message, sendOptions),
      get contacts() {
        return adapter.contacts;
      },
      get self() {
        return adapter.self;
      },
      logger,
      download: (message, options) => adapter.download(message, options),
      holdTyping: (chat, options) => this.holdTyping(chat, options),
    };
    this.typing = new TypingWhileHandling(adapter, options.typingWhileHandling !== false, this.logger);
    this.dispatcher = new Dispatcher<Context>({
      middleware: this,
      onDone: (message) => {
        this.typing.finished(message);
        this.settle(message.id);
      },
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
    // Backpressure: while too many messages wait for their handlers, the sync loop stops fetching.
    adapter.setFetchGate?.(() => this.dispatcher.room());
    this.inbound = new InboundRouter({
      adapter,
      outbox: this.outbox,
      events: this.events,
      logger: this.logger,
      sink: {
        dispatch: (message) => {
          this.guard.noteInbound(message);
          // A person's message opens a new turn: replies held for it (queueUntilNextTurn) go first.
          if (!message.self) this.outbox.openTurn(message.chat.userName);
          this.safety.observe(message);
          this.replyIds.open(message.id);
          const queued = this.dispatcher.dispatch(message);
          if (!queued) this.replyIds.close(message.id);
          else this.typing.started(message);
          return queued;
        },
      },
      dispatchStatusNotify: options.dispatchStatusNotify ?? false,
    });
    this.forwardEvents();
  }

  /** Who the bot knows: friends, groups, members, lookups by name (as far as the transport has them). */
  get contacts(): A['contacts'] {
    return this.adapter.contacts;
  }

  /** The bot account, once logged in. */
  get self(): Contact | undefined {
    return this.adapter.self;
  }

  /** What the transport can do (groups, media, reply window…); sends it cannot carry are refused. */
  get capabilities(): Capabilities {
    return this.adapter.capabilities;
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

  /**
   * Give a loaded plugin new options without a restart or a re-login: the new instance is set up
   * first and takes the old one's place in the chain only if that works; otherwise the old one keeps
   * running and this rejects (ConfigError for a bad value, BotError `PLUGIN_RELOAD` for a failing
   * setup). A plugin not loaded yet is loaded.
   *
   * @example
   * await bot.reload(autoreply, { rules: newRules });
   */
  reload<I, O>(plugin: Plugin<I, O>, options?: I): Promise<void> {
    return this.plugins.reload(plugin, options);
  }

  /** Each plugin's state: loading, active, or failed with the error (also in `stats()` and the health endpoint). */
  pluginStatus(): PluginStatus[] {
    return this.plugins.statuses();
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
    await this.safety.start();
    const resend = await this.readJournal();
    // Resend before the replayed messages are handled again, so their replies find the ids queued.
    this.adapter.once('ready', () => {
      if (resend.length > 0) {
        this.logger.info({ count: resend.length }, 'resending messages the last run may not have sent');
        this.outbox.resume(resend);
      }
    });
    await this.adapter.start();
    this.startLiveStatus();
    if (this.options.health) this.healthServer = await startHealthServer(this, this.options.health);
  }

  // `<session>.status` for `wxbot status`: storage faults and sync storms, as they happen.
  private startLiveStatus(): void {
    const file = this.options.sessionFile;
    if (!file || this.liveStatus) return;
    this.liveStatus = LiveStatusFile.create(liveStatusPath(file));
    const write = () => {
      const stats = this.stats();
      this.liveStatus?.write({
        pid: process.pid,
        updatedAt: Date.now(),
        loggedIn: stats.loggedIn,
        syncStorm: stats.syncStorm,
        storageFaults: stats.storageFaults ?? [],
      });
    };
    write();
    this.adapter.storage?.onChange(write);
    this.liveTimer = setInterval(write, 5000);
    this.liveTimer.unref();
  }

  /** The health endpoint started by the `health` option (its `url` and `port`), while running. */
  get healthServerInfo(): HealthServer | undefined {
    return this.healthServer;
  }

  /** Counters and state for monitoring (what the health endpoint serves). No secrets. */
  stats(): BotStats {
    const self = this.adapter.self;
    const inbound = this.adapter.inboundStats;
    return {
      loggedIn: this.adapter.loggedIn,
      running: this.adapter.running,
      nickName: self?.nickName,
      lastSyncAt: inbound.lastReceiveAt,
      messagesIn: inbound.received,
      messagesHandled: this.counters.handled,
      messagesOut: this.counters.sent,
      sendFailures: this.counters.failed,
      outboxDepth: this.outbox.size,
      dispatcherPending: this.dispatcher.pending,
      unhandled: inbound.unhandled,
      plugins: this.plugins.statuses(),
      syncStorm: this.adapter.syncStorm,
      storageFaults: this.adapter.storage?.current() ?? [],
      startedAt: this.startedAt,
      uptimeMs: this.startedAt === undefined ? 0 : Date.now() - this.startedAt,
      ...(this.adapter.lastEnd ? { lastEnd: this.adapter.lastEnd } : {}),
      ...(this.safety.budget ? { sendBudget: this.safety.budget } : {}),
      ...this.replyWindowStats(),
    };
  }

  private replyWindowStats(): { replyWindows?: ReplyWindows } {
    const windows = this.guard.windows(REPLY_WINDOWS_LISTED);
    return windows === undefined ? {} : { replyWindows: windows };
  }

  /**
   * Whether the bot may send to `address` now, until when, and how many messages are left in this
   * turn; undefined on a transport that may send at any time (Web).
   *
   * @example
   * const w = bot.replyWindow(userId);
   * if (w && !w.open) console.log('wait for their next message');
   */
  replyWindow(address: string): ReplyWindowState | undefined {
    return this.guard.window(address);
  }

  // Journal: seed the outbox with what was sent (idempotent repeats) and return what may not have been.
  private async readJournal(): Promise<JournalEntry[]> {
    const journal = this.journal;
    const own = journal !== undefined && journal === this.storage?.journal;
    if (!own && !(journal instanceof FileJournal)) return [];
    try {
      // Our own journal is compacted once per start (nothing is written to it yet).
      const state = own ? await this.storage!.recoverJournal() : await (journal as FileJournal).state();
      for (const receipt of state.sent) this.outbox.remember(receipt);
      return state.pending;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not read the outbox journal');
      return [];
    }
  }

  // A message counts as handled once its chain finished (or was abandoned) and its replies are
  // journaled: a crash before that replays it, and its derived reply ids make the replay idempotent.
  private settle(msgId: string): void {
    // Nothing waits to be journaled (no reply, or all on disk already): handled now, no promise.
    if (this.outbox.journaled) this.handled(msgId);
    else void this.settleLater(msgId);
  }

  private handled(msgId: string): void {
    this.replyIds.close(msgId);
    this.counters.handled += 1;
    this.adapter.markHandled(msgId);
  }

  private async settleLater(msgId: string): Promise<void> {
    this.settling += 1;
    try {
      try {
        await this.outbox.durable();
      } catch {
        // A reply could not be journaled (the disk failed until stop): the message stays pending
        // and is handled again at the next start; its reply ids make that idempotent.
        this.replyIds.close(msgId);
        return;
      }
      this.handled(msgId);
    } finally {
      this.settling -= 1;
    }
  }

  /**
   * Resolves when the bot is quiet: no message is being handled or waits to be, and the outbox
   * has nothing queued or in flight. Messages arriving meanwhile are waited for too.
   *
   * @example
   * await phone.friend('alice').says('ping');
   * await bot.idle(); // the reply has been sent
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.inbound.settled();
      await this.dispatcher.idle();
      await this.outbox.flush();
      // Let settle() (journal wait) and deferred echo checks finish before looking again.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (
        this.inbound.deferred === 0 &&
        this.dispatcher.pending === 0 &&
        this.dispatcher.active === 0 &&
        this.outbox.size === 0 &&
        !this.outbox.sending &&
        this.settling === 0
      ) {
        return;
      }
    }
  }

  /**
   * Stop: handle what is already queued, send what the outbox holds, unload plugins, save the
   * session. Safe to call twice.
   */
  async stop(): Promise<void> {
    this.dispatcher.stop();
    await this.dispatcher.idle();
    // Logged out, queued messages cannot go: they stay in the journal and go at the next start.
    // Neither can replies the journal cannot record (full disk): stop without waiting for them.
    if (this.adapter.loggedIn)
      await Promise.race([this.outbox.flush(), this.storageFailing()]).catch(() => undefined);
    this.outbox.stop();
    this.typing.clearAll();
    await this.plugins.unloadAll();
    await this.adapter.stop();
    if (this.journal === this.storage?.journal) await this.storage?.close().catch(() => undefined);
    else if (this.journal instanceof FileJournal) await this.journal.close().catch(() => undefined);
    await this.healthServer?.close();
    this.healthServer = undefined;
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveStatus?.close();
    this.liveStatus = undefined;
  }

  // Resolves while (or as soon as) a file cannot be written.
  private storageFailing(): Promise<void> {
    const storage = this.adapter.storage;
    if (!storage) return new Promise<void>(() => undefined);
    return new Promise((resolve) => {
      if (storage.current().length > 0) resolve();
      else storage.onChange(() => storage.current().length > 0 && resolve());
    });
  }

  /**
   * Send a message through the outbox (paced, retried without double-sending). A reply (`ctx.reply`,
   * or `options.replyTo` naming the message being handled) gets a `ClientMsgId` derived from that
   * message, so handling it again after a crash cannot send the reply twice.
   *
   * @throws CapabilityError (rejected) when the transport cannot carry the message (see {@link Bot.capabilities}).
   */
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendReceipt> {
    return this.safety.send(message, options, () => {
      let holdFor: Error | undefined;
      try {
        this.guard.admit(message);
      } catch (error) {
        // Outside the reply window or over the turn's quota: with queueUntilNextTurn it waits.
        if (!this.outbox.holdsForNextTurn || classifySendError(error) !== 'turn')
          return Promise.reject(error);
        holdFor = error as Error;
      }
      const clientMsgId = this.replyIds.idFor(options);
      if (clientMsgId !== undefined) return this.outbox.send(message, { ...options, clientMsgId }, holdFor);
      return this.outbox.send(message, options, holdFor);
    });
  }

  /**
   * Send a text to a contact or group found by name, remark, alias or group name.
   * @throws WxError `CONTACT_NOT_FOUND` when nobody matches.
   */
  async say(to: string, text: string): Promise<SendReceipt> {
    const contact = this.contacts.get(to) ?? this.contacts.find(to)[0];
    if (!contact) {
      throw new WxError('CONTACT_NOT_FOUND', `no contact or group called "${to}": check bot.contacts.find()`);
    }
    return this.send({ kind: 'text', to: contact.userName, text });
  }

  /**
   * Keep "typing…" in a chat (by `userName`) until the returned function is called or `maxMs`
   * passed (default and at most 2 min), counted with the indicator shown while its messages are
   * handled. A no-op where the transport has no typing or `typingWhileHandling` is false.
   */
  holdTyping(chat: string, options?: { readonly maxMs?: number }): () => void {
    return this.typing.hold(chat, options?.maxMs);
  }

  /** Download the media of a message (image, voice, video, file, emoticon) to memory or a file. */
  download(message: Message, options?: DownloadOptions): Promise<DownloadResult> {
    return this.adapter.download(message, options);
  }

  /**
   * Recall a sent message (Web: within 2 minutes of sending).
   * @throws CapabilityError `UNSUPPORTED` when the transport cannot recall messages.
   */
  revoke(receipt: SendReceipt): Promise<void> {
    const adapter = this.adapter;
    if (!adapter.capabilities.revoke || !adapter.revoke) {
      return Promise.reject(unsupported(adapter.transport, 'recall sent messages', 'revoke'));
    }
    return adapter.revoke(receipt);
  }

  /**
   * Accept a friend request.
   * @throws CapabilityError `UNSUPPORTED` when the transport has no friend requests.
   */
  acceptFriend(request: FriendRequestMessage): Promise<void> {
    const adapter = this.adapter;
    if (!adapter.capabilities.friendRequests || !adapter.acceptFriend) {
      return Promise.reject(unsupported(adapter.transport, 'accept friend requests', 'friendRequests'));
    }
    return adapter.acceptFriend({ userName: request.userName, ticket: request.ticket });
  }

  /** Log out on the server (ends the session on the phone) and stop. */
  async logout(): Promise<void> {
    await this.adapter.logout();
    await this.stop();
  }

  private forwardEvents(): void {
    const { adapter, events, outbox } = this;
    adapter.on('qr', (event) => events.emit('qr', event));
    adapter.on('scan', (event) => events.emit('scan', event));
    adapter.on('login', (event) => events.emit('login', event));
    adapter.on('ready', () => events.emit('ready'));
    adapter.on('logout', (event) => events.emit('logout', event));
    adapter.on('error', (error) => events.emit('error', error));
    adapter.on('stop', () => events.emit('stop'));
    adapter.on('inbound', (batch) => this.inbound.onInbound(batch));
    outbox.on('sent', (event) => {
      // The server echoes what we send back in sync: remember the id so it is not handled as new.
      adapter.markHandled(event.receipt.msgId);
      this.counters.sent += 1;
      events.emit('sent', event);
    });
    outbox.on('failed', (event) => {
      this.counters.failed += 1;
      events.emit('failed', event);
    });
  }
}
