import { IlinkApiError, IlinkMediaError, IlinkReplyBlockedError } from './errors.js';
import { type IlinkCredentials, type QrLoginOptions, type QrLoginResult, qrLogin } from './login/qr-login.js';
import { CdnClient } from './media/cdn.js';
import type { MediaRef } from './media/download.js';
import { downloadMedia } from './media/download.js';
import { mediaItem, type OutboundMediaKind, uploadMedia } from './media/upload.js';
import { type ConversationRules, ConversationTracker, type ReplyVerdict } from './messages/conversations.js';
import { normalizeMessage } from './messages/normalize.js';
import { newClientId, outboundMessage, splitText, textItem } from './messages/outbound.js';
import { RecentMessages } from './messages/recent-store.js';
import type { IlinkItem, IlinkMessage } from './messages/types.js';
import { UpdatePoller, type UpdatePollerOptions } from './poll/poller.js';
import { IlinkApi, type IlinkTimeouts } from './protocol/api.js';
import type { MessageItem, WeixinMessage } from './protocol/types.js';
import { TypingIndicator, type TypingOptions } from './session/typing.js';
import type { ClientIdentity } from './transport/headers.js';
import { HttpClient } from './transport/http.js';

/** Accepted client ids remembered so a retry of one is not sent (or counted) twice. */
const ACCEPTED_MEMORY = 2000;

/** Options of {@link IlinkClient}. */
export interface IlinkClientOptions {
  /** A saved login; without it, call {@link IlinkClient.login} first. */
  readonly credentials?: IlinkCredentials | undefined;
  /** Send every request (API and CDN) to this address, host names kept (tests, sandbox). */
  readonly connectTo?: string | undefined;
  /** QR login host (default `https://ilinkai.weixin.qq.com`). */
  readonly loginBaseUrl?: string | undefined;
  /** Media CDN base (default `https://novac2c.cdn.weixin.qq.com/c2c`). */
  readonly cdnBaseUrl?: string | undefined;
  /** Hosts a server-given media URL may point at; see {@link CdnClient}. */
  readonly allowedCdnHosts?: readonly string[] | undefined;
  readonly identity?: Partial<ClientIdentity> | undefined;
  readonly timeouts?: Partial<IlinkTimeouts> | undefined;
  /** Reply window and per-turn quota (defaults 24 h, 10). */
  readonly rules?: Partial<ConversationRules> | undefined;
  /** Longest text message in characters before it is split (default 2000). */
  readonly textLimit?: number | undefined;
  readonly typing?: TypingOptions | undefined;
  /** Pause between CDN upload attempts (default 1000 ms). */
  readonly cdnRetryDelayMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

/** The outcome of one accepted `sendmessage` (accepted is not delivered: the server has no receipts). */
export interface SendReceipt {
  /** The server's id of the sent message, when it gave one (often not). */
  readonly messageId: string | undefined;
  readonly clientId: string;
  /** Messages left in this turn after this one. */
  readonly left: number;
}

/** Options of the send methods. */
export interface SendOptions {
  readonly signal?: AbortSignal | undefined;
  /**
   * The `client_id` to send (an idempotency key the server may use); a long text split into parts
   * sends `<clientId>-1`, `<clientId>-2`, … By default a new one per request.
   */
  readonly clientId?: string | undefined;
}

/** Media to send. */
export interface OutboundMedia {
  readonly kind: OutboundMediaKind;
  readonly data: Buffer;
  /** Shown for files (default `file`). */
  readonly fileName?: string | undefined;
}

/**
 * An iLink bot account: login, the update poller, normalized inbound messages, sends that respect the
 * reply window and the per-turn quota, media up and down, typing and online notices. Each part is
 * also usable alone (`api`, `cdn`, `conversations`, `typing`).
 *
 * @example
 * const client = new IlinkClient({ credentials: saved });
 * const poller = client.poller({ cursor: savedCursor, onUpdates: async (b) => {
 *   for (const raw of b.messages) {
 *     const msg = client.receive(raw);
 *     if (!msg.fromBot && msg.items[0]?.kind === 'text') await client.sendText(msg.from, `echo: ${msg.items[0].text}`);
 *   }
 * } });
 * await client.notifyStart();
 * await poller.run();
 */
export class IlinkClient {
  readonly api: IlinkApi;
  readonly cdn: CdnClient;
  readonly conversations: ConversationTracker;
  readonly typing: TypingIndicator;
  /** Recent messages by id, so quotes that carry only an id can be rebuilt. */
  readonly recent = new RecentMessages(1000);
  #credentials: IlinkCredentials | undefined;
  readonly #http: HttpClient;
  readonly #textLimit: number;
  readonly #now: () => number;
  /** Receipts of recently accepted client ids (a retried id is answered from here). */
  readonly #accepted = new Map<string, SendReceipt>();

