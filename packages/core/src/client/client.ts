import { EventEmitter } from 'eventemitter3';
import type { Logger } from 'pino';
import { ContactStore } from '../contacts/store.js';
import type { Contact } from '../contacts/types.js';
import { LoginError } from '../errors.js';
import { StatusNotifyCode, statusNotify } from '../protocol/contacts-api.js';
import type { ApiContext } from '../protocol/context.js';
import { downloadToBuffer, downloadToFile } from '../protocol/download-api.js';
import { logout as apiLogout } from '../protocol/login-api.js';
import {
  setRemark as apiSetRemark,
  type CreatedGroup,
  createChatroom,
  updateChatroom,
  VerifyOpcode,
  verifyUser,
} from '../protocol/ops-api.js';
import type { SyncResult } from '../protocol/sync-api.js';
import type { WireContact, WireMessage } from '../protocol/wire.js';
import { DebouncedSaver } from '../session/debounced-saver.js';
import { InboundLedger } from '../session/inbound-ledger.js';
import { SESSION_VERSION, type SessionData } from '../session/session-data.js';
import { loadSession, saveSession } from '../session/session-file.js';
import { type SyncKeys, SyncLoop } from '../sync/sync-loop.js';
import { HttpTransport } from '../transport/http.js';
import { UOS_USER_AGENT } from '../transport/options.js';
import { Authenticator, type EstablishedSession } from './authenticator.js';
import { ContactLoader } from './contact-loader.js';
import { type DownloadOptions, downloadTargetOf } from './download-target.js';
import { layerLogger } from './logger.js';
import { type ResolvedClientOptions, resolveClientOptions, type WebWxClientOptions } from './options.js';
import { scrubContacts } from './scrub.js';
import { Sender } from './sender.js';
import type { ClientEvents, LoginMethod, OutgoingMessage, SendReceipt } from './types.js';

