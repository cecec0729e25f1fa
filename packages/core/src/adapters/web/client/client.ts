import { dirname } from 'node:path';
import { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import type { Contact } from '../../../contacts/types.js';
import { LoginError, LoginRefusedError, WxApiError } from '../../../errors.js';
import { HandledLog } from '../../../ledger/handled-log.js';
import { InboundLedger } from '../../../ledger/inbound-ledger.js';
import { layerLogger } from '../../../logging/logger.js';
import { FileDocumentStore } from '../../../storage/file-storage.js';
import { lockSession, type SessionLock } from '../../../storage/session-lock.js';
import { assertWritableDir, StorageFaults } from '../../../storage/storage-faults.js';
import { ContactStore } from '../contacts/store.js';
import type { ApiContext } from '../protocol/context.js';
import { logout as apiLogout } from '../protocol/login-api.js';
import type { CreatedGroup } from '../protocol/ops-api.js';
import type { WireContact, WireMessage } from '../protocol/wire.js';
import { classifySessionEnd, LOGOUT_CODES, logoutReason, type SessionEnd } from '../sync/logout-reason.js';
import type { SyncStorm } from '../sync/storm-watch.js';
import type { SyncKeys, SyncLoop } from '../sync/sync-loop.js';
import { HttpTransport } from '../transport/http.js';
import { UOS_USER_AGENT } from '../transport/options.js';
import { Authenticator, type EstablishedSession } from './authenticator.js';
import { ChatOps } from './chat-ops.js';
import { ContactLoader } from './contact-loader.js';
import type { DownloadOptions } from './download-target.js';
import { KeepAlive } from './keep-alive.js';
import { type DownloadResult, downloadMedia } from './media-download.js';
import {
  type LoginOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
  type WebWxClientOptions,
} from './options.js';
import { Sender } from './sender.js';
import { SessionEndings } from './session-endings.js';
import { SessionPersistence } from './session-persistence.js';
import { createSyncLoop, type SyncCounters } from './sync-wiring.js';
import {
  type ClientEvents,
  type LoginMethod,
  type OutgoingMessage,
  type SendReceipt,
  webInboundId,
} from './types.js';

export type { DownloadResult } from './media-download.js';

/**
 * The Web WeChat client: login (resume → push → QR), contacts, the sync loop, sending, media.
 *
 * @example
 * const client = new WebWxClient({ mode: 'desktop', sessionFile: '.wxbot/session.json' });
 * client.on('qr', (qr) => renderQrToTerminal(qr.url));
 * client.on('sync', (batch) => batch.messages.forEach((m) => console.log(m.Content)));
 * await client.start();
 * await client.send({ kind: 'text', to: 'filehelper', text: 'hello' });
 */
export class WebWxClient extends EventEmitter<ClientEvents> {
  /** Options with defaults applied. */
  readonly options: ResolvedClientOptions;
  readonly #http: HttpTransport;
  readonly #log: Record<'client' | 'login' | 'sync', Logger>;
  #store = new ContactStore();
  #session: EstablishedSession | undefined;
  #keys: SyncKeys | undefined;
  #loop: SyncLoop | undefined;
  #abort: AbortController | undefined;
  #loggingIn: Promise<LoginMethod> | undefined;
  #running = false;
  #inbound: InboundLedger<WireMessage>;
  #inboundLoaded = false;
  readonly #counters: SyncCounters = { received: 0, lastSyncAt: undefined };
  readonly #persist: SessionPersistence;
  readonly #keepAlive: KeepAlive;
  readonly #contacts: ContactLoader;
  readonly #ops: ChatOps;
  readonly #sender: Sender;
  readonly #endings: SessionEndings;
  #gate: (() => Promise<void> | undefined) | undefined;
  #lock: SessionLock | undefined;
  /** Files that cannot be written now (session, handled log; the bot adds its journal). */
  readonly storage: StorageFaults;

  constructor(options: WebWxClientOptions = {}) {
    super();
    this.options = resolveClientOptions(options);
    this.#inbound = new InboundLedger(webInboundId, this.options.dedupeCapacity);
    const root = this.options.logger;
    this.storage = new StorageFaults(layerLogger(root, 'storage'));
    this.#log = {
      client: layerLogger(root, 'client'),
      login: layerLogger(root, 'login'),
      sync: layerLogger(root, 'sync'),
    };
    this.#http = new HttpTransport({
      ...(this.options.connectTo ? { connectTo: this.options.connectTo } : {}),
      userAgent: this.options.userAgent ?? (this.options.mode === 'desktop' ? UOS_USER_AGENT : undefined),
      maxBodyBytes: this.options.maxResponseBytes,
      logger: layerLogger(root, 'transport'),
    });
    const ctx = () => this.#ctx();
    this.#contacts = new ContactLoader(ctx, () => this.#store, layerLogger(root, 'contacts'));
    this.#ops = new ChatOps({
      ctx,
      store: () => this.#store,
      selfUserName: () => this.#selfName(),
      inviteStartCount: () => this.#session?.init.inviteStartCount,
      fetch: (userName) => this.#contacts.fetch([{ userName }]),
    });
    this.#endings = new SessionEndings(this.options, this.#log.client);
    this.#sender = new Sender(ctx, () => this.#selfName(), layerLogger(root, 'send'));
    const file = this.options.sessionFile;
    this.#persist = new SessionPersistence(
      this.options.storage ??
        (file
          ? {
              session: new FileDocumentStore(file),
              handled: new HandledLog(file, (error, path) => {
                if (error === undefined) this.storage.recovered('handled-log');
                else this.storage.failed('handled-log', path, error);
              }),
            }
          : undefined),
      this.options.mode,
      this.options.sessionSaveDelayMs,
      () => ({
        session: this.#session,
        keys: this.#keys,
        store: this.#store,
        inbound: this.#inbound,
        lastSyncAt: this.#counters.lastSyncAt,
      }),
      () => this.#http.jar.serializeSync(),
      layerLogger(root, 'session'),
      this.storage,
    );
    this.#keepAlive = new KeepAlive(this.options.keepAliveMs, () => {
      if (!this.#session) return;
      this.#ops
        .notifyAlive()
        .catch((err: Error) => this.#log.client.warn({ err: err.message }, 'keep-alive failed'));
    });
  }

  /** The contact store (replaced on every new login). */
  get contacts(): ContactStore {
    return this.#store;
  }

  /** The bot account, once logged in. */
  get self(): Contact | undefined {
    return this.#store.self;
  }

  /** True while a session is established. */
  get loggedIn(): boolean {
    return this.#session !== undefined;
  }

  /** True while the sync loop runs. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Incoming messages: handled ids and messages received but not handled yet (saved in the
   * session file). Call {@link WebWxClient.markHandled} when a message is done.
   */
  get inbound(): InboundLedger<WireMessage> {
    return this.#inbound;
  }

  /** How the last session ended (or the last login was refused), classified; undefined while none did. */
  get lastEnd(): SessionEnd | undefined {
    return this.#endings.lastEnd;
  }

  /** When the sync loop last completed a round with the server (ms since epoch), if ever. */
  get lastSyncAt(): number | undefined {
    return this.#counters.lastSyncAt;
  }

  /**
   * Backpressure: the sync loop awaits `gate()` before each fetch, so it stops fetching while the
   * consumer is behind (the server keeps the messages; the SyncKey does not move past them).
   * The bot sets this to its dispatcher's `room()`.
   */
  setFetchGate(gate: (() => Promise<void> | undefined) | undefined): void {
    this.#gate = gate;
  }

  /** The request storm in progress (the server says "new" and delivers nothing new), if any. */
  get syncStorm(): SyncStorm | undefined {
    return this.#loop?.storm;
  }

  /** Messages received from the server and emitted in `sync` (duplicates excluded). */
  get receivedCount(): number {
    return this.#counters.received;
  }

  /**
   * Records that a message was fully handled: it leaves the pending list and its id dedupes any
   * redelivery. Written at once to the handled log beside the session file (a kill -9 cannot lose
   * it) and with the next session write (debounced).
   */
  markHandled(msgId: string): void {
    this.#inbound.markHandled(msgId);
    this.#persist.recordHandled(msgId);
    this.#persist.schedule();
  }

  /** Writes the session file now (no-op without `sessionFile` or a session). */
  async saveSession(): Promise<void> {
    this.#persist.schedule();
    await this.#persist.flush();
  }

  /**
   * Establishes a session: resumes the saved one, else push login, else QR (`qr`/`scan` events).
   * Emits `login`. Resolves with how it logged in.
   *
   * With `{ resumeOnly: true }` only the saved session is tried (no push-login prompt on the
   * phone, no QR): for tools that must not start a new login, such as `wxbot logout`.
   *
   * @example
   * const method = await client.login({ resumeOnly: true }).catch((err) => err.code); // 'resume' | 'NO_SESSION' | …
   *
   * @throws LoginError when refused (ret 1203: the message names the way out) or QR codes ran out;
   *   with `resumeOnly`: `NO_SESSION` (no usable session file: missing, unreadable, other mode) or
   *   `SESSION_ENDED` (it ended, or the server no longer accepts it). Network failure: WxNetworkError.
   */
  login(options: LoginOptions = {}): Promise<LoginMethod> {
    if (this.#session) return Promise.resolve(this.#session.method);
    if (!this.#loggingIn) {
      this.#loggingIn = this.#login(options.resumeOnly === true, options.noQr === true)
        .catch(async (err: unknown) => {
          // No session: the file is free for another client (a later login locks it again).
          await this.#releaseSessionFile();
          throw err;
        })
        .finally(() => {
          this.#loggingIn = undefined;
        });
    }
    return this.#loggingIn;
  }

  async #login(resumeOnly: boolean, noQr: boolean): Promise<LoginMethod> {
    const signal = this.#runSignal();
    await this.#claimSessionFile();
    const saved = await this.#persist.read();
    if (saved.inbound !== undefined && !this.#inboundLoaded) {
      // Handled ids and unhandled messages survive even when the credentials do not.
      this.#inbound = InboundLedger.from(saved.inbound, webInboundId, this.options.dedupeCapacity);
    }
    if (!this.#inboundLoaded) {
      // Handled since the last snapshot, before a crash: never run them again.
      for (const id of this.#persist.handledSinceSnapshot()) this.#inbound.markHandled(id);
    }
    if (resumeOnly && !saved.data) {
      throw new LoginError('NO_SESSION', `No saved session to resume: ${saved.unusable ?? 'none'}.`);
    }
    const auth = new Authenticator({
      http: this.#http,
      options: this.options,
      log: this.#log.login,
      onQr: (e) => this.emit('qr', e),
      onScan: (avatar) => this.emit('scan', { avatar }),
    });
    let session: EstablishedSession;
    try {
      session = await auth.establish(saved.data, signal, {
        resumeOnly,
        noQr,
        ...(this.#endings.pushHint ? { pushHint: this.#endings.pushHint } : {}),
      });
    } catch (err) {
      if (signal.aborted)
        throw new LoginError('LOGIN_ABORTED', 'Login was stopped before it completed.', { cause: err });
      if (err instanceof LoginRefusedError) {
        // 1203 or the bare 301: the environment is refused; remember it for `wxbot status`.
        await this.#endings.record(classifySessionEnd({ code: err.ret, loginRefused: true }));
      }
      // The server ended the fresh session before webwxinit answered (a 2025 kick can come at once).
      const kicked = err instanceof LoginError ? err.cause : undefined;
      if (kicked instanceof WxApiError && kicked.ret !== undefined && LOGOUT_CODES.has(kicked.ret)) {
        await this.#onLogout(kicked.ret, logoutReason(kicked.ret, kicked.endpoint), 'fresh-login');
        throw new LoginError('SESSION_ENDED', this.#endings.lastEnd?.message ?? kicked.message, {
          cause: err,
        });
      }
      throw err;
    }
    this.#endings.started();
    this.#inboundLoaded = true;
    this.#session = session;
    this.#keys = session.keys;
    this.#store = session.store;
    await this.#persist.flush().catch(() => undefined);
    this.#persist.schedule();
    await this.#persist.flush();
    const self = this.#store.self;
    if (self) this.emit('login', { self, method: session.method });
    return session.method;
  }

  /**
   * Logs in if needed, loads contacts (address book + group members), starts the sync loop and
   * the keep-alive, then emits `ready`.
   */
  async start(): Promise<void> {
    if (this.#running) return;
    await this.login();
    const session = this.#session;
    if (!session) throw new LoginError('LOGIN_LOST', 'The session ended while starting; call start() again.');
    const signal = this.#runSignal();
    try {
      if (!session.contactsRestored) await this.#contacts.loadAddressBook(signal);
      await this.#contacts.loadGroupMembers(signal);
    } catch (err) {
      // A kick can land while contacts load (the 2025 kicks come seconds after a login).
      if (err instanceof WxApiError && err.ret !== undefined && LOGOUT_CODES.has(err.ret)) {
        await this.#onLogout(err.ret, logoutReason(err.ret, err.endpoint), 'starting');
        throw new LoginError('SESSION_ENDED', this.#endings.lastEnd?.message ?? err.message, { cause: err });
      }
      throw err;
    }
    this.#persist.prepare();
    this.#persist.schedule();
    this.#startLoop();
    this.#keepAlive.start();
    this.#running = true;
    this.emit('ready');
    // Messages a previous run received but did not finish handling (kill -9, crash): handle them now.
    const replay = this.#inbound.takeReplay();
    if (replay.length > 0) {
      this.#log.client.info({ count: replay.length }, 'handling messages left unhandled by the last run');
      this.emit('sync', { messages: replay, fresh: replay, modContacts: [], delContacts: [] });
    }
  }

  /** Stops the sync loop and any login in progress (in-flight polls are aborted at once), saves the session. */
  async stop(): Promise<void> {
    this.#endings.cancel();
    this.#abort?.abort();
    this.#abort = undefined;
    this.#keepAlive.stop();
    await this.#loop?.stop();
    this.#loop = undefined;
    await this.#loggingIn?.catch(() => undefined);
    if (this.#session) this.#persist.schedule(); // the last sync time and keys, as of now
    await this.#persist.flush();
    await this.#releaseSessionFile();
    this.#http.destroy();
    const wasRunning = this.#running;
    this.#running = false;
    if (wasRunning) this.emit('stop');
  }

  /** Ends the session on the server (the phone shows it) and forgets the saved credentials. */
  async logout(): Promise<void> {
    const ctx = this.#session?.ctx;
    await this.stop();
    if (ctx) {
      try {
        await apiLogout(ctx, 0);
      } catch (err) {
        this.#log.client.warn({ err: (err as Error).message }, 'webwxlogout failed');
      }
    }
    this.#session = undefined;
    this.#persist.cancel();
    await this.#persist.writeNow(true);
  }

  /**
   * Sends a message. Pass the same `clientMsgId` when retrying: an accepted message is never sent
   * twice (the first receipt is returned).
   */
  async send(message: OutgoingMessage, options: { clientMsgId?: string } = {}): Promise<SendReceipt> {
    this.#ctx();
    return this.#sender.send(message, options.clientMsgId);
  }

  /** Recalls a message sent less than 2 minutes ago. */
  revoke(receipt: SendReceipt): Promise<void> {
    return this.#sender.revoke(receipt);
  }

  /** Downloads the media of a message (image, voice, video, file, emoticon) to memory or a file. */
  async download(raw: WireMessage, options: DownloadOptions = {}): Promise<DownloadResult> {
    return downloadMedia(this.#ctx(), raw, options);
  }

  /** Accepts a friend request (MsgType 37: `RecommendInfo.UserName` and `.Ticket`). */
  acceptFriend(request: { readonly userName: string; readonly ticket: string }): Promise<void> {
    return this.#ops.acceptFriend(request);
  }

  /** Sets the remark name of a contact. */
  setRemark(userName: string, remark: string): Promise<void> {
    return this.#ops.setRemark(userName, remark);
  }

  /** Creates a group with at least two other people; the new group is fetched into the store. */
  createGroup(members: readonly string[], topic?: string): Promise<CreatedGroup> {
    return this.#ops.createGroup(members, topic);
  }

  /** Adds people to a group (`invitemember` from 40 members on, as the official client does). */
  addGroupMembers(group: string, members: readonly string[]): Promise<void> {
    return this.#ops.addGroupMembers(group, members);
  }

  /** Removes people from a group (owner/admin only; Ret 1 otherwise). */
  removeGroupMembers(group: string, members: readonly string[]): Promise<void> {
    return this.#ops.removeGroupMembers(group, members);
  }

  /** Renames a group. */
  renameGroup(group: string, topic: string): Promise<void> {
    return this.#ops.renameGroup(group, topic);
  }

  /** Marks a chat as read on the phone (status notify Code 1). */
  markRead(userName: string): Promise<void> {
    return this.#ops.markRead(userName);
  }

  /** Fetches full records of people or groups into the store (≤ 50 per call, batched). */
  fetchContacts(userNames: readonly string[]): Promise<WireContact[]> {
    return this.#contacts.fetch(userNames.map((userName) => ({ userName })));
  }

  // --- internals ---------------------------------------------------------------------------------

  #ctx(): ApiContext {
    const s = this.#session;
    if (!s) throw new LoginError('NOT_LOGGED_IN', 'Not logged in: call start() or login() first.');
    return s.ctx;
  }

  #selfName(): string {
    return this.#store.self?.userName ?? this.#session?.init.user.UserName ?? '';
  }

  // Before any login: the session folder must be writable (else nothing could be kept) and no
  // other process may use the same session file (it would handle every message twice).
  async #claimSessionFile(): Promise<void> {
    const file = this.options.sessionFile;
    if (!file || this.#lock) return;
    await assertWritableDir(dirname(file));
    if (!this.options.lockSession) return;
    this.#lock = await lockSession(file, {
      onCompromised: (err) =>
        this.#log.client.error({ err: err.message }, 'the session lock was lost (its folder changed?)'),
    });
  }

  async #releaseSessionFile(): Promise<void> {
    const lock = this.#lock;
    this.#lock = undefined;
    await lock?.release();
  }

  #runSignal(): AbortSignal {
    if (!this.#abort || this.#abort.signal.aborted) this.#abort = new AbortController();
    return this.#abort.signal;
  }

  #startLoop(): void {
    const keys = this.#keys;
    if (!keys) return;
    this.#loop = createSyncLoop(
      {
        ctx: () => this.#ctx(),
        keys,
        inbound: () => this.#inbound,
        contacts: this.#contacts,
        signal: () => this.#abort?.signal,
        save: () => this.#persist.schedule(),
        emitSync: (batch) => this.emit('sync', batch),
        counters: this.#counters,
        onLogout: (code, reason) => void this.#onLogout(code, reason),
        onError: (err) => {
          if (this.listenerCount('error') > 0) this.emit('error', err);
        },
        gate: () => this.#gate?.(),
        log: this.#log.sync,
      },
      this.options,
    );
    this.#loop.start();
  }

  /**
   * The server ended the session. `during` a login or a `start()` that then rejects, the caller
   * decides what comes next: the event says so (`willRelogin: false`) and nothing logs in by itself.
   */
  async #onLogout(code: number, reason: string, during?: 'fresh-login' | 'starting'): Promise<void> {
    const end = this.#endings.classify(code, this.#session, during === 'fresh-login');
    // Known at once (health, stats) — before anyone can see the session gone.
    const recorded = this.#endings.record(end);
    this.#log.sync.warn({ code, kind: end.kind }, `${reason}: ${end.message}`);
    this.#keepAlive.stop();
    this.#loop = undefined;
    this.#running = false;
    this.#session = undefined;
    this.#persist.cancel();
    await this.#persist.writeNow(true).catch(() => undefined);
    await recorded;
    const willRelogin = during === undefined && this.options.autoRelogin && end.mayRelogin;
    this.emit('logout', { reason: end.message, code, kind: end.kind, willRelogin });
    const signal = this.#abort?.signal;
    if (!willRelogin || !signal || signal.aborted) return;
    this.#endings.scheduleRelogin(
      signal,
      () => this.login({ noQr: true }).then(() => this.start()),
      (err) => {
        this.#log.client.error({ err: err.message }, 'automatic re-login failed; waiting for a person');
        this.emit('logout', {
          reason: `${err.message} (after: ${end.message})`,
          code: end.code,
          kind: end.kind,
          willRelogin: false,
        });
      },
    );
  }
}