  constructor(options: IlinkClientOptions = {}) {
    this.#http = new HttpClient({ connectTo: options.connectTo });
    this.#now = options.now ?? Date.now;
    this.api = new IlinkApi({
      http: this.#http,
      baseUrl: options.credentials?.baseUrl,
      loginBaseUrl: options.loginBaseUrl,
      token: options.credentials?.token,
      identity: options.identity,
      timeouts: options.timeouts,
    });
    this.cdn = new CdnClient({
      http: this.#http,
      cdnBaseUrl: options.cdnBaseUrl,
      allowedHosts: options.allowedCdnHosts,
      retryDelayMs: options.cdnRetryDelayMs,
    });
    this.conversations = new ConversationTracker(options.rules, this.#now);
    this.typing = new TypingIndicator(this.api, { now: this.#now, ...options.typing });
    this.#credentials = options.credentials;
    this.#textLimit = options.textLimit ?? 2000;
  }

  /** The current login (contains the token: persist it 0600, never log it). */
  get credentials(): IlinkCredentials | undefined {
    return this.#credentials;
  }

  /** Switches to saved credentials (a restored session), or forgets them (`undefined`). */
  useCredentials(credentials: IlinkCredentials | undefined): void {
    this.#credentials = credentials;
    this.api.setToken(credentials?.token);
    if (credentials) this.api.setBaseUrl(credentials.baseUrl);
  }

  /**
   * Runs the QR login. On `confirmed` the client switches to the new token and base URL and forgets
   * the old conversations; on `already-bound` it keeps its current credentials.
   */
  async login(options: QrLoginOptions = {}): Promise<QrLoginResult> {
    const localTokens = options.localTokens ?? (this.#credentials ? [this.#credentials.token] : []);
    const result = await qrLogin(this.api, { ...options, localTokens });
    if (result.kind === 'confirmed') {
      this.#credentials = result.credentials;
      this.api.setToken(result.credentials.token);
      this.api.setBaseUrl(result.credentials.baseUrl);
      this.conversations.clear();
    }
    return result;
  }

  /** A poller on this account's `getupdates` (see {@link UpdatePoller}). */
  poller(options: UpdatePollerOptions): UpdatePoller {
    return new UpdatePoller(this.api, options);
  }

  /**
   * Normalizes an inbound message, and for a user's message opens a new turn for that user (latest
   * context token, quota back to full) and remembers its content for later quotes.
   */
  receive(raw: WeixinMessage): IlinkMessage {
    const msg = normalizeMessage(raw, {
      botId: this.#credentials?.botId,
      lookupQuoted: (id) => this.recent.get(id),
    });
    if (!msg.fromBot && msg.from) {
      // The turn started when the user wrote (a late or replayed delivery must not stretch the window).
      const now = this.#now();
      this.conversations.recordInbound(msg.from, msg.contextToken, Math.min(now, msg.createdAtMs ?? now));
      const first = msg.items[0];
      if (first && first.kind !== 'quote' && first.kind !== 'unknown') this.recent.set(msg.id, first);
    }
    return msg;
  }

  /** Can the bot send to `userId` now, and how many messages are left in the turn? */
  canReply(userId: string): ReplyVerdict {
    return this.conversations.check(userId);
  }

  /**
   * Sends one item to `userId` within the rules: refused locally ({@link IlinkReplyBlockedError})
   * when the window is closed or the quota used; a server refusal (`SEND_REFUSED`) closes the turn.
   */
  async sendItem(userId: string, item: MessageItem, options: SendOptions = {}): Promise<SendReceipt> {
    // A retry of a part the server already accepted (e.g. the rest of a split text was rate limited):
    // not sent again, and no second unit of the quota.
    const done = options.clientId === undefined ? undefined : this.#accepted.get(options.clientId);
    if (done) return done;
    const verdict = this.conversations.reserve(userId);
    if (!verdict.ok) throw blocked(verdict.reason);
    const clientId = options.clientId ?? newClientId(this.#now());
    try {
      const res = await this.api.sendMessage(outboundMessage(userId, item, verdict.contextToken, clientId), {
        signal: options.signal,
      });
      const receipt = { messageId: res.message_id, clientId, left: verdict.left };
      this.#accepted.set(clientId, receipt);
      if (this.#accepted.size > ACCEPTED_MEMORY) this.#accepted.delete(this.#accepted.keys().next().value!);
      return receipt;
    } catch (err) {
      if (err instanceof IlinkApiError && err.code === 'SEND_REFUSED') this.conversations.markRefused(userId);
      // Rate limited: the server took nothing, so the turn keeps its unit for the retry.
      if (err instanceof IlinkApiError && err.code === 'RATE_LIMITED') this.conversations.release(userId);
      throw err;
    }
  }

  /**
   * Sends a text, split into parts of at most `textLimit` characters, never more parts than the turn
   * has left (the last part is then cut with `…`). The parts go out one by one, in order.
   */
  async sendText(userId: string, text: string, options: SendOptions = {}): Promise<SendReceipt[]> {
    const verdict = this.conversations.check(userId);
    if (!verdict.ok) throw blocked(verdict.reason);
    const parts = splitText(text, { maxChars: this.#textLimit, maxParts: verdict.left });
    const receipts: SendReceipt[] = [];
    for (const [i, part] of parts.entries()) {
      const clientId =
        options.clientId && parts.length > 1 ? `${options.clientId}-${i + 1}` : options.clientId;
      const receipt = await this.sendItem(userId, textItem(part), { signal: options.signal, clientId });
      receipts.push(receipt);
      if (receipt.messageId)
        this.recent.set(receipt.messageId, {
          kind: 'text',
          text: part,
          itemId: undefined,
          raw: textItem(part),
        });
    }
    return receipts;
  }

  /** Uploads and sends one image, video or file (one message; a caption would be another). */
  async sendMedia(userId: string, media: OutboundMedia, options: SendOptions = {}): Promise<SendReceipt> {
    const verdict = this.conversations.check(userId);
    if (!verdict.ok) throw blocked(verdict.reason);
    const uploaded = await uploadMedia(this.api, this.cdn, {
      kind: media.kind,
      data: media.data,
      fileName: media.fileName,
      toUserId: userId,
      signal: options.signal,
    });
    return this.sendItem(userId, mediaItem(uploaded), options);
  }

  /**
   * Downloads and decrypts the media of an inbound item (image, voice, file, video, or a quote whose
   * reply is one of those) or of a raw reference. Rejects with `NO_MEDIA` for items without media.
   */
  download(source: IlinkItem | MediaRef, signal?: AbortSignal): Promise<Buffer> {
    let ref: MediaRef | undefined;
    if ('kind' in source) {
      const item = source.kind === 'quote' ? source.reply : source;
      const hasMedia =
        item &&
        (item.kind === 'image' || item.kind === 'file' || item.kind === 'video' || item.kind === 'voice');
      ref = hasMedia ? item.media : undefined;
    } else {
      ref = source;
    }
    if (!ref) {
      const kind = 'kind' in source ? source.kind : 'reference';
      return Promise.reject(new IlinkMediaError('NO_MEDIA', `this ${kind} item has no media to download`));
    }
    return downloadMedia(this.cdn, ref, signal);
  }

  /** Tells the server the bot is online. Best-effort: returns false on failure. */
  async notifyStart(): Promise<boolean> {
    return this.api.notifyStart().then(
      () => true,
      () => false,
    );
  }

  /** Tells the server the bot goes offline (on a clean stop). Best-effort: returns false on failure. */
  async notifyStop(): Promise<boolean> {
    if (!this.api.hasToken) return false;
    return this.api.notifyStop().then(
      () => true,
      () => false,
    );
  }

  /** Closes idle sockets. */
  close(): void {
    this.#http.destroy();
  }
}

function blocked(reason: IlinkReplyBlockedError['reason']): IlinkReplyBlockedError {
  const why = {
    'no-conversation': 'the user has not written to the bot yet (iLink bots can only answer)',
    'window-closed': "the user's last message is older than the reply window (24 h)",
    'quota-used': "this turn's quota of bot messages is used up",
    'refused-by-server': 'the server refused a send in this turn',
  } as const satisfies Record<IlinkReplyBlockedError['reason'], string>;
  return new IlinkReplyBlockedError(
    reason,
    `cannot send now: ${why[reason]}; it can go out after the user's next message`,
  );
}
