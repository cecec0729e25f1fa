import type { Logger } from 'pino';
import type { Clock } from '../outbox/clock.js';

/**
 * Options of the reply-loop guard (on by default). Two bots — or a bot and an auto-replying
 * contact — answering each other would ping-pong forever; the guard notices it per chat and
 * pauses the bot's automatic replies there.
 *
 * @example
 * createBot({ replyLoop: { fastReplyMs: 2_000, strikes: 6, pauseMs: 3_600_000 } });
 * createBot({ replyLoop: false }); // off (not recommended)
 */
export interface ReplyLoopOptions {
  /** A peer message this soon after a bot reply in the same chat is faster than a person types (ms). Default 3000. */
  readonly fastReplyMs?: number;
  /** Suspicious exchanges (fast answers, repeated or growing texts) before the chat is paused. Default 5. */
  readonly strikes?: number;
  /** How long automatic replies in the chat stay paused (ms). Default 1 800 000 (30 min). */
  readonly pauseMs?: number;
  /** Suspicion fades: strikes older than this are forgotten (ms). Default 120 000. */
  readonly windowMs?: number;
}

/** What a plugin may ask the guard (`ctx.bot.replyLoop`). */
export interface ReplyLoopStatus {
  /** True while automatic replies in this chat (its UserName) are paused by the guard. */
  isPaused(chat: string): boolean;
  /** When the pause of this chat ends (ms since epoch), or undefined when not paused. */
  pausedUntil(chat: string): number | undefined;
  /** Lifts the pause of a chat (an operator's decision). */
  resume(chat: string): void;
}

interface ChatTrack {
  lastReplyAt: number | undefined;
  lastReplyText: string | undefined;
  lastPeerText: Map<string, string>;
  strikes: number[];
  pausedUntil: number | undefined;
}

const MAX_CHATS = 5_000;
const MAX_TEXT = 2_000;

function similar(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return false;
  // Repeated, or growing: one text contains the other (an echo that adds a prefix, "@Bot " + …).
  return a === b || a.includes(b) || b.includes(a);
}

/**
 * Detects reply loops per chat: a peer answering the bot's reply faster than a person types, or
 * texts that repeat or grow (echoes), counted as strikes within a window. At `strikes` the chat's
 * automatic replies pause for `pauseMs` with one log line; `ctx.reply` in a paused chat is refused
 * with a `BotError` code `REPLY_PAUSED` (logged at debug level only).
 */
export class ReplyLoopGuard implements ReplyLoopStatus {
  readonly #chats = new Map<string, ChatTrack>();
  readonly #fastMs: number;
  readonly #strikes: number;
  readonly #pauseMs: number;
  readonly #windowMs: number;

  constructor(
    options: ReplyLoopOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.#fastMs = options.fastReplyMs ?? 3_000;
    this.#strikes = Math.max(1, options.strikes ?? 5);
    this.#pauseMs = options.pauseMs ?? 1_800_000;
    this.#windowMs = options.windowMs ?? 120_000;
  }

  isPaused(chat: string): boolean {
    return this.pausedUntil(chat) !== undefined;
  }

  pausedUntil(chat: string): number | undefined {
    const t = this.#chats.get(chat);
    if (t?.pausedUntil === undefined) return undefined;
    if (t.pausedUntil <= this.clock.now()) {
      t.pausedUntil = undefined;
      t.strikes = [];
      return undefined;
    }
    return t.pausedUntil;
  }

  resume(chat: string): void {
    const t = this.#chats.get(chat);
    if (!t) return;
    t.pausedUntil = undefined;
    t.strikes = [];
  }

  /** A message from someone else arrived in `chat` (call before it is handled). */
  observeInbound(chat: string, sender: string, text: string | undefined): void {
    const t = this.#track(chat);
    const now = this.clock.now();
    const body = text?.slice(0, MAX_TEXT);
    if (t.lastReplyAt === undefined) {
      if (body !== undefined) t.lastPeerText.set(sender, body);
      return;
    }
    const fast = now - t.lastReplyAt <= this.#fastMs;
    // An echo of the bot's reply (maybe grown), or the peer repeating itself at machine speed.
    const echo = similar(body, t.lastReplyText) || (fast && similar(body, t.lastPeerText.get(sender)));
    if (body !== undefined) {
      if (t.lastPeerText.size > 64) t.lastPeerText.clear();
      t.lastPeerText.set(sender, body);
    }
    // Only an answer to the bot's latest reply counts; later chatter is ordinary conversation.
    t.lastReplyAt = undefined;
    if (fast) this.#strike(chat, t, now);
    if (echo) this.#strike(chat, t, now);
    if (!fast && !echo) t.strikes = [];
  }

  /** The bot replied in `chat` (its reply reached the server). */
  observeReply(chat: string, text: string | undefined): void {
    const t = this.#track(chat);
    t.lastReplyAt = this.clock.now();
    t.lastReplyText = text?.slice(0, MAX_TEXT);
  }

  #strike(chat: string, t: ChatTrack, now: number): void {
    t.strikes = t.strikes.filter((at) => now - at <= this.#windowMs);
    t.strikes.push(now);
    if (t.pausedUntil === undefined && t.strikes.length >= this.#strikes) {
      t.pausedUntil = now + this.#pauseMs;
      this.log.warn(
        { chat, pauseMs: this.#pauseMs },
        `reply loop suspected in this chat (answers faster than a person types, or repeated texts): automatic replies paused for ${Math.round(this.#pauseMs / 60_000)} min`,
      );
    }
  }

  #track(chat: string): ChatTrack {
    let t = this.#chats.get(chat);
    if (t) {
      // Most recently used last: eviction drops the chat quiet for longest.
      this.#chats.delete(chat);
      this.#chats.set(chat, t);
      return t;
    }
    t = { lastReplyAt: undefined, lastReplyText: undefined, lastPeerText: new Map(), strikes: [], pausedUntil: undefined };
    this.#chats.set(chat, t);
    if (this.#chats.size > MAX_CHATS) {
      const oldest = this.#chats.keys().next().value;
      if (oldest !== undefined) this.#chats.delete(oldest);
    }
    return t;
  }
}