/** What {@link WebWxClient.download} returns. */
export interface DownloadResult {
  /** The bytes (absent when written to `options.file`). */
  readonly data?: Buffer;
  /** The file written, when `options.file` was given. */
  readonly file?: string;
  readonly size: number;
  readonly contentType: string;
}

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
  readonly #log: Record<'client' | 'login' | 'sync' | 'contacts' | 'send' | 'session', Logger>;
  #store = new ContactStore();
  #session: EstablishedSession | undefined;
  #keys: SyncKeys | undefined;
  #loop: SyncLoop | undefined;
  #abort: AbortController | undefined;
  #saver: DebouncedSaver | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #loggingIn: Promise<LoginMethod> | undefined;
  #running = false;
  #inbound: InboundLedger;
  #inboundLoaded = false;
  #lastSyncAt: number | undefined;
  #received = 0;
  readonly #contacts: ContactLoader;
  readonly #sender: Sender;

  constructor(options: WebWxClientOptions = {}) {
    super();
    this.options = resolveClientOptions(options);
    this.#inbound = new InboundLedger(this.options.dedupeCapacity);
    const root = this.options.logger;
    this.#log = {
      client: layerLogger(root, 'client'),
      login: layerLogger(root, 'login'),
      sync: layerLogger(root, 'sync'),
      contacts: layerLogger(root, 'contacts'),
      send: layerLogger(root, 'send'),
      session: layerLogger(root, 'session'),
    };
    this.#http = new HttpTransport({
      ...(this.options.connectTo ? { connectTo: this.options.connectTo } : {}),
      userAgent: this.options.userAgent ?? (this.options.mode === 'desktop' ? UOS_USER_AGENT : undefined),
      logger: layerLogger(root, 'transport'),
    });
    this.#contacts = new ContactLoader(
      () => this.#ctx(),
      () => this.#store,
      this.#log.contacts,
    );
    this.#sender = new Sender(
      () => this.#ctx(),
      () => this.#selfName(),
      this.#log.send,
    );
    if (this.options.sessionFile) {
      this.#saver = new DebouncedSaver(
        () => this.#saveNow(),
        this.options.sessionSaveDelayMs,
        (err) => this.#log.session.warn({ err: (err as Error).message }, 'could not save the session file'),
      );
    }
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
  get inbound(): InboundLedger {
    return this.#inbound;
  }

  /** When the sync loop last completed a round with the server (ms since epoch), if ever. */
  get lastSyncAt(): number | undefined {
    return this.#lastSyncAt;
  }

  /** Messages received from the server and emitted in `sync` (duplicates excluded). */
  get receivedCount(): number {
    return this.#received;
  }

  /**
   * Records that a message was fully handled: it leaves the pending list and its id dedupes any
   * redelivery. Saved with the next session write (debounced).
   */
  markHandled(msgId: string): void {
    this.#inbound.markHandled(msgId);
    this.#saver?.schedule();
  }

  /** Writes the session file now (no-op without `sessionFile` or a session). */
  async saveSession(): Promise<void> {
    this.#saver?.schedule();
    await this.#saver?.flush();
  }

  /**
   * Establishes a session: resumes the saved one, else push login, else QR (`qr`/`scan` events).
   * Emits `login`. Resolves with how it logged in.
   *
   * @throws LoginError when refused (ret 1203: the message names the way out) or QR codes ran out.
   */
  login(): Promise<LoginMethod> {
    if (this.#session) return Promise.resolve(this.#session.method);
    if (!this.#loggingIn) {
      this.#loggingIn = this.#login().finally(() => {
        this.#loggingIn = undefined;
      });
    }
    return this.#loggingIn;
  }

  async #login(): Promise<LoginMethod> {
    const signal = this.#runSignal();
    let saved: SessionData | undefined;
    if (this.options.sessionFile) {
      const r = await loadSession(this.options.sessionFile);
      if (r.status === 'ok' && !this.#inboundLoaded) {
        // Handled ids and unhandled messages survive even when the credentials do not.
        this.#inbound = InboundLedger.from(r.data.inbound, this.options.dedupeCapacity);
      }
      if (r.status === 'ok' && r.data.mode === this.options.mode) saved = r.data;
      else if (r.status === 'invalid')
        this.#log.session.warn(`session file unusable (${r.problem}); logging in afresh`);
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
      session = await auth.establish(saved, signal);
    } catch (err) {
      if (signal.aborted)
        throw new LoginError('LOGIN_ABORTED', 'Login was stopped before it completed.', { cause: err });
      throw err;
    }
    this.#inboundLoaded = true;
    this.#session = session;
    this.#keys = session.keys;
    this.#store = session.store;
    await this.#saver?.flush().catch(() => undefined);
    this.#saver?.schedule();
    await this.#saver?.flush();
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
    if (!session.contactsRestored) await this.#contacts.loadAddressBook(signal);
    await this.#contacts.loadGroupMembers(signal);
    this.#saver?.schedule();
    this.#startLoop();
    this.#startKeepAlive();
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
    this.#abort?.abort();
    this.#abort = undefined;
    this.#stopKeepAlive();
    await this.#loop?.stop();
    this.#loop = undefined;
    await this.#loggingIn?.catch(() => undefined);
    await this.#saver?.flush();
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
    this.#saver?.cancel();
    if (this.options.sessionFile) await this.#saveNow(true);
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
    const target = downloadTargetOf(raw, options);
    if (options.file) {
      const r = await downloadToFile(this.#ctx(), target, options.file);
      return { file: r.file, size: r.size, contentType: r.contentType };
    }
    const r = await downloadToBuffer(this.#ctx(), target);
    return { data: r.data, size: r.data.length, contentType: r.contentType };
  }

  /** Accepts a friend request (MsgType 37: `RecommendInfo.UserName` and `.Ticket`). */
  acceptFriend(request: { readonly userName: string; readonly ticket: string }): Promise<void> {
    return verifyUser(this.#ctx(), {
      opcode: VerifyOpcode.ACCEPT,
      userName: request.userName,
      ticket: request.ticket,
    });
  }

  /** Sets the remark name of a contact. */
  setRemark(userName: string, remark: string): Promise<void> {
    return apiSetRemark(this.#ctx(), userName, remark);
  }

  /** Creates a group with at least two other people; the new group is fetched into the store. */
  async createGroup(members: readonly string[], topic?: string): Promise<CreatedGroup> {
    const created = await createChatroom(this.#ctx(), { members, ...(topic ? { topic } : {}) });
    await this.#contacts.fetch([{ userName: created.userName }]).catch(() => undefined);
    return created;
  }

  /** Adds people to a group (`invitemember` from 40 members on, as the official client does). */
  async addGroupMembers(group: string, members: readonly string[]): Promise<void> {
    const count = this.#store.group(group)?.memberCount ?? 0;
    const limit = this.#session?.init.inviteStartCount ?? 40;
    const fun = count + members.length >= limit ? 'invitemember' : 'addmember';
    await updateChatroom(this.#ctx(), group, { fun, members });
  }

  /** Removes people from a group (owner/admin only; Ret 1 otherwise). */
  async removeGroupMembers(group: string, members: readonly string[]): Promise<void> {
    await updateChatroom(this.#ctx(), group, { fun: 'delmember', members });
  }

  /** Renames a group. */
  async renameGroup(group: string, topic: string): Promise<void> {
    await updateChatroom(this.#ctx(), group, { fun: 'modtopic', topic });
  }

  /** Marks a chat as read on the phone (status notify Code 1). */
  async markRead(userName: string): Promise<void> {
    await statusNotify(this.#ctx(), { code: StatusNotifyCode.READ, from: this.#selfName(), to: userName });
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

  #runSignal(): AbortSignal {
    if (!this.#abort || this.#abort.signal.aborted) this.#abort = new AbortController();
    return this.#abort.signal;
  }

  #startLoop(): void {
    const keys = this.#keys;
    if (!keys) return;
    this.#loop = new SyncLoop(
      {
        ctx: () => this.#ctx(),
        keys,
        onBatch: (r) => this.#onBatch(r),
        onKeys: () => this.#saver?.schedule(),
        onRound: () => {
          this.#lastSyncAt = Date.now();
        },
        onLogout: (code, reason) => void this.#onLogout(code, reason),
        onError: (err) => {
          if (this.listenerCount('error') > 0) this.emit('error', err);
        },
        log: this.#log.sync,
      },
      {
        backoff: this.options.backoff,
        minIntervalMs: this.options.syncCheckMinIntervalMs,
        pushFallbackAfter: 2,
        maxContinue: 50,
      },
    );
    this.#loop.start();
  }

  async #onBatch(r: SyncResult): Promise<void> {
    // Same tick as the key update: a session save never holds the new SyncKey without these messages.
    const fresh = this.#inbound.receive(r.AddMsgList);
    this.#received += fresh.length;
    if (fresh.length > 0) this.#saver?.schedule();
    await this.#contacts.applySync(r, this.#abort?.signal);
    if (r.AddMsgList.length || r.ModContactList.length || r.DelContactList.length) {
      this.emit('sync', {
        messages: r.AddMsgList,
        fresh,
        modContacts: scrubContacts(r.ModContactList),
        delContacts: r.DelContactList.map((c) => c.UserName),
      });
    }
    if (r.ModContactList.length || r.DelContactList.length) this.#saver?.schedule();
  }

  async #onLogout(code: number, reason: string): Promise<void> {
    this.#log.sync.warn({ code }, reason);
    this.#stopKeepAlive();
    this.#loop = undefined;
    this.#running = false;
    this.#session = undefined;
    this.#saver?.cancel();
    if (this.options.sessionFile) await this.#saveNow(true).catch(() => undefined);
    const willRelogin = this.options.autoRelogin;
    this.emit('logout', { reason, code, willRelogin });
    if (willRelogin && this.#abort && !this.#abort.signal.aborted) {
      this.start().catch((err: Error) => {
        this.#log.client.error({ err: err.message }, 'automatic re-login failed');
        if (this.listenerCount('error') > 0) this.emit('error', err);
      });
    }
  }

  #startKeepAlive(): void {
    this.#stopKeepAlive();
    if (this.options.keepAliveMs <= 0) return;
    this.#keepAlive = setInterval(() => {
      if (!this.#session) return;
      const me = this.#selfName();
      statusNotify(this.#ctx(), { code: StatusNotifyCode.INITED, from: me, to: me }).catch((err: Error) =>
        this.#log.client.warn({ err: err.message }, 'keep-alive status notify failed'),
      );
    }, this.options.keepAliveMs);
    this.#keepAlive.unref();
  }

  #stopKeepAlive(): void {
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
  }

  /** Writes the session file now. `dead`: keep cookies and uin (push login) but drop credentials. */
  async #saveNow(dead = false): Promise<void> {
    const file = this.options.sessionFile;
    const s = this.#session;
    if (!file) return;
    if (!s && !dead) return;
    const previous = s ? undefined : await loadSession(file);
    const base = s
      ? { hosts: s.ctx.hosts, uin: s.ctx.creds.uin }
      : previous?.status === 'ok'
        ? { hosts: previous.data.hosts, uin: previous.data.uin }
        : undefined;
    if (!base) return;
    const data: SessionData = {
      version: SESSION_VERSION,
      savedAt: Date.now(),
      mode: this.options.mode,
      hosts: base.hosts,
      uin: base.uin,
      ...(s && !dead ? { credentials: { ...s.ctx.creds } } : {}),
      cookies: this.#http.jar.serializeSync() ?? {
        version: '',
        storeType: null,
        rejectPublicSuffixes: true,
        cookies: [],
      },
      ...(this.#keys && !dead ? { syncKey: this.#keys.syncKey } : {}),
      ...(this.#keys?.syncCheckKey && !dead ? { syncCheckKey: this.#keys.syncCheckKey } : {}),
      ...(s ? { self: s.init.user } : {}),
      contacts: this.#store.snapshot(),
      inbound: this.#inbound.toJSON(),
    };
    await saveSession(file, data);
    this.#log.session.debug('session saved');
  }
}
