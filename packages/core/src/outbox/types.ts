import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { OutboxJournal } from './journal.js';
import type { TurnHoldOptions } from './turn-hold.js';

/**
 * What the outbox needs from the client: one call that sends one message with a given
 * `ClientMsgId`. The client's `send` has exactly this shape. Sending the same `clientMsgId`
 * twice must not produce two messages (it is how retries stay safe).
 */
export interface Transmitter {
  send(message: OutgoingMessage, options: { readonly clientMsgId: string }): Promise<SendReceipt>;
}

/** The message a send answers; lets the outbox refuse to answer the bot's own messages. */
export interface ReplyTarget {
  /** MsgId of the message being answered. */
  readonly id: string;
  /** True when that message was sent by the bot account itself. */
  readonly self: boolean;
}

/** Per-send options. */
export interface SendOptions {
  /** The message this send answers (set by `ctx.reply`). */
  readonly replyTo?: ReplyTarget;
  /**
   * Use this `ClientMsgId` instead of a fresh one. Sending the same id again is idempotent: while
   * it is queued you get the same promise, once it was sent the first receipt. The bot derives
   * ids of replies from the message answered, so a message handled twice (after a crash) does
   * not reply twice.
   */
  readonly clientMsgId?: string;
}

/** Emitted once per message that reached the server. */
export interface SentEvent {
  readonly message: OutgoingMessage;
  readonly receipt: SendReceipt;
  /** 1 when the first try worked. */
  readonly attempts: number;
  /** Time from `send()` to the server's answer, waits included. */
  readonly queuedMs: number;
}

/** Emitted once per message given up on. */
export interface FailedEvent {
  readonly message: OutgoingMessage;
  readonly error: Error;
  readonly attempts: number;
}

/** Emitted when a reply is held for its chat's next turn (`queueUntilNextTurn`) instead of failing. */
export interface HeldEvent {
  readonly message: OutgoingMessage;
  /** Why it cannot go now: the transport's `CapabilityError` (reply window closed, turn quota used up). */
  readonly reason: Error;
  /** Replies held for this chat now, this one included. */
  readonly heldInChat: number;
}

/** Events of the {@link Outbox} (eventemitter3). */
export interface OutboxEvents {
  sent: (event: SentEvent) => void;
  failed: (event: FailedEvent) => void;
  held: (event: HeldEvent) => void;
}

/**
 * How fast the bot may send. The defaults stay under what protocol.md §11 reports as safe
 * (~1 msg/s sustained; bursts of ~60 trigger 1205 "发送消息过于频繁"): at most 1 message per
 * second overall after a burst of 3, and one message per 2–3 s (random) to any one chat.
 */
export interface PacingOptions {
  /** Overall rate. Default `{ perSecond: 1, burst: 3 }`. */
  readonly global?: { readonly perSecond?: number; readonly burst?: number };
  /** Gap between two messages to the same chat: `intervalMs` + random `[0, jitterMs)`. Default 2000 + 1000. */
  readonly perChat?: { readonly intervalMs?: number; readonly jitterMs?: number };
  /**
   * Simulated typing time for text: the message waits `length / charsPerSecond` seconds
   * (at most `maxDelayMs`) after it was queued. Off by default.
   */
  readonly typing?: false | { readonly charsPerSecond: number; readonly maxDelayMs?: number };
}

/** When and how often to try again. */
export interface RetryOptions {
  /** Total tries per message (first try included). Default 4. */
  readonly attempts?: number;
  /** First wait after a network error; doubles each time (with jitter). Default 1000. */
  readonly baseDelayMs?: number;
  /** Upper bound of the network back-off. Default 30 000. */
  readonly maxDelayMs?: number;
  /** Pause of ALL sending after a 1205 (too fast); doubles on each further 1205. Default 60 000. */
  readonly frequencyPauseMs?: number;
  /**
   * Longest 1205 pause, however many strikes in a row. Default 1 800 000 (30 min): long enough to
   * calm the server, short enough that the bot is not silent for hours.
   */
  readonly frequencyPauseMaxMs?: number;
  /**
   * While the client is logged out (re-login in progress), a message waits and is retried every
   * `baseDelayMs` (not counted as an attempt) for up to this long. Default 600 000 (10 min).
   */
  readonly offlineMaxMs?: number;
}

/** Options of the {@link Outbox}. */
export interface OutboxOptions {
  /** Rate limits; `false` turns all pacing off (benchmarks, tests). Retries still wait. */
  readonly pacing?: false | PacingOptions;
  readonly retry?: RetryOptions;
  /** Most messages waiting at once; `send` fails beyond it. Default 100. */
  readonly maxQueue?: number;
  /**
   * Sends in flight at once (each chat still one at a time, in order). Default 1 with pacing
   * (a person sends one message at a time), 8 with `pacing: false`. All of them may go from the
   * start; a failed attempt closes the window to one, and each successful send opens it by one again.
   */
  readonly maxInFlight?: number;
  /**
   * On transports with a reply window and a per-turn quota (iLink): a reply that cannot go now
   * (window closed, the turn's quota used up, or the server refused the turn) waits for the
   * person's next message and goes out first in that turn, instead of failing. Its promise settles
   * then. Bounded per chat and in time ({@link TurnHoldOptions}); held replies are journaled, so
   * after a restart they wait again (until their `maxHoldMs`, counted from the first queueing).
   * Default false: such a reply fails at once with a `CapabilityError` (`REPLY_WINDOW_CLOSED`,
   * `TURN_QUOTA_EXHAUSTED`).
   */
  readonly queueUntilNextTurn?: boolean | TurnHoldOptions;
  /** Allow replies to messages the bot account sent itself (loops!). Default false. */
  readonly allowSelfReply?: boolean;
  /** Durable record of intents and outcomes (see {@link OutboxJournal}). */
  readonly journal?: OutboxJournal;
  readonly clock?: Clock;
  /** Random source for jitter and ids (`Math.random` by default). */
  readonly random?: () => number;
  readonly logger?: Logger;
}
