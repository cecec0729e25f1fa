import type { EventEmitter } from 'eventemitter3';
import type { Contact, ContactLookup, Group } from '../contacts/types.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { Message } from '../message/types.js';
import type { StorageFaults } from '../storage/storage-faults.js';
import type { Capabilities } from './capabilities.js';
import type { ConversationState } from './capability-guard.js';
import type { SessionEnd, SessionEndKind } from './session-end.js';

/**
 * The seam between the runtime and a WeChat protocol.
 *
 * The runtime (`Bot`: pipeline, plugins, outbox, ledger, health) only ever talks to an
 * {@link Adapter}; a protocol client (Web WeChat under `adapters/web`, iLink, an in-memory fake in
 * tests) implements it and never sees the runtime. Data goes one way:
 *
 * ```
 * server ─▶ adapter ─(inbound: raw items)─▶ runtime: normalize ▶ pipeline ▶ plugins
 *                                                                      │
 * server ◀─ adapter.send(message, { clientMsgId }) ◀─ outbox ◀─────────┘
 * ```
 *
 * ## Contract
 *
 * **Login.** `login()` establishes a session: resume a saved one, else push login (when
 * `capabilities.pushLogin`), else QR. While it runs the adapter emits `qr` (one per QR code,
 * `attempt` counting up), `scan` when the phone scanned, then `login`. With `{ resumeOnly: true }`
 * it never shows a QR or prompts the phone, and rejects with a `LoginError` whose code is
 * `NO_SESSION` or `SESSION_ENDED`. `start()` logs in if needed, begins receiving and emits `ready`.
 *
 * **Inbound, exactly once.** The adapter receives raw items with a durable cursor (Web: the
 * SyncKey; iLink: `get_updates_buf`) and keeps an {@link InboundLedger} (from `@wxbot/core`,
 * `ledger/`): `ledger.receive(items)` returns the items not handled before and records them as
 * pending. The adapter must persist the ledger ({@link InboundLedger.toJSON}) in the **same write**
 * as the cursor that moved past those items, then emit them in `inbound`. On `start()` it emits
 * `ledger.takeReplay()` (items a crashed run left pending) in an `inbound` batch after `ready`.
 * The runtime calls {@link Adapter.markHandled} when an item's handlers finished (the adapter
 * appends the id to a handled log at once, so a kill -9 between snapshots never runs it twice).
 *
 * **Normalize.** {@link Adapter.normalize} turns one raw item into the shared {@link Message}
 * union, keeping the raw item on `message.raw`. It is defensive: malformed input becomes an
 * `unknown` message, not an exception (the runtime still guards it).
 *
 * **Send.** {@link Adapter.send} transmits one message. The `clientMsgId` is an idempotency key:
 * a retry with the same id must not deliver twice (return the first receipt, or let the server
 * dedupe). The runtime checks {@link Capabilities} before a message reaches the outbox, so an
 * adapter may assume the kind is one it declared; it still refuses what it cannot carry with a
 * typed `WxError`.
 *
 * **Session end.** When the server ends the session the adapter emits `logout` with the reason,
 * stops receiving, and never re-scans a QR by itself unless its options say so (`willRelogin`).
 *
 * @example
 * // A minimal adapter for tests lives in packages/testing (`MemoryAdapter`).
 * const bot = new Bot({ adapter: new MemoryAdapter(world) });
 * await bot.start();
 */
export interface Adapter<Raw = unknown> extends AdapterEventSource<Raw> {
  /** The transport's name, as in the config's `transport:` (`web`, `ilink`, `memory`). */
  readonly transport: string;
  /** What this transport can do (see {@link Capabilities}); constant for the adapter's life. */
  readonly capabilities: Capabilities;

  /** True while a session is established. */
  readonly loggedIn: boolean;
  /** True while inbound items are being received. */
  readonly running: boolean;
  /** The bot account, once logged in. */
  readonly self: Contact | undefined;
  /**
   * Who the bot knows. With `capabilities.contactList` the whole address book; otherwise at least
   * everyone who wrote to the bot (so `ctx.sender`/`ctx.chat` and `bot.say(name)` resolve).
   */
  readonly contacts: ContactDirectory;

