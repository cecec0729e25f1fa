import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';

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
  /**
   * Strikes before the chat is paused. An answer that echoes the bot's reply (same or grown text)
   * is one strike (1.5 when also fast); a fast answer alone is half a strike; a slow, new answer
   * clears them. Default 5.
   */
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
  strikes: { at: number; weight: number }[];
  pausedUntil: number | undefined;
}

const MAX_CHATS = 5_000;
const MAX_TEXT = 2_000;

/** True when `answer` repeats `reply` or grows it (an echo that adds a prefix, "@Bot " + …). */
function echoes(answer: string | undefined, reply: string | undefined): boolean {
  if (answer === undefined || reply === undefined || reply.trim().length === 0) return false;
  return answer.includes(reply.trim());
}

/**
 * Detects reply loops per chat: answers to the bot's reply that come faster than a person types,
 * or that repeat or grow the bot's text (echoes), counted as strikes within a window. At `strikes` the chat's
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
  observeInbound(chat: string, text: string | undefined): void {
    const t = this.#track(chat);
    const now = this.clock.now();
    const body = text?.slice(0, MAX_TEXT);
    if (t.lastReplyAt === undefined) return;
    const fast = now - t.lastReplyAt <= this.#fastMs;
    // An echo of the bot's reply: the same text, or one grown from it.
    const echo = echoes(body, t.lastReplyText);
    // Only an answer to the bot's latest reply counts; later chatter is ordinary conversation.
    t.lastReplyAt = undefined;
    // Speed alone is weak evidence (a quick "ok" happens): half a strike. An echo is a full one.
    if (echo) this.#strike(chat, t, now, fast ? 1.5 : 1);
    else if (fast) this.#strike(chat, t, now, 0.5);
    else t.strikes = [];
  }

  /** The bot replied in `chat` (its reply reached the server). */
  observeReply(chat: string, text: string | undefined): void {
    const t = this.#track(chat);
    t.lastReplyAt = this.clock.now();
    t.lastReplyText = text?.slice(0, MAX_TEXT);
  }

  #strike(chat: string, t: ChatTrack, now: number, weight: number): void {
    t.strikes = t.strikes.filter((s) => now - s.at <= this.#windowMs);
    t.strikes.push({ at: now, weight });
    const total = t.strikes.reduce((sum, s) => sum + s.weight, 0);
    if (t.pausedUntil === undefined && total >= this.#strikes) {
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
    t = { lastReplyAt: undefined, lastReplyText: undefined, strikes: [], pausedUntil: undefined };
    this.#chats.set(chat, t);
    if (this.#chats.size > MAX_CHATS) {
      const oldest = this.#chats.keys().next().value;
      if (oldest !== undefined) this.#chats.delete(oldest);
    }
    return t;
  }
}
