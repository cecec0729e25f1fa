import { EventEmitter } from 'eventemitter3';
import { type Logger, pino } from 'pino';
import type { OutgoingMessage, SendReceipt } from '../client/types.js';
import { LoginError, WxApiError, WxError, WxNetworkError } from '../errors.js';
import { createClientMsgIdGenerator } from './client-msg-id.js';
import { type Clock, systemClock, type TimerHandle } from './clock.js';
import type { JournalEntry, OutboxJournal } from './journal.js';
import { TokenBucket } from './rate-limit.js';
import type { OutboxEvents, OutboxOptions, SendOptions, Transmitter } from './types.js';

/** What a {@link SendTransformer} learns about the attempt it wraps. */
export interface AttemptInfo {
  readonly clientMsgId: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

/**
 * Middleware around every send attempt: inspect, rewrite or veto an outgoing message.
 * Call `next` at most once and return its receipt.
 *
 * @example
 * outbox.use(async (message, info, next) => {
 *   const receipt = await next(message);
 *   log.info({ to: message.to, attempt: info.attempt }, 'sent');
 *   return receipt;
 * });
 */
export type SendTransformer = (
  message: OutgoingMessage,
  info: AttemptInfo,
  next: (message: OutgoingMessage) => Promise<SendReceipt>,
) => Promise<SendReceipt>;

interface Entry {
  readonly message: OutgoingMessage;
  readonly clientMsgId: string;
  readonly queuedAt: number;
  notBefore: number;
  attempts: number;
  journaled: boolean;
  /** The intent write started at `send()` (undefined without a journal or when resumed). */
  durable: Promise<void> | undefined;
  /** When the client was first found logged out for this message (offline wait). */
  offlineSince: number | undefined;
  readonly promise: Promise<SendReceipt>;
  readonly resolve: (receipt: SendReceipt) => void;
  readonly reject: (error: Error) => void;
}

type Verdict = 'frequency' | 'transient' | 'offline' | 'fatal';

const LOGGED_OUT_RETS: ReadonlySet<number> = new Set([1100, 1101, 1102]);
const OFFLINE_LOGIN_CODES: ReadonlySet<string> = new Set(['NOT_LOGGED_IN', 'LOGIN_LOST']);
/** Receipts of sent ids remembered to make a repeated `clientMsgId` idempotent. */
const DELIVERED_MEMORY = 10_000;

/**
 * 1205 = "too fast" (1105 is its suspected alias, protocol.md §10); -1 is a transient server error,
 * and so is an unreadable answer (the send may or may not have landed: retry with the same id).
 * A dead session (1100–1102, not logged in) waits for the re-login.
 */
function classify(error: unknown): Verdict {
  if (error instanceof WxApiError) {
    if (error.ret === 1205 || error.ret === 1105) return 'frequency';
    if (error.ret !== undefined && LOGGED_OUT_RETS.has(error.ret)) return 'offline';
    return error.ret === -1 || error.ret === undefined ? 'transient' : 'fatal';
  }
  if (error instanceof LoginError && OFFLINE_LOGIN_CODES.has(error.code)) return 'offline';
  return error instanceof WxNetworkError ? 'transient' : 'fatal';
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The one queue every outgoing message goes through. It paces sends like a person would
 * (see {@link PacingOptions} for the defaults and why), keeps per-chat order, backs off on
 * 1205 and network errors, retries with the SAME `ClientMsgId` (so a retry cannot produce a
 * second message), and reports each message as a `sent` or `failed` event.
 *
 * One message is in flight at a time; while a chat waits for its own gap, other chats go ahead.
 *
 * @example
 * const outbox = new Outbox(client, { logger });
 * outbox.on('failed', ({ message, error }) => logger.warn({ to: message.to, err: error }, 'not sent'));
 * await outbox.send({ kind: 'text', to: '@abc', text: 'hello' });
 * await outbox.flush(); // before shutdown
 */
export class Outbox extends EventEmitter<OutboxEvents> {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly journal: OutboxJournal | undefined;
  private readonly nextId: () => string;
  private readonly bucket: TokenBucket | undefined;
  private readonly chatGap: { readonly intervalMs: number; readonly jitterMs: number } | undefined;
  private readonly typing: { readonly charsPerSecond: number; readonly maxDelayMs: number } | undefined;
  private readonly maxQueue: number;
  private readonly allowSelfReply: boolean;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly frequencyPauseMs: number;
  private readonly offlineMaxMs: number;

  private readonly queue: Entry[] = [];
  private readonly queuedById = new Map<string, Entry>();
  private readonly delivered = new Map<string, SendReceipt>();
  private readonly intents = new Set<Promise<void>>();
  private readonly chatReadyAt = new Map<string, number>();
  private readonly transformers: SendTransformer[] = [];
  private idleWaiters: Array<() => void> = [];
  private attemptWaiters: Array<() => void> = [];
  private pausedUntil = 0;
  private frequencyStrikes = 0;
  private busy = false;
  private inFlight: Entry | undefined;
  private stopped = false;
  private wake: TimerHandle | undefined;

  constructor(
    private readonly transmitter: Transmitter,
    options: OutboxOptions = {},
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.journal = options.journal;
    this.nextId = createClientMsgIdGenerator(() => this.clock.now(), this.random);
    this.maxQueue = options.maxQueue ?? 100;
    this.allowSelfReply = options.allowSelfReply ?? false;
    this.maxAttempts = Math.max(1, options.retry?.attempts ?? 4);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.frequencyPauseMs = options.retry?.frequencyPauseMs ?? 60_000;
    this.offlineMaxMs = options.retry?.offlineMaxMs ?? 600_000;
    const pacing = options.pacing ?? {};
    if (pacing !== false) {
      this.bucket = new TokenBucket(
        pacing.global?.perSecond ?? 1,
        pacing.global?.burst ?? 3,
        this.clock.now(),
      );
      this.chatGap = {
        intervalMs: pacing.perChat?.intervalMs ?? 2_000,
        jitterMs: pacing.perChat?.jitterMs ?? 1_000,
      };
      if (pacing.typing) {
        this.typing = {
          charsPerSecond: pacing.typing.charsPerSecond,
          maxDelayMs: pacing.typing.maxDelayMs ?? 5_000,
        };
      }
    }
  }

  /** Messages waiting or in flight. */
  get size(): number {
    return this.queue.length;
  }

  /**
   * Queue a message. Resolves with the server's receipt once sent, or rejects with the last
   * error (a `WxError` with code `OUTBOX_FULL`, `OUTBOX_STOPPED` or `SELF_REPLY`, or the
   * client's `WxApiError`/`WxNetworkError` after the retries).
   */
  send(message: OutgoingMessage, options: SendOptions = {}): Promise<SendReceipt> {
    if (this.stopped) {
      return Promise.reject(
        new WxError('OUTBOX_STOPPED', 'the outbox is stopped: nothing can be sent any more'),
      );
    }
    if (options.replyTo?.self && !this.allowSelfReply) {
      return Promise.reject(
        new WxError(
          'SELF_REPLY',
          `refused to answer message ${options.replyTo.id}, which the bot account sent itself ` +
            '(that is how reply loops start); skip it with `if (ctx.self) return`, or set allowSelfReply: true',
        ),
      );
    }
    const wanted = options.clientMsgId;
    if (wanted !== undefined) {
      // Idempotent by id: a repeat (a message handled again after a crash) sends nothing new.
      const done = this.delivered.get(wanted);
      if (done) return Promise.resolve(done);
      const queued = this.queuedById.get(wanted);
      if (queued) return queued.promise;
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new WxError(
          'OUTBOX_FULL',
          `the outbox is full (${this.maxQueue} messages waiting): the bot sends faster than the rate ` +
            'limits allow; send less, or raise outbox.maxQueue',
        ),
      );
    }
    const now = this.clock.now();
    return this.enqueue(message, wanted ?? this.nextId(), now, now + this.typingDelay(message), true);
  }

  /**
   * Queue sends a previous run journaled but never settled (`FileJournal.pending()`), with their
   * SAME `clientMsgId`: if the server already accepted one, it recognises the id and does not
   * show it twice. Ids already queued or sent are skipped. Results arrive as `sent`/`failed` events.
   *
   * @example
   * outbox.resume(await journal.pending());
   */
  resume(entries: readonly JournalEntry[]): void {
    if (this.stopped) return;
    for (const entry of entries) {
      if (this.delivered.has(entry.clientMsgId) || this.queuedById.has(entry.clientMsgId)) continue;
      this.enqueue(entry.message, entry.clientMsgId, entry.queuedAt, this.clock.now(), false).catch(
        () => undefined,
      );
    }
  }

  /**
   * Remember that `clientMsgId` was sent (a journal outcome from a previous run): a later send
   * with that id resolves with this receipt without sending.
   */
  remember(receipt: SendReceipt): void {
    this.delivered.set(receipt.clientMsgId, receipt);
    if (this.delivered.size > DELIVERED_MEMORY) {
      const oldest = this.delivered.keys().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
  }

  /**
   * Resolves when every message queued so far is recorded in the journal (at once without one).
   * The bot waits for this before it counts a message as handled, so a reply is never lost
   * between "handled" and "journaled".
   */
  async durable(): Promise<void> {
    await Promise.all([...this.intents]);
  }

  private enqueue(
    message: OutgoingMessage,
    clientMsgId: string,
    queuedAt: number,
    notBefore: number,
    journal: boolean,
  ): Promise<SendReceipt> {
    let resolve!: (receipt: SendReceipt) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<SendReceipt>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Entry = {
      message,
      clientMsgId,
      queuedAt,
      notBefore,
      attempts: 0,
      journaled: this.journal === undefined || !journal,
      durable: undefined,
      offlineSince: undefined,
      promise,
      resolve: (receipt) => {
        this.queuedById.delete(clientMsgId);
        resolve(receipt);
      },
      reject: (error) => {
        this.queuedById.delete(clientMsgId);
        reject(error);
      },
    };
    const sink = this.journal;
    if (sink && journal) {
      // The intent is written at once (not at the first attempt): a reply waiting for its pacing
      // slot survives a crash.
      const write = (async () => {
        await sink.append({ clientMsgId, message, queuedAt });
        entry.journaled = true;
      })();
      const settled = write.then(
        () => undefined,
        () => undefined,
      );
      this.intents.add(settled);
      void settled.then(() => this.intents.delete(settled));
      entry.durable = write;
    }
    this.queue.push(entry);
    this.queuedById.set(clientMsgId, entry);
    this.schedule();
    return promise;
  }

  /** Add a transformer around every send attempt; returns a function that removes it. */
  use(transformer: SendTransformer): () => void {
    this.transformers.push(transformer);
    return () => {
      const at = this.transformers.indexOf(transformer);
      if (at >= 0) this.transformers.splice(at, 1);
    };
  }

  /** True while a message is being sent (its answer not back yet). */
  get sending(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Resolves when the send in flight (if any) finished and its `sent`/`failed` event was emitted.
   * The bot uses it to tell the server's echo of its own send from a message sent on the phone.
   */
  attemptDone(): Promise<void> {
    if (!this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.attemptWaiters.push(resolve));
  }

  /** Resolves when nothing is waiting or in flight (use before shutdown). */
  flush(): Promise<void> {
    if (this.queue.length === 0 && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stop for good: messages still waiting are rejected with `OUTBOX_STOPPED` (a message in
   * flight finishes). Call {@link flush} first to send what is queued.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearWake();
    const waiting = this.queue.filter((entry) => entry !== this.inFlight);
    this.queue.length = 0;
    if (this.inFlight) this.queue.push(this.inFlight);
    // Journaled but unsent messages keep their intent without an outcome: the next start resends them.
    for (const entry of waiting) {
      entry.reject(new WxError('OUTBOX_STOPPED', 'the outbox was stopped before this message was sent'));
    }
    this.settleIdle();
  }

  private typingDelay(message: OutgoingMessage): number {
    if (!this.typing || message.kind !== 'text') return 0;
    return Math.min(this.typing.maxDelayMs, (message.text.length / this.typing.charsPerSecond) * 1000);
  }

  private clearWake(): void {
    if (this.wake !== undefined) {
      this.clock.clearTimeout(this.wake);
      this.wake = undefined;
    }
  }

  private settleIdle(): void {
    if (this.queue.length > 0 || this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Pick the next sendable message, or sleep until one could be. */
  private schedule(): void {
    if (this.busy || this.stopped) return;
    this.clearWake();
    if (this.queue.length === 0) {
      this.settleIdle();
      return;
    }
    const now = this.clock.now();
    let pick: Entry | undefined;
    let chatWait = Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    for (const entry of this.queue) {
      // Only the oldest message of each chat may go: that is what keeps per-chat order.
      if (seen.has(entry.message.to)) continue;
      seen.add(entry.message.to);
      const readyAt = Math.max(entry.notBefore, this.chatReadyAt.get(entry.message.to) ?? 0);
      if (readyAt <= now) {
        pick = entry;
        break;
      }
      chatWait = Math.min(chatWait, readyAt - now);
    }
    const globalWait = Math.max(this.pausedUntil - now, this.bucket?.waitMs(now) ?? 0);
    if (pick && globalWait <= 0) {
      void this.attempt(pick);
      return;
    }
    const delay = pick ? globalWait : Math.max(chatWait, globalWait);
    this.wake = this.clock.setTimeout(
      () => {
        this.wake = undefined;
        this.schedule();
      },
      Math.max(1, Math.ceil(delay)),
    );
  }

  private async attempt(entry: Entry): Promise<void> {
    this.busy = true;
    this.inFlight = entry;
    entry.attempts += 1;
    this.bucket?.take(this.clock.now());
    try {
      if (entry.durable) await entry.durable;
      const receipt = await this.transmit(entry);
      this.finish(entry);
      this.remember(receipt);
      this.frequencyStrikes = 0;
      if (this.chatGap) {
        const gap = this.chatGap.intervalMs + Math.floor(this.random() * this.chatGap.jitterMs);
        this.chatReadyAt.set(entry.message.to, this.clock.now() + gap);
      }
      await this.record(entry, { ok: true, msgId: receipt.msgId });
      this.emit('sent', {
        message: entry.message,
        receipt,
        attempts: entry.attempts,
        queuedMs: this.clock.now() - entry.queuedAt,
      });
      entry.resolve(receipt);
    } catch (caught) {
      await this.handleFailure(entry, toError(caught));
    } finally {
      this.busy = false;
      this.inFlight = undefined;
      const waiters = this.attemptWaiters;
      this.attemptWaiters = [];
      for (const resolve of waiters) resolve();
      if (this.stopped) this.settleIdle();
      else this.schedule();
    }
  }

  private transmit(entry: Entry): Promise<SendReceipt> {
    const info: AttemptInfo = { clientMsgId: entry.clientMsgId, attempt: entry.attempts };
    const base = (message: OutgoingMessage) =>
      this.transmitter.send(message, { clientMsgId: entry.clientMsgId });
    const chain = this.transformers.reduceRight<(message: OutgoingMessage) => Promise<SendReceipt>>(
      (next, transformer) => (message) => transformer(message, info, next),
      base,
    );
    return chain(entry.message);
  }

  private async handleFailure(entry: Entry, error: Error): Promise<void> {
    const verdict = entry.journaled ? classify(error) : 'fatal';
    const now = this.clock.now();
    if (verdict === 'offline' && !this.stopped) {
      entry.offlineSince ??= now;
      if (now - entry.offlineSince < this.offlineMaxMs) {
        // Logged out: not the message's fault; wait for the re-login without using up attempts.
        entry.attempts -= 1;
        entry.notBefore = now + this.baseDelayMs;
        this.logger.debug({ to: entry.message.to }, 'not logged in; the message waits for the re-login');
        return;
      }
    }
    if (verdict !== 'fatal' && verdict !== 'offline' && entry.attempts < this.maxAttempts && !this.stopped) {
      if (verdict === 'frequency') {
        // The limit is per account, not per chat (protocol.md §11): pause everything.
        this.frequencyStrikes += 1;
        const pause = this.frequencyPauseMs * 2 ** (this.frequencyStrikes - 1);
        this.pausedUntil = Math.max(this.pausedUntil, now + pause);
        this.logger.warn(
          { to: entry.message.to, pauseMs: pause },
          'server says we send too fast (1205); pausing all sends',
        );
      } else {
        const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (entry.attempts - 1));
        const delay = Math.round(backoff * (0.75 + this.random() * 0.5));
        entry.notBefore = now + delay;
        this.logger.warn(
          { to: entry.message.to, attempt: entry.attempts, delayMs: delay, err: error },
          'send failed; retrying',
        );
      }
      return;
    }
    this.finish(entry);
    await this.record(entry, { ok: false, error: error.message });
    this.emit('failed', { message: entry.message, error, attempts: entry.attempts });
    entry.reject(error);
  }

  private finish(entry: Entry): void {
    const at = this.queue.indexOf(entry);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private async record(entry: Entry, outcome: Parameters<OutboxJournal['settle']>[1]): Promise<void> {
    if (!this.journal || !entry.journaled) return;
    try {
      await this.journal.settle(entry.clientMsgId, outcome);
    } catch (error) {
      this.logger.error(
        { err: error, clientMsgId: entry.clientMsgId },
        'outbox journal could not record an outcome',
      );
    }
  }
}
