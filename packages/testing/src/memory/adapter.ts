import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type Adapter,
  type AdapterEvents,
  type Capabilities,
  type Contact,
  DirectMessageDirectory,
  type DownloadOptions,
  type DownloadResult,
  InboundLedger,
  type InboundStats,
  LoginError,
  type LoginMethod,
  type Message,
  type OutgoingMessage,
  type Peer,
  plainContact,
  type SendReceipt,
  WxError,
} from '@wxbot/core';
import { EventEmitter } from 'eventemitter3';
import type { MemoryItem, MemoryPerson, MemorySent, MemoryWorld } from './world.js';

/**
 * What the in-memory transport can do by default: like iLink, direct messages only, no contact
 * list, replies within 24 h of the person's last message and at most 10 per turn.
 */
export const MEMORY_CAPABILITIES: Capabilities = {
  groups: false,
  contactList: false,
  mentions: false,
  revoke: false,
  friendRequests: false,
  media: { image: { maxBytes: 1024 * 1024 }, file: { maxBytes: 1024 * 1024 } },
  maxTextLength: 2000,
  pushLogin: false,
  proactiveSends: false,
  replyWindowMs: 24 * 3_600_000,
  perTurnQuota: 10,
  typing: false,
};

/** Options of {@link MemoryAdapter}. */
export interface MemoryAdapterOptions {
  /** Override some capabilities (e.g. `{ proactiveSends: true }`). */
  readonly capabilities?: Partial<Capabilities>;
}

const SELF: Contact = contactOf({
  wxid: 'mem_self',
  userName: 'mem_self',
  nickName: 'memory bot',
  kind: 'friend',
});

/**
 * A second transport for the runtime, in memory: a {@link MemoryWorld} plays the server. It keeps
 * the adapter contract like a real one (cursor and ledger saved in one write, replay of pending
 * items after a restart, idempotent sends by client id), so the same plugins and test kit run on
 * it as on Web WeChat.
 *
 * @example
 * const world = new MemoryWorld();
 * const bot = createBot({ adapter: new MemoryAdapter(world) });
 * bot.on('text', (ctx) => ctx.reply(`you said ${ctx.text}`));
 * await bot.start();
 * world.say(world.person('alice'), 'hi');
 */
