import { EventEmitter } from 'eventemitter3';
import type {
  Adapter,
  AdapterEvents,
  AdapterLoginOptions,
  DownloadOptions,
  DownloadResult,
  InboundStats,
  LoginMethod,
  SyncStorm,
} from '../../adapter/adapter.js';
import type { Capabilities } from '../../adapter/capabilities.js';
import type { SessionEnd } from '../../adapter/session-end.js';
import type { Contact } from '../../contacts/types.js';
import type { OutgoingMessage, SendReceipt } from '../../message/outgoing.js';
import type { Message } from '../../message/types.js';
import { FileDocumentStore } from '../../storage/file-storage.js';
import type { BotStorage, DocumentStore } from '../../storage/storage.js';
import type { StorageFaults } from '../../storage/storage-faults.js';
import { WebWxClient } from './client/client.js';
import type { WebWxClientOptions } from './client/options.js';
import { RecipientMap } from './client/recipient-map.js';
import { type SyncBatch, webInboundId } from './client/types.js';
import { isWxid } from './contacts/stable-id.js';
import { ContactStore } from './contacts/store.js';
import { type NormalizeOptions, normalize } from './message/normalize.js';
import type { WireMessage } from './protocol/wire.js';
import { loadSessionFrom } from './session/session-file.js';

/** 25 MB: the largest upload the Web client sends without `webwxcheckupload` (protocol.md §7.3). */
const WEB_FILE_LIMIT = 25 * 1024 * 1024;
/** 20 MB: what the official Web UI and the UOS client accept for images and videos. */
const WEB_MEDIA_LIMIT = 20 * 1024 * 1024;

/** What Web WeChat (web and desktop/UOS modes) can do. */
export const WEB_CAPABILITIES: Capabilities = {
  groups: true,
  contactList: true,
  mentions: true,
  revoke: true,
  revokeWindowMs: 120_000,
  friendRequests: true,
  media: {
    image: { maxBytes: WEB_MEDIA_LIMIT },
    video: { maxBytes: WEB_MEDIA_LIMIT },
    file: { maxBytes: WEB_FILE_LIMIT },
    emoticon: { maxBytes: WEB_MEDIA_LIMIT },
  },
  pushLogin: true,
  proactiveSends: true,
  typing: false,
};

/** Options of the Web adapter: the client's, plus the message parser's limits. */
export interface WebAdapterOptions extends WebWxClientOptions {
  /** Limits of the message parser. */
  readonly normalize?: NormalizeOptions;
  /** Where the session and the handled log are kept (default: files next to `sessionFile`). */
  readonly storage?: Pick<BotStorage, 'session' | 'handled'>;
}

/**
 * Web WeChat (wx.qq.com, and the UOS "desktop" variant) behind the {@link Adapter} seam: the
 * {@link WebWxClient} does the protocol; this class turns its sync batches into inbound items,
 * its raw messages into {@link Message}s, and keeps replies addressed across re-logins.
 *
 * @example
 * const bot = new Bot({ adapter: new WebAdapter({ mode: 'desktop', sessionFile: '.wxbot/session.json' }) });
 * // same as createBot({ transport: 'web', mode: 'desktop', sessionFile: '.wxbot/session.json' })
 */
export class WebAdapter extends EventEmitter<AdapterEvents<WireMessage>> implements Adapter<WireMessage> {
  readonly transport = 'web';
  readonly capabilities = WEB_CAPABILITIES;
  /** The Web WeChat client (advanced: groups, remarks, raw endpoints). */
  readonly client: WebWxClient;
  readonly #recipients: RecipientMap;
  readonly #normalize: NormalizeOptions | undefined;
  readonly #session: DocumentStore | undefined;

  constructor(options: WebAdapterOptions = {}) {
    super();
    const { normalize: normalizeOptions, storage, ...clientOptions } = options;
    this.client = new WebWxClient(storage ? { ...clientOptions, sessionStorage: storage } : clientOptions);
    this.#normalize = normalizeOptions;
    this.#session =
      options.storage?.session ??
      (options.sessionFile ? new FileDocumentStore(options.sessionFile) : undefined);
    this.#recipients = new RecipientMap(() => this.client.contacts);
    this.#forward();
  }

  /** False against a simulator (`connectTo`): the safety rails bind on the real hosts only. */
  get realServer(): boolean {
    return this.client.options.connectTo === undefined;
  }