  /** Log in without starting to receive. Resolves with how it logged in. */
  login(options?: AdapterLoginOptions): Promise<LoginMethod>;
  /** Log in if needed and start receiving; emits `ready`, then replays pending items. */
  start(): Promise<void>;
  /** Stop receiving (abort long polls at once) and save what must survive a restart. Idempotent. */
  stop(): Promise<void>;
  /** End the session on the server, forget saved credentials, and stop. */
  logout(): Promise<void>;

  /** Turn one raw inbound item into a {@link Message} (`raw` kept on it). Never throws on bad input. */
  normalize(raw: Raw): Message;
  /** The ledger id of a raw item (Web: `MsgId`), or undefined when it has none. */
  inboundId(raw: Raw): string | undefined;
  /** The item with this id was fully handled (or deliberately skipped): never deliver it again. */
  markHandled(id: string): void;
  /** True when the item with this id was handled already (the runtime uses it to judge echoes). */
  isHandled(id: string): boolean;
  /** Inbound counters for monitoring. */
  readonly inboundStats: InboundStats;
  /** A request storm in progress (the server says "new" and delivers nothing new), if any. */
  readonly syncStorm?: SyncStorm | undefined;
  /** Files the adapter cannot write now (its session, handled log), reported to health and status. */
  readonly storage?: StorageFaults;
  /** Stop fetching while `gate()` returns a promise (the runtime's backpressure); undefined: no gate. */
  setFetchGate?(gate: (() => Promise<void> | undefined) | undefined): void;
  /** How the last session ended (typed reason + what to do), if one did: health and status show it. */
  readonly lastEnd?: SessionEnd | undefined;
  /**
   * False when talking to a simulator or another fake (Web: `connectTo` is set): the account-safety
   * rails (pacing opt-in, daily budget) only bind on the real service. Default true.
   */
  readonly realServer?: boolean;

  /** Transmit one message; see the class notes on `clientMsgId`. */
  send(message: OutgoingMessage, options: { readonly clientMsgId?: string }): Promise<SendReceipt>;
  /** Recall a sent message (only when `capabilities.revoke`). */
  revoke?(receipt: SendReceipt): Promise<void>;
  /** Download the media of a received message to memory or a file. */
  download(message: Message, options?: DownloadOptions): Promise<DownloadResult>;
  /** Accept a friend request (only when `capabilities.friendRequests`). */
  acceptFriend?(request: { readonly userName: string; readonly ticket: string }): Promise<void>;
  /** Show or clear "typing…" in a chat (only when `capabilities.typing`). */
  typing?(to: string, on: boolean): Promise<void>;

  /**
   * The address to use now for an address a message was queued with. Transports whose addresses
   * change per login (Web: `@…` UserNames) map an old one to the same person's new one; others
   * omit this.
   */
  currentAddress?(address: string): string;
  /**
   * The reply window and quota of a conversation as the adapter knows them (iLink persists its
   * context tokens across restarts). Without it, and when `capabilities.proactiveSends` is off,
   * the runtime tracks them from the messages it handled in this run.
   */
  conversationState?(address: string): ConversationState | undefined;
  /** Every conversation the adapter keeps a reply window for (restored ones too): health lists them. */
  conversationAddresses?(): readonly string[];
  /** Write the session state now (no-op for adapters without one). */
  saveSession?(): Promise<void>;
}

/** Contacts as the runtime and plugins see them: lookups plus listing and search. */
export interface ContactDirectory extends ContactLookup {
  /** Friends (people in the address book); empty when the transport has no contact list. */
  friends(): Contact[];
  /** Groups; empty when the transport has no groups. */
  groups(): Group[];
  /** Contacts and groups whose remark, nickname, alias or group name matches `query`. */
  find(query: string): Contact[];
}

/** Options of {@link Adapter.login}. */
export interface AdapterLoginOptions {
  /** Only resume a saved session: no push prompt, no QR (`LoginError` `NO_SESSION`/`SESSION_ENDED`). */
  readonly resumeOnly?: boolean;
}