export class MemoryAdapter extends EventEmitter<AdapterEvents<MemoryItem>> implements Adapter<MemoryItem> {
  readonly transport = 'memory';
  /** A fake: the account-safety rails (pacing opt-in, daily budget) do not bind. */
  readonly realServer = false;
  readonly capabilities: Capabilities;
  readonly contacts: MemoryDirectory;
  #ledger = new InboundLedger<MemoryItem>((item) => item.id);
  #cursor = 0;
  #loggedIn = false;
  #running = false;
  #received = 0;
  #lastReceiveAt: number | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    readonly world: MemoryWorld,
    options: MemoryAdapterOptions = {},
  ) {
    super();
    this.capabilities = { ...MEMORY_CAPABILITIES, ...options.capabilities };
    this.contacts = new MemoryDirectory(world);
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  get running(): boolean {
    return this.#running;
  }

  get self(): Contact | undefined {
    return this.#loggedIn ? SELF : undefined;
  }

  get inboundStats(): InboundStats {
    return {
      received: this.#received,
      unhandled: this.#ledger.pendingCount,
      lastReceiveAt: this.#lastReceiveAt,
    };
  }

  async login(options: { readonly resumeOnly?: boolean } = {}): Promise<LoginMethod> {
    if (this.#loggedIn) return 'resume';
    const resume = this.world.loggedInBefore;
    if (!resume && options.resumeOnly)
      throw new LoginError('NO_SESSION', 'No saved session to resume: none.');
    if (!resume) this.emit('qr', { uuid: 'memory', url: 'memory://login', attempt: 1 });
    const saved = this.world.checkpoint;
    if (saved) {
      this.#ledger = InboundLedger.from(saved.ledger, (item: MemoryItem) => item.id);
      this.#cursor = saved.cursor;
    }
    this.world.loggedInBefore = true;
    this.#loggedIn = true;
    const method: LoginMethod = resume ? 'resume' : 'qr';
    this.emit('login', { self: SELF, method });
    return method;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    await this.login();
    this.#running = true;
    this.#unsubscribe = this.world.onDelivered(() => queueMicrotask(() => this.#poll()));
    this.emit('ready');
    const replay = this.#ledger.takeReplay();
    if (replay.length > 0) this.emit('inbound', { items: replay, changedContacts: [] });
    this.#poll();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#save();
    const wasRunning = this.#running;
    this.#running = false;
    if (wasRunning) this.emit('stop');
  }

  async logout(): Promise<void> {
    await this.stop();
    this.#loggedIn = false;
    this.world.loggedInBefore = false;
  }

  normalize(item: MemoryItem): Message {
    const person = this.world.byId(item.from);
    const peer: Peer = {
      userName: item.from,
      id: item.from,
      name: person?.nickName ?? '',
      kind: 'friend',
    };
    const base = {
      id: item.id,
      time: item.time,
      chat: peer,
      sender: peer,
      self: false,
      isGroup: false,
      raw: item,
    };
    if (item.kind === 'image') {
      const size = item.data?.byteLength ?? 0;
      return { ...base, kind: 'image', width: 0, height: 0, size, md5: '' };
    }
    const text = typeof item.text === 'string' ? item.text : '';
    return {
      ...base,
      kind: 'text',
      text: text.trim(),
      fullText: text,
      mentions: [],
      isMentioned: false,
      mentionsAll: false,
    };
  }

  inboundId(item: MemoryItem): string | undefined {
    return item.id;
  }

  markHandled(id: string): void {
    this.#ledger.markHandled(id);
    this.#save();
  }

  isHandled(id: string): boolean {
    return this.#ledger.isHandled(id);
  }

  async send(
    message: OutgoingMessage,
    options: { readonly clientMsgId?: string } = {},
  ): Promise<SendReceipt> {
    if (!this.#loggedIn)
      throw new LoginError('NOT_LOGGED_IN', 'Not logged in: call start() or login() first.');
    const clientMsgId = options.clientMsgId ?? `c${Date.now()}${Math.random().toString(16).slice(2, 8)}`;
    let media: MemorySent['media'];
    if ('media' in message) {
      const input = message.media;
      media =
        'data' in input
          ? { bytes: input.data, fileName: input.name }
          : { bytes: await readFile(input.path), fileName: input.name ?? basename(input.path) };
    }
    const sent = this.world.accept(message, clientMsgId, media);
    return { msgId: sent.msgId, clientMsgId: sent.clientMsgId, to: sent.toUserName };
  }

  async download(message: Message, _options?: DownloadOptions): Promise<DownloadResult> {
    const item = message.raw as MemoryItem;
    if (!item.data) throw new WxError('NOT_DOWNLOADABLE', `Message ${message.id} has no media to download.`);
    return { data: Buffer.from(item.data), size: item.data.byteLength, contentType: 'image/png' };
  }

  // One "long poll": take what is new, save the cursor with the ledger, then hand the items over.
  #poll(): void {
    if (!this.#running) return;
    const { items, cursor } = this.world.poll(this.#cursor);
    if (items.length === 0) return;
    const fresh = this.#ledger.receive(items);
    this.#cursor = cursor;
    this.#save();
    this.#received += fresh.length;
    this.#lastReceiveAt = Date.now();
    for (const item of fresh) this.contacts.saw(item.from);
    if (fresh.length > 0) this.emit('inbound', { items: fresh, changedContacts: [] });
  }

  #save(): void {
    this.world.checkpoint = { cursor: this.#cursor, ledger: this.#ledger.toJSON() };
  }
}

/** Who the memory bot knows: the people who wrote to it. */
export class MemoryDirectory extends DirectMessageDirectory {
  constructor(private readonly world: MemoryWorld) {
    super(SELF);
  }

  /** Remembers a person who wrote. */
  saw(wxid: string): void {
    const person = this.world.byId(wxid);
    if (person) this.remember(wxid, () => contactOf(person));
  }

  override find(query: string): Contact[] {
    return this.friends().filter((c) => c.nickName === query || c.id === query);
  }
}

function contactOf(person: MemoryPerson): Contact {
  return plainContact({
    id: person.wxid,
    userName: person.userName,
    kind: person.kind,
    name: person.nickName,
  });
}
