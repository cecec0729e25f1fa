import { EventEmitter } from 'eventemitter3';
import { type Logger, pino } from 'pino';
import type { OutgoingMessage, SendReceipt } from '../client/types.js';
import { WxApiError, WxError, WxNetworkError } from '../errors.js';
import { createClientMsgIdGenerator } from './client-msg-id.js';
import { type Clock, systemClock, type TimerHandle } from './clock.js';
import type { OutboxJournal } from './journal.js';
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
  readonly resolve: (receipt: SendReceipt) => void;
  readonly reject: (error: Error) => void;
}

type Verdict = 'frequency' | 'transient' | 'fatal';

/** 1205 = "too fast" (1105 is its suspected alias, protocol.md §10); -1 is a transient server error. */
function classify(error: unknown): Verdict {
  if (error instanceof WxApiError) {
    if (error.ret === 1205 || error.ret === 1105) return 'frequency';
    return error.ret === -1 ? 'transient' : 'fatal';
  }
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

  private readonly queue: Entry[] = [];
  private readonly chatReadyAt = new Map<string, number>();
  private readonly transformers: SendTransformer[] = [];
  private idleWaiters: Array<() => void> = [];
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
    return new Promise<SendReceipt>((resolve, reject) => {
      this.queue.push({
        message,
        clientMsgId: this.nextId(),
        queuedAt: now,
        notBefore: now + this.typingDelay(message),
        attempts: 0,
        journaled: this.journal === undefined,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  /** Add a transformer around every send attempt; returns a function that removes it. */
  use(transformer: SendTransformer): () => void {
    this.transformers.push(transformer);
    return () => {
      const at = this.transformers.indexOf(transformer);
      if (at >= 0) this.transformers.splice(at, 1);
    };
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
      if (this.journal && !entry.journaled) {
        await this.journal.append({
          clientMsgId: entry.clientMsgId,
          message: entry.message,
          queuedAt: entry.queuedAt,
        });
        entry.journaled = true;
      }
      const receipt = await this.transmit(entry);
      this.finish(entry);
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
    if (verdict !== 'fatal' && entry.attempts < this.maxAttempts && !this.stopped) {
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
