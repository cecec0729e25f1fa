import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type Adapter,
  type AdapterEvents,
  type AdapterLoginOptions,
  assertWritableDir,
  type Capabilities,
  type Contact,
  type ConversationState,
  type DownloadOptions,
  type DownloadResult,
  HandledLog,
  InboundLedger,
  type InboundStats,
  LoginError,
  type LoginMethod,
  layerLogger,
  lockSession,
  type Message,
  type OutgoingMessage,
  type SendReceipt,
  type SessionEnd,
  type SessionLock,
  StorageFaults,
  type SyncStorm,
  WxError,
} from '@wxbot/core';
import { EventEmitter } from 'eventemitter3';
import { type Logger, pino } from 'pino';
import { IlinkClient } from '../client.js';
import { normalizeMessage } from '../messages/normalize.js';
import type { PollEnd, UpdateBatch, UpdatePoller } from '../poll/poller.js';
import type { WeixinMessage } from '../protocol/types.js';
import { ILINK_CAPABILITIES } from './capabilities.js';
import { IlinkDirectory } from './directory.js';
import { toRuntimeError } from './errors.js';
import { contentTypeOf, mediaOf } from './media.js';
import type { IlinkAdapterOptions } from './options.js';
import {
  emptySession,
  fileSessionStore,
  type HandledIdStore,
  type IlinkSessionData,
  loadIlinkSession,
  type SessionDocumentStore,
} from './session-store.js';
import { toMessage } from './to-message.js';

const idOf = (raw: WeixinMessage): string => normalizeMessage(raw).id;

/**
 * WeChat's official iLink bot API behind the {@link Adapter} seam: QR login (or a saved session),
 * the `getupdates` long-poll with its cursor saved in the same write as the inbound ledger, messages
 * mapped to the shared `Message` union, sends within the reply window and the per-turn quota, media
 * up and down, typing.
 *
 * @example
 * const bot = new Bot({ adapter: new IlinkAdapter({ sessionFile: '.wxbot/ilink.json' }) });
 * bot.on(isText, (ctx) => ctx.reply(`echo: ${ctx.text}`));
 * await bot.start();
 */