/** How a login happened. */
export type LoginMethod = 'resume' | 'push' | 'qr';

/** A QR code to show to the user. */
export interface QrEvent {
  /** The QR's id at the server. */
  readonly uuid: string;
  /** The text to encode in the QR image. */
  readonly url: string;
  /** 1 for the first QR, 2 after the first expired, … */
  readonly attempt: number;
}

/** Why the session ended. */
export interface LogoutEvent {
  /** One sentence: what happened and what to do (the {@link SessionEnd} message). */
  readonly reason: string;
  /** The protocol's code that caused it, if any (Web: synccheck retcode / Ret). */
  readonly code: number | undefined;
  /** The typed reason: `phoneLogout`, `replaced`, `expired`, `restricted`, `rateLimited`, `environmentRefused`. */
  readonly kind: SessionEndKind;
  /**
   * True when the adapter will try to log in again by itself (its `autoRelogin` option: resume or
   * push login, never a QR). If that fails, a second `logout` event says so with `false`.
   */
  readonly willRelogin: boolean;
}

/** One delivery of inbound items from the adapter. */
export interface InboundBatch<Raw = unknown> {
  /**
   * Items not handled before (already recorded as pending in the ledger and persisted with the
   * cursor), or items a crashed run left pending, in arrival order.
   */
  readonly items: readonly Raw[];
  /** Contacts whose profile or membership this delivery changed (already applied to `contacts`). */
  readonly changedContacts: readonly Contact[];
}

/** Inbound counters of an adapter. */
export interface InboundStats {
  /** Items received from the server (duplicates excluded). */
  readonly received: number;
  /** Items received but not handled yet (persisted; replayed at the next start). */
  readonly unhandled: number;
  /** When the receive loop last completed a round with the server (ms since epoch). */
  readonly lastReceiveAt: number | undefined;
}

/** What {@link Adapter.download} may be asked for. */
export interface DownloadOptions {
  /** Write to this file instead of returning the bytes. */
  readonly file?: string;
  /** The thumbnail of an image or video instead of the full media. */
  readonly thumbnail?: boolean;
}

/** What {@link Adapter.download} returns. */
export interface DownloadResult {
  /** The bytes (absent when written to `options.file`). */
  readonly data?: Buffer;
  /** The file written, when `options.file` was given. */
  readonly file?: string;
  readonly size: number;
  readonly contentType: string;
}

/** The events every adapter emits (eventemitter3 listener map). */
export interface AdapterEvents<Raw = unknown> {
  /** A QR code to show (QR login). */
  qr: (event: QrEvent) => void;
  /** The phone scanned the QR code. */
  scan: (event: { readonly avatar: string | undefined }) => void;
  /** A session is established. */
  login: (event: { readonly self: Contact; readonly method: LoginMethod }) => void;
  /** Receiving has started. */
  ready: () => void;
  /** Inbound items to handle. */
  inbound: (batch: InboundBatch<Raw>) => void;
  /** The session ended. */
  logout: (event: LogoutEvent) => void;
  /** A failure the adapter recovers from by itself (logged; listeners may report it). */
  error: (error: Error) => void;
  /** Receiving stopped (`stop()`). */
  stop: () => void;
}

/** The subscribe side of an adapter: an eventemitter3 `EventEmitter<AdapterEvents>` fits as is. */
export type AdapterEventSource<Raw = unknown> = Pick<
  EventEmitter<AdapterEvents<Raw>>,
  'on' | 'off' | 'once' | 'listenerCount'
>;

/** A request storm in progress: the server keeps announcing news and delivers nothing new. */
export interface SyncStorm {
  /** When the first hollow round of this episode started (ms since epoch). */
  readonly since: number;
  /** Hollow rounds so far (synccheck said "new", webwxsync brought nothing new). */
  readonly rounds: number;
  /** Requests the loop made during the episode. */
  readonly requests: number;
  /** What the server does, in words. */
  readonly what: string;
}