  /** The client's storage faults (session file, handled log, journal). */
  get storage(): StorageFaults {
    return this.client.storage;
  }

  get syncStorm(): SyncStorm | undefined {
    return this.client.syncStorm;
  }

  setFetchGate(gate: (() => Promise<void> | undefined) | undefined): void {
    this.client.setFetchGate(gate);
  }

  get lastEnd(): SessionEnd | undefined {
    return this.client.lastEnd;
  }

  get loggedIn(): boolean {
    return this.client.loggedIn;
  }

  get running(): boolean {
    return this.client.running;
  }

  get self(): Contact | undefined {
    return this.client.self;
  }

  /** The contact store: friends, groups, members, lookups by name. */
  get contacts(): ContactStore {
    return this.client.contacts;
  }

  get inboundStats(): InboundStats {
    return {
      received: this.client.receivedCount,
      unhandled: this.client.inbound.pendingCount,
      lastReceiveAt: this.client.lastSyncAt,
    };
  }

  login(options?: AdapterLoginOptions): Promise<LoginMethod> {
    return this.client.login(options);
  }

  async start(): Promise<void> {
    await this.#rememberOldContacts();
    await this.client.start();
  }

  stop(): Promise<void> {
    return this.client.stop();
  }

  logout(): Promise<void> {
    return this.client.logout();
  }

  normalize(raw: WireMessage): Message {
    const message = normalize(raw, this.client.contacts, this.#normalize);
    this.#learnIdentities(message);
    return message;
  }

  inboundId(raw: WireMessage): string | undefined {
    return webInboundId(raw);
  }

  markHandled(id: string): void {
    this.client.markHandled(id);
  }

  isHandled(id: string): boolean {
    return this.client.inbound.isHandled(id);
  }

  send(message: OutgoingMessage, options: { readonly clientMsgId?: string } = {}): Promise<SendReceipt> {
    return this.client.send(
      message,
      options.clientMsgId === undefined ? {} : { clientMsgId: options.clientMsgId },
    );
  }

  revoke(receipt: SendReceipt): Promise<void> {
    return this.client.revoke(receipt);
  }

  download(message: Message, options?: DownloadOptions): Promise<DownloadResult> {
    return this.client.download(message.raw as WireMessage, options);
  }

  acceptFriend(request: { readonly userName: string; readonly ticket: string }): Promise<void> {
    return this.client.acceptFriend(request);
  }

  currentAddress(address: string): string {
    return this.#recipients.current(address);
  }

  saveSession(): Promise<void> {
    return this.client.saveSession();
  }

  #forward(): void {
    const client = this.client;
    client.on('qr', (event) => this.emit('qr', event));
    client.on('scan', (event) => this.emit('scan', event));
    client.on('login', (event) => this.emit('login', event));
    client.on('ready', () => this.emit('ready'));
    client.on('logout', (event) => {
      this.#recipients.retire(client.contacts);
      this.emit('logout', event);
    });
    client.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    client.on('stop', () => this.emit('stop'));
    client.on('sync', (batch) => this.#onSync(batch));
  }

  #onSync(batch: SyncBatch): void {
    const items = batch.fresh ?? this.client.inbound.receive(batch.messages);
    const changedContacts: Contact[] = [];
    for (const record of batch.modContacts) {
      const contact = this.client.contacts.get(record.UserName);
      if (contact) changedContacts.push(contact);
    }
    this.emit('inbound', { items, changedContacts });
  }

  // The contacts of the last run: replayed messages and resent replies name its UserNames.
  async #rememberOldContacts(): Promise<void> {
    const store = this.#session;
    if (!store) return;
    const saved = await loadSessionFrom(store);
    if (saved.status === 'ok' && saved.data.contacts) {
      this.#recipients.retire(ContactStore.restore(saved.data.contacts));
    }
  }

  // Internal ids (wxid) make contact ids stable across logins: learn them where the server shows them.
  #learnIdentities(message: Message): void {
    const store = this.client.contacts;
    if (message.kind === 'statusNotify' && message.code === 4) {
      store.mapWxids(message.userNames, message.wxids);
    } else if (message.kind === 'friendRequest' && isWxid(message.sender.id)) {
      store.mapWxids([message.userName], [message.sender.id]);
    }
  }
}