export class IlinkAdapter
  extends EventEmitter<AdapterEvents<WeixinMessage>>
  implements Adapter<WeixinMessage>
{
  readonly transport = 'ilink';
  readonly capabilities: Capabilities;
  /** The iLink client (advanced: raw endpoints, the conversation tracker). */
  readonly client: IlinkClient;
  readonly contacts: IlinkDirectory;
  /** Files that cannot be written now (session, handled log, journal): `bot.stats().storageFaults`. */
  readonly storage: StorageFaults;
  readonly #options: IlinkAdapterOptions;
  #saveRetry: NodeJS.Timeout | undefined;
  #fetchGate: (() => Promise<void> | undefined) | undefined;
  /** How the last session ended (`-14`), for `/healthz` and `wxbot status`. */
  lastEnd: SessionEnd | undefined;
  #session: IlinkSessionData = emptySession();
  #loaded: Promise<void> | undefined;
  #ledger = new InboundLedger<WeixinMessage>(idOf);
  readonly #store: SessionDocumentStore | undefined;
  readonly #handledLog: HandledIdStore | undefined;
  #poller: UpdatePoller | undefined;
  #loop: Promise<void> | undefined;
  #received = 0;
  #lastReceiveAt: number | undefined;
  #saving: Promise<void> = Promise.resolve();
  /** The save waiting behind the one being written: later callers join it (see `#save`). */
  #nextSave: Promise<void> | undefined;
  readonly #receipts = new Map<string, SendReceipt>();
  readonly #typing = new Map<string, Promise<() => Promise<void>>>();
  #loginAbort: AbortController | undefined;
  #lock: SessionLock | undefined;
  /** `wxbot:sync`, secrets redacted by configuration (raw items go out at trace level only). */
  readonly #log: Logger;

  constructor(options: IlinkAdapterOptions = {}) {
    super();
    this.#options = options;
    this.client = new IlinkClient({ ...options, credentials: options.credentials });
    const rules = this.client.conversations.rules;
    this.capabilities = {
      ...ILINK_CAPABILITIES,
      replyWindowMs: rules.windowMs,
      perTurnQuota: rules.quotaPerTurn,
    };
    this.contacts = new IlinkDirectory(options.names);
    const file = options.sessionFile;
    this.storage = new StorageFaults(options.logger ?? pino({ level: 'silent' }));
    this.#log = layerLogger(options.logger ?? pino({ level: 'silent' }), 'sync');
    this.#store = options.storage?.session ?? (file ? fileSessionStore(file) : undefined);
    this.#handledLog =
      options.storage?.handled ??
      (file
        ? new HandledLog(file, (error, path) =>
            error === undefined
              ? this.storage.recovered('handled-log')
              : this.storage.failed('handled-log', path, error),
          )
        : undefined);
  }

  /**
   * False against a simulator (`connectTo`, or a login host on this machine): the runtime's safety
   * rails (pacing opt-in, daily budget) bind on the real servers only.
   */
  get realServer(): boolean {
    if (this.#options.connectTo !== undefined) return false;
    const login = this.#options.loginBaseUrl;
    return login === undefined || !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/.test(login);
  }

  get loggedIn(): boolean {
    return this.client.credentials !== undefined && this.#session.endedReason === undefined;
  }

  get running(): boolean {
    return this.#poller?.running ?? false;
  }

  get self(): Contact | undefined {
    return this.contacts.self;
  }

  /** The server answering the long-poll at once with nothing, over and over (polls are spaced meanwhile). */
  get syncStorm(): SyncStorm | undefined {
    return this.#poller?.storm;
  }

  get inboundStats(): InboundStats {
    return {
      received: this.#received,
      unhandled: this.#ledger.pendingCount,
      lastReceiveAt: this.#lastReceiveAt,
    };
  }

  /**
   * Logs in: the saved session, else a QR login. Takes the session file's lock first.
   *
   * @throws SessionLockedError when another live process uses the same session file (its pid named).
   */
  async login(options: AdapterLoginOptions = {}): Promise<LoginMethod> {
    const held = this.#lock !== undefined;
    await this.#claimSessionFile();
    try {
      return await this.#login(options);
    } catch (err) {
      // Not logged in: the file is free for another process (a later login locks it again).
      if (!held) await this.#releaseSessionFile();
      throw err;
    }
  }

  async #login(options: AdapterLoginOptions): Promise<LoginMethod> {
    await this.#load();
    if (this.loggedIn) return this.#loggedIn('resume');
    if (options.resumeOnly) {
      const ended = this.#session.endedReason;
      throw new LoginError(
        ended ? 'SESSION_ENDED' : 'NO_SESSION',
        ended
          ? `The iLink session ended (${ended}); run wxbot login and scan the QR code again.`
          : 'No saved iLink session; run wxbot login and scan the QR code.',
      );
    }
    const previous = this.#session.credentials;
    // stop() ends a QR login in progress (Ctrl+C, a blocked verify code) instead of waiting it out.
    const abort = new AbortController();
    this.#loginAbort = abort;
    const result = await this.client
      .login({
        ...this.#options.login,
        signal: abort.signal,
        verifyCode: this.#options.verifyCode,
        localTokens: previous ? [previous.token] : [],
        onEvent: (e) => {
          // The step only: a QR's ticket and content log the account in while valid.
          this.#log.debug({ step: e.type, ...(e.type === 'qr' ? { attempt: e.index } : {}) }, 'QR login');
          if (e.type === 'qr') this.emit('qr', { uuid: e.qrcode, url: e.content, attempt: e.index });
          else if (e.type === 'scanned') this.emit('scan', { avatar: undefined });
          this.#options.onLoginEvent?.(e);
        },
      })
      .catch((err: unknown) => {
        throw toRuntimeError(err);
      })
      .finally(() => {
        if (this.#loginAbort === abort) this.#loginAbort = undefined;
      });
    if (result.kind === 'already-bound') {
      if (!previous)
        throw new LoginError(
          'LOGIN_BAD_ANSWER',
          'The server says this bot is already bound, but no saved session has its token; delete the session file and log in again.',
        );
      this.client.useCredentials(previous);
      this.#session = { ...this.#session, endedReason: undefined };
    } else {
      // A new binding: the old cursor and context tokens belong to the old session (protocol.md T11).
      this.#session = {
        ...this.#session,
        credentials: result.credentials,
        cursor: '',
        conversations: [],
        endedReason: undefined,
      };
    }
    await this.#save();
    return this.#loggedIn('qr');
  }

  async start(): Promise<void> {
    if (this.#poller?.running) return;
    // A folder the session cannot be written to is refused before any login (nothing could be kept).
    if (this.#options.sessionFile && !this.#options.storage)
      await assertWritableDir(dirname(this.#options.sessionFile));
    const held = this.#lock !== undefined;
    await this.#claimSessionFile();
    try {
      await this.#load();
      // After -14 a person logs in again (wxbot login); starting never brings up a QR by itself.
      if (this.#session.endedReason) await this.login({ resumeOnly: true });
      if (!this.loggedIn) await this.login();
      if (this.#options.notify !== false) await this.client.notifyStart();
    } catch (err) {
      if (!held) await this.#releaseSessionFile();
      throw err;
    }
    const poller = this.client.poller({
      ...this.#options.poll,
      cursor: this.#session.cursor,
      onUpdates: (batch) => this.#onUpdates(batch),
      onCursor: (cursor) => {
        this.#session = { ...this.#session, cursor };
        void this.#save().catch((err: unknown) => this.#error(err));
      },
      onError: (err) => this.#error(err),
      onEarlyAnswers: (storm) =>
        storm
          ? this.#log.warn({ rounds: storm.rounds }, `sync storm: ${storm.what}`)
          : this.#log.info('sync storm over: the server holds the long-poll again'),
      gate: () => this.#fetchGate?.(),
    });
    this.#poller = poller;
    this.#loop = poller.run().then((end) => this.#onEnd(end));
    this.emit('ready');
    const replay = this.#ledger.takeReplay();
    if (replay.length > 0) this.emit('inbound', { items: replay, changedContacts: [] });
  }

  /** Stops polling (and a QR login in progress), saves the session, releases the session file's lock. */
  async stop(): Promise<void> {
    await this.#halt();
    await this.#releaseSessionFile();
  }

  async #halt(): Promise<void> {
    this.#loginAbort?.abort();
    const poller = this.#poller;
    if (!poller) return;
    this.#poller = undefined;
    clearTimeout(this.#saveRetry);
    this.#saveRetry = undefined;
    await poller.stop();
    await this.#loop;
    await Promise.all([...this.#typing.values()].map(async (stop) => (await stop)()));
    this.#typing.clear();
    if (this.#options.notify !== false && this.loggedIn) await this.client.notifyStop();
    // A disk still failing at stop: the fault is reported; what was not saved is replayed next start.
    await this.#save().catch((err: unknown) => this.#error(err));
    this.emit('stop');
  }

  async logout(): Promise<void> {
    await this.#halt();
    this.client.useCredentials(undefined);
    this.#session = { ...emptySession(), inbound: this.#ledger.toJSON() };
    await this.#save();
    await this.#releaseSessionFile();
    this.emit('logout', {
      reason: 'logged out: the saved iLink session was forgotten',
      code: undefined,
      // The session is gone for good, as when the server stops accepting it; a person logs in again.
      kind: 'expired',
      willRelogin: false,
    });
  }

  normalize(raw: WeixinMessage): Message {
    const botId = this.client.credentials?.botId;
    const msg = normalizeMessage(raw, { botId, lookupQuoted: (id) => this.client.recent.get(id) });
    return toMessage(msg, botId, (id) => this.contacts.nameOf(id), Date.now());
  }

  inboundId(raw: WeixinMessage): string | undefined {
    return idOf(raw);
  }

  markHandled(id: string): void {
    this.#ledger.markHandled(id);
    this.#handledLog?.append(id);
  }

  isHandled(id: string): boolean {
    return this.#ledger.isHandled(id);
  }

  async send(
    message: OutgoingMessage,
    options: { readonly clientMsgId?: string } = {},
  ): Promise<SendReceipt> {
    const key = options.clientMsgId;
    const done = key === undefined ? undefined : this.#receipts.get(key);
    if (done) return done;
    let last: { messageId: string | undefined; clientId: string } | undefined;
    try {
      if (message.kind === 'text') {
        last = (await this.client.sendText(message.to, message.text, { clientId: key })).at(-1);
      } else if (message.kind === 'emoticon') {
        throw new WxError('UNSUPPORTED', 'The ilink transport cannot send stickers; send an image instead.');
      } else {
        const media = await mediaOf(message.media);
        last = await this.client.sendMedia(
          message.to,
          { kind: message.kind, data: media.data, fileName: media.name },
          { clientId: key },
        );
      }
    } catch (err) {
      throw toRuntimeError(err);
    } finally {
      void this.#save().catch((err: unknown) => this.#error(err));
    }
    this.#log.debug({ kind: message.kind, to: message.to }, 'sent');
    const receipt: SendReceipt = {
      msgId: last?.messageId ?? last?.clientId ?? '',
      clientMsgId: last?.clientId ?? key ?? '',
      to: message.to,
    };
    if (key !== undefined) {
      this.#receipts.set(key, receipt);
      if (this.#receipts.size > 1000) this.#receipts.delete(this.#receipts.keys().next().value as string);
    }
    return receipt;
  }

  async download(message: Message, options: DownloadOptions = {}): Promise<DownloadResult> {
    const msg = normalizeMessage(message.raw as WeixinMessage);
    const item = msg.items[0];
    const content = item?.kind === 'quote' ? item.reply : item;
    let data: Buffer;
    try {
      const thumb =
        options.thumbnail && (content?.kind === 'image' || content?.kind === 'video')
          ? content.thumb
          : undefined;
      data = await this.client.download(thumb ?? item ?? { media: {} });
    } catch (err) {
      throw toRuntimeError(err);
    }
    const contentType = contentTypeOf(data, content?.kind === 'file' ? content.fileName : undefined);
    if (options.file) {
      await writeFile(options.file, data, { mode: 0o600 });
      return { file: options.file, size: data.length, contentType };
    }
    return { data, size: data.length, contentType };
  }

  async typing(to: string, on: boolean): Promise<void> {
    const running = this.#typing.get(to);
    if (on && !running) {
      // The promise is stored at once, so an "off" that comes before "on" finished still cancels it.
      this.#typing.set(to, this.client.typing.start(to, this.client.conversations.get(to)?.contextToken));
    } else if (!on && running) {
      this.#typing.delete(to);
      await (await running)();
    }
  }

  conversationState(address: string): ConversationState | undefined {
    const state = this.client.conversations.get(address);
    if (!state) return undefined;
    const verdict = this.client.conversations.check(address);
    // Judged on the client's clock: a window it sees closed is reported closed, not as a used quota.
    const closed =
      !verdict.ok && (verdict.reason === 'window-closed' || verdict.reason === 'no-conversation');
    return {
      windowEndsAt: closed ? undefined : state.lastInboundAt + this.client.conversations.rules.windowMs,
      quotaLeft: verdict.ok ? verdict.left : 0,
    };
  }

  /** Backpressure: while `gate()` returns a promise, no new `getupdates` is made (the cursor stays). */
  setFetchGate(gate: (() => Promise<void> | undefined) | undefined): void {
    this.#fetchGate = gate;
  }

  conversationAddresses(): string[] {
    return this.client.conversations.snapshot().map((s) => s.userId);
  }

  saveSession(): Promise<void> {
    return this.#save();
  }

  async #onUpdates(batch: UpdateBatch): Promise<void> {
    const fresh = this.#ledger.receive(batch.messages);
    this.#log.debug({ count: batch.messages.length, fresh: fresh.length }, 'updates');
    this.#log.trace({ messages: batch.messages }, 'updates (raw)');
    // Only new messages open a turn: a redelivered one must not give the quota back.
    for (const raw of fresh) {
      const msg = this.client.receive(raw);
      if (msg.fromBot) continue;
      this.contacts.learn(msg.from);
    }
    this.#session = { ...this.#session, cursor: batch.cursor };
    // The ledger (with the new items pending) and the cursor past them go to disk in one write.
    // A disk that refuses it (full, read-only) must not lose the batch: it is handled anyway, the
    // fault shows in the health state, and the save is retried until it works.
    await this.#save().catch((err: unknown) => this.#error(err));
    this.#received += fresh.length;
    this.#lastReceiveAt = Date.now();
    if (fresh.length > 0) this.emit('inbound', { items: fresh, changedContacts: [] });
  }

  async #onEnd(end: PollEnd): Promise<void> {
    if (end.kind !== 'session-ended') return;
    this.#poller = undefined;
    const reason = `the server ended the bot session (errcode -14: token revoked, re-bound elsewhere or expired)`;
    this.lastEnd = {
      kind: 'expired',
      code: -14,
      message: `${reason}; run wxbot login and scan the QR code again (wxbot does not do it by itself).`,
      mayRelogin: false,
      at: Date.now(),
    };
    this.#session = { ...this.#session, endedReason: reason };
    await this.#save().catch((err: unknown) => this.#error(err));
    // Nothing runs on the file any more: `wxbot login` (another process) may log in again.
    await this.#releaseSessionFile();
    this.emit('logout', { reason, code: -14, kind: 'expired', willRelogin: false });
  }

  async #load(): Promise<void> {
    this.#loaded ??= (async () => {
      if (this.#store) this.#session = await loadIlinkSession(this.#store);
      const credentials = this.#options.credentials ?? this.#session.credentials;
      if (credentials) this.#session = { ...this.#session, credentials };
      this.client.useCredentials(credentials);
      this.#ledger = InboundLedger.from(this.#session.inbound, idOf);
      for (const id of this.#handledLog?.readAll() ?? []) this.#ledger.markHandled(id);
      this.client.conversations.restore(this.#session.conversations);
    })();
    return this.#loaded;
  }

  // Only one process may use a session file: two would handle every message twice and fight over
  // the cursor. Files given through `storage` are that store's business.
  async #claimSessionFile(): Promise<void> {
    const file = this.#options.sessionFile;
    if (!file || this.#options.storage || this.#options.lockSession === false || this.#lock) return;
    await assertWritableDir(dirname(file));
    this.#lock = await lockSession(file, {
      onCompromised: (err) =>
        this.#options.logger?.error({ err: err.message }, 'the session lock was lost (its folder changed?)'),
    });
  }

  async #releaseSessionFile(): Promise<void> {
    const lock = this.#lock;
    this.#lock = undefined;
    await lock?.release();
  }

  #loggedIn(method: LoginMethod): LoginMethod {
    const botId = this.client.credentials?.botId ?? '';
    this.contacts.setSelf(botId);
    this.emit('login', { self: this.contacts.self!, method });
    return method;
  }

  // Saves run one after another. Group commit: every save asked for while one is being written
  // becomes one next save, whose snapshot is taken when it starts — so it holds the state of every
  // caller's moment (state only moves forward), and each caller's promise still resolves only once
  // that state is on disk. A burst costs one write + fsync per round instead of one per call.
  #save(): Promise<void> {
    const store = this.#store;
    if (!store) return Promise.resolve();
    if (this.#nextSave) return this.#nextSave;
    const next = this.#saving.then(async () => {
      this.#nextSave = undefined;
      const generation = this.#handledLog?.rotate();
      const data: IlinkSessionData = {
        ...this.#session,
        credentials: this.client.credentials,
        inbound: this.#ledger.toJSON(),
        conversations: this.client.conversations.snapshot(),
      };
      this.#session = data;
      try {
        await store.save(data);
      } catch (err) {
        this.storage.failed('session', store.location, err);
        this.#retrySave();
        throw err;
      }
      this.storage.recovered('session');
      if (generation !== undefined) this.#handledLog?.commit(generation);
    });
    this.#nextSave = next;
    this.#saving = next.catch(() => {});
    return next;
  }

  // One timer at a time; a stopped adapter saves once more in stop() and retries no more.
  #retrySave(): void {
    if (this.#saveRetry || !this.#poller) return;
    this.#saveRetry = setTimeout(() => {
      this.#saveRetry = undefined;
      void this.#save().catch(() => undefined);
    }, this.#options.saveRetryMs ?? 1000);
    this.#saveRetry.unref();
  }

  #error(err: unknown): void {
    if (this.listenerCount('error') > 0)
      this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }
}
