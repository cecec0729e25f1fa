import { EventEmitter } from 'eventemitter3';
import { type Logger, pino } from 'pino';
import { type Clock, systemClock, type TimerHandle } from '../clock/clock.js';
import { WxError } from '../errors.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import { backoffDelay } from '../retry/backoff.js';
import { createClientMsgIdGenerator } from './client-msg-id.js';
import { createEntry, type Entry } from './entry.js';
import { classifySendError, toError } from './failure.js';
import { IntentTracker } from './intent-tracker.js';
import type { JournalEntry, OutboxJournal } from './journal.js';
import { Pacer } from './pacer.js';
import { type AttemptInfo, type SendTransformer, transmitThrough } from './send-transformer.js';
import { heldTooLong, holdFull, TurnHold } from './turn-hold.js';
import type { OutboxEvents, OutboxOptions, SendOptions, Transmitter } from './types.js';

export type { AttemptInfo, SendTransformer } from './send-transformer.js';

/** Receipts of sent ids remembered to make a repeated `clientMsgId` idempotent. */
const DELIVERED_MEMORY = 10_000;
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The one queue every outgoing message goes through. It paces sends like a person would
 * (see {@link PacingOptions} for the defaults and why), keeps per-chat order, backs off on
 * 1205 and network errors, retries with the SAME `ClientMsgId` (so a retry cannot produce a
 * second message), and reports each message as a `sent` or `failed` event.
 *
 * With pacing, one message is in flight at a time; without, up to `maxInFlight`. Each chat
 * always has at most one in flight, so per-chat order holds; while a chat waits for its own gap,
 * other chats go ahead.
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
  private readonly pacer: Pacer | undefined;
  private readonly maxQueue: number;
  private readonly maxInFlight: number;
  private readonly allowSelfReply: boolean;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly frequencyPauseMs: number;
  private readonly frequencyPauseMaxMs: number;
  private readonly offlineMaxMs: number;
  /** Replies waiting for their chat's next turn (`queueUntilNextTurn`); undefined when off. */
  private readonly turnHold: TurnHold | undefined;

  private readonly queue: Entry[] = [];
  private readonly queuedById = new Map<string, Entry>();
  private readonly delivered = new Map<string, SendReceipt>();
  private readonly intents = new IntentTracker();
  private readonly transformers: SendTransformer[] = [];
  private idleWaiters: Array<() => void> = [];
  private pausedUntil = 0;
  private frequencyStrikes = 0;
  /** Entries being attempted now, and their chats. */
  private readonly inFlight = new Set<Entry>();
  private readonly inFlightChats = new Set<string>();
  /**
   * Sends allowed in flight now: `maxInFlight` at start, back to 1 on a failure, then one more per
   * success. (Starting at 1 made the first burst after every start go out one, two, three… at a
   * time: the slowest replies of a run were always its first ones.)
   */
  private window: number;
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
    this.frequencyPauseMaxMs = Math.max(
      this.frequencyPauseMs,
      options.retry?.frequencyPauseMaxMs ?? 1_800_000,
    );
    this.offlineMaxMs = options.retry?.offlineMaxMs ?? 600_000;
    const hold = options.queueUntilNextTurn;
    if (hold) {
      this.turnHold = new TurnHold(hold === true ? {} : hold, this.clock, (entries) => {
        for (const entry of entries) void this.giveUp(entry, heldTooLong(entry, this.turnHold!.maxHoldMs));
      });
    }
    const pacing = options.pacing ?? {};
    this.maxInFlight = Math.max(1, options.maxInFlight ?? (pacing === false ? 8 : 1));
    this.window = this.maxInFlight;
    if (pacing !== false) this.pacer = new Pacer(pacing, this.clock.now(), this.random);
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
  send(message: OutgoingMessage, options: SendOptions = {}, holdFor?: Error): Promise<SendReceipt> {
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
    if (holdFor !== undefined) {
      if (!this.turnHold) return Promise.reject(holdFor);
      if (this.turnHold.count(message.to) >= this.turnHold.maxPerChat)
        return Promise.reject(holdFull(holdFor));
    }
    return this.enqueue(
      message,
      wanted ?? this.nextId(),
      now,
      now + (this.pacer?.typingDelay(message) ?? 0),
      true,
      holdFor,
    );
  }

  /** True when replies the transport refuses for now wait for the next turn (`queueUntilNextTurn`). */
  get holdsForNextTurn(): boolean {
    return this.turnHold !== undefined;
  }

  /** Replies held for their chat's next turn (`queueUntilNextTurn`); not counted in {@link size}. */
  get held(): number {
    return this.turnHold?.size ?? 0;
  }

  /**
   * The person of chat `to` wrote: a new turn. Replies held for it (`queueUntilNextTurn`) are
   * queued again, ahead of anything newer for that chat.
   */
  openTurn(to: string): void {
    if (!this.turnHold || this.stopped) return;
    const released = this.turnHold.release(to);
    if (released.length === 0) return;
    const now = this.clock.now();
    for (const entry of released) entry.notBefore = now;
    this.queue.unshift(...released);
    this.logger.info({ to, count: released.length }, 'a new turn: sending the replies held for it');
    this.schedule();
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

  /** True when every message queued so far is recorded in the journal: {@link durable} has nothing to wait for. */
  get journaled(): boolean {
    return this.intents.pending === 0 && this.intents.lost === 0;
  }

  /**
   * Resolves when every message queued so far is recorded in the journal (at once without one).
   * The bot waits for this before it counts a message as handled, so a reply is never lost
   * between "handled" and "journaled". While the disk fails this waits (the journal retries);
   * it rejects once the journal gave up on a reply (closed while failing).
   */
  durable(): Promise<void> {
    return this.intents.durable();
  }

  private enqueue(
    message: OutgoingMessage,
    clientMsgId: string,
    queuedAt: number,
    notBefore: number,
    journal: boolean,
    holdFor?: Error,
  ): Promise<SendReceipt> {
    const entry = createEntry(
      {
        message,
        clientMsgId,
        queuedAt,
        notBefore,
        journal: journal ? this.journal : undefined,
        hasJournal: this.journal !== undefined,
        onSettled: (id) => this.queuedById.delete(id),
      },
      (write) => this.intents.track(write),
    );
    this.queuedById.set(clientMsgId, entry);
    if (holdFor !== undefined && this.turnHold) {
      this.park(entry, holdFor);
      return entry.promise;
    }
    this.queue.push(entry);
    this.schedule();
    return entry.promise;
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
    return this.inFlight.size > 0;
  }

  /**
   * Resolves when every send in flight now finished and its `sent`/`failed` event was emitted.
   * The bot uses it to tell the server's echo of its own send from a message sent on the phone.
   */
  attemptDone(): Promise<void> {
    if (this.inFlight.size === 0) return RESOLVED;
    return new Promise((resolve) => {
      let left = this.inFlight.size;
      const one = () => {
        left -= 1;
        if (left === 0) resolve();
      };
      for (const entry of this.inFlight) {
        if (!entry.attemptWaiters) entry.attemptWaiters = [];
        entry.attemptWaiters.push(one);
      }
    });
  }

  /** Resolves when nothing is waiting or in flight (use before shutdown). */
  flush(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight.size === 0) return RESOLVED;
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
    const waiting = this.queue.filter((entry) => !this.inFlight.has(entry));
    this.queue.length = 0;
    this.queue.push(...this.inFlight);
    // Journaled but unsent messages keep their intent without an outcome: the next start resends them.
    for (const entry of [...waiting, ...(this.turnHold?.drain() ?? [])]) {
      entry.reject(new WxError('OUTBOX_STOPPED', 'the outbox was stopped before this message was sent'));
    }
    this.settleIdle();
  }

  private clearWake(): void {
    if (this.wake !== undefined) {
      this.clock.clearTimeout(this.wake);
      this.wake = undefined;
    }
  }

  private settleIdle(): void {
    if (this.queue.length > 0 || this.inFlight.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Start every sendable message a free slot allows, or sleep until one could go. */
  private schedule(): void {
    if (this.stopped) return;
    this.clearWake();
    if (this.queue.length === 0) {
      this.settleIdle();
      return;
    }
    let free = this.window - this.inFlight.size;
    if (free <= 0) return; // a finishing attempt calls schedule() again
    const now = this.clock.now();
    let globalWait = Math.max(this.pausedUntil - now, this.pacer?.globalWaitMs(now) ?? 0);
    let chatWait = Number.POSITIVE_INFINITY;
    let blocked = false;
    const seen = new Set<string>();
    for (const entry of this.queue) {
      const to = entry.message.to;
      // Only the oldest message of each chat may go, and only when none of its chat is in
      // flight: that is what keeps per-chat order.
      if (seen.has(to)) continue;
      seen.add(to);
      if (this.inFlightChats.has(to)) continue;
      const readyAt = Math.max(entry.notBefore, this.pacer?.chatReadyAt(to) ?? 0);
      if (readyAt > now) {
        chatWait = Math.min(chatWait, readyAt - now);
        continue;
      }
      if (globalWait > 0) {
        blocked = true;
        break;
      }
      void this.attempt(entry);
      free -= 1;
      if (free === 0) return;
      globalWait = Math.max(this.pausedUntil - now, this.pacer?.globalWaitMs(now) ?? 0);
    }
    const delay = blocked ? globalWait : Math.max(chatWait, globalWait);
    if (!Number.isFinite(delay)) return; // everything left is in flight
    this.wake = this.clock.setTimeout(
      () => {
        this.wake = undefined;
        this.schedule();
      },
      Math.max(1, Math.ceil(delay)),
    );
  }

  private async attempt(entry: Entry): Promise<void> {
    this.inFlight.add(entry);
    this.inFlightChats.add(entry.message.to);
    entry.attempts += 1;
    this.pacer?.took(this.clock.now());
    try {
      if (entry.durable) await entry.durable;
      const receipt = await this.transmit(entry);
      this.finish(entry);
      this.remember(receipt);
      this.frequencyStrikes = 0;
      if (this.window < this.maxInFlight) this.window += 1;
      this.pacer?.sent(entry.message.to, this.clock.now());
      await this.record(entry, { ok: true, msgId: receipt.msgId });
      this.emit('sent', {
        message: entry.message,
        receipt,
        attempts: entry.attempts,
        queuedMs: this.clock.now() - entry.queuedAt,
      });
      entry.resolve(receipt);
    } catch (caught) {
      // The server refuses or the line is bad: one send at a time until sends work again.
      this.window = 1;
      await this.handleFailure(entry, toError(caught));
    } finally {
      this.inFlight.delete(entry);
      this.inFlightChats.delete(entry.message.to);
      const waiters = entry.attemptWaiters;
      entry.attemptWaiters = undefined;
      if (waiters) for (const resolve of waiters) resolve();
      if (this.stopped) this.settleIdle();
      else this.schedule();
    }
  }

  private transmit(entry: Entry): Promise<SendReceipt> {
    const info: AttemptInfo = { clientMsgId: entry.clientMsgId, attempt: entry.attempts };
    return transmitThrough(this.transformers, info, entry.message, (message) =>
      this.transmitter.send(message, { clientMsgId: entry.clientMsgId }),
    );
  }

  private async handleFailure(entry: Entry, error: Error): Promise<void> {
    const verdict = entry.journaled ? classifySendError(error) : 'fatal';
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
    if (verdict === 'turn' && this.turnHold && !this.stopped) {
      // Not the message's fault and not an attempt the server saw: it waits for the next turn.
      entry.attempts -= 1;
      this.finish(entry);
      if (this.park(entry, error)) return;
      await this.giveUp(entry, holdFull(error));
      return;
    }
    if (
      verdict !== 'fatal' &&
      verdict !== 'offline' &&
      verdict !== 'turn' &&
      entry.attempts < this.maxAttempts &&
      !this.stopped
    ) {
      if (verdict === 'frequency') {
        // The limit is per account, not per chat (protocol.md §11): pause everything.
        this.frequencyStrikes += 1;
        const pause = Math.min(
          this.frequencyPauseMaxMs,
          this.frequencyPauseMs * 2 ** Math.min(30, this.frequencyStrikes - 1),
        );
        this.pausedUntil = Math.max(this.pausedUntil, now + pause);
        this.logger.warn(
          { to: entry.message.to, pauseMs: pause },
          'server says we send too fast (1205); pausing all sends',
        );
      } else {
        const delay = backoffDelay(
          entry.attempts,
          { baseMs: this.baseDelayMs, maxMs: this.maxDelayMs },
          this.random,
          'spread',
        );
        entry.notBefore = now + delay;
        this.logger.warn(
          { to: entry.message.to, attempt: entry.attempts, delayMs: delay, err: error },
          'send failed; retrying',
        );
      }
      return;
    }
    this.finish(entry);
    await this.giveUp(entry, error);
  }

  // Put an entry aside until its chat's next turn; false when that chat's hold is full.
  private park(entry: Entry, reason: Error): boolean {
    const hold = this.turnHold;
    if (!hold?.add(entry)) return false;
    const heldInChat = hold.count(entry.message.to);
    this.logger.info(
      { to: entry.message.to, heldInChat, reason: reason.message },
      "reply held until the person's next message",
    );
    this.emit('held', { message: entry.message, reason, heldInChat });
    this.settleIdle();
    return true;
  }

  private async giveUp(entry: Entry, error: Error): Promise<void> {
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
