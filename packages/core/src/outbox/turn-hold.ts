import type { Clock, TimerHandle } from '../clock/clock.js';
import { WxError } from '../errors.js';
import type { Entry } from './entry.js';

/**
 * How replies that cannot go now wait for the person's next message (`queueUntilNextTurn`).
 * They are held, not sent, when the transport's reply window closed or the turn's quota is used up.
 */
export interface TurnHoldOptions {
  /** Most replies held per chat; one more fails at once with the transport's reason. Default 10. */
  readonly maxPerChat?: number;
  /**
   * Longest wait, counted from when the reply was first queued (a restart does not reset it); past it
   * the reply fails. Default 86 400 000 (24 h).
   */
  readonly maxHoldMs?: number;
}

/**
 * The replies held until their chat's next turn, per chat in queue order, each with an expiry.
 * The outbox puts an entry here instead of failing it and takes a chat's entries back when the
 * person writes again ({@link release}); entries past `maxHoldMs` are handed to `onExpired`.
 *
 * @example
 * const hold = new TurnHold({ maxPerChat: 5 }, clock, (entries) => entries.forEach(failIt));
 * if (!hold.add(entry)) failIt(entry); // the chat's hold is full
 * for (const e of hold.release(chat)) requeue(e);
 */
export class TurnHold {
  readonly maxPerChat: number;
  readonly maxHoldMs: number;
  readonly #byChat = new Map<string, Entry[]>();
  #timer: TimerHandle | undefined;
  #size = 0;

  constructor(
    options: TurnHoldOptions,
    private readonly clock: Clock,
    private readonly onExpired: (entries: Entry[]) => void,
  ) {
    this.maxPerChat = Math.max(1, options.maxPerChat ?? 10);
    this.maxHoldMs = Math.max(0, options.maxHoldMs ?? 86_400_000);
  }

  /** Replies held now, over all chats. */
  get size(): number {
    return this.#size;
  }

  /** Held replies of one chat. */
  count(to: string): number {
    return this.#byChat.get(to)?.length ?? 0;
  }

  /** Holds `entry` for its chat's next turn; false when that chat's hold is full. Keeps queue order. */
  add(entry: Entry): boolean {
    const to = entry.message.to;
    const list = this.#byChat.get(to) ?? [];
    if (list.length >= this.maxPerChat) return false;
    const at = list.findIndex((e) => e.queuedAt > entry.queuedAt);
    if (at < 0) list.push(entry);
    else list.splice(at, 0, entry);
    this.#byChat.set(to, list);
    this.#size += 1;
    this.#arm();
    return true;
  }

  /** The person wrote again: every reply held for `to`, oldest first (they leave the hold). */
  release(to: string): Entry[] {
    const list = this.#byChat.get(to);
    if (!list) return [];
    this.#byChat.delete(to);
    this.#size -= list.length;
    this.#arm();
    return list;
  }

  /** Empties the hold (the outbox stops); returns what was held. */
  drain(): Entry[] {
    const all = [...this.#byChat.values()].flat();
    this.#byChat.clear();
    this.#size = 0;
    this.#disarm();
    return all;
  }

  // One timer for the earliest expiry.
  #arm(): void {
    this.#disarm();
    let earliest = Number.POSITIVE_INFINITY;
    for (const list of this.#byChat.values())
      for (const e of list) earliest = Math.min(earliest, e.queuedAt + this.maxHoldMs);
    if (!Number.isFinite(earliest)) return;
    const delay = Math.max(1, Math.ceil(earliest - this.clock.now()));
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#expire();
    }, delay);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #expire(): void {
    const now = this.clock.now();
    const expired: Entry[] = [];
    for (const [to, list] of this.#byChat) {
      const keep = list.filter((e) => now < e.queuedAt + this.maxHoldMs);
      expired.push(...list.filter((e) => !keep.includes(e)));
      if (keep.length === 0) this.#byChat.delete(to);
      else this.#byChat.set(to, keep);
    }
    this.#size -= expired.length;
    this.#arm();
    if (expired.length > 0) this.onExpired(expired);
  }
}

/** The chat's hold is full: the reply fails with the transport's reason (kept as `cause`), and says so. */
export function holdFull(reason: Error): Error {
  return new WxError(
    reason instanceof WxError ? reason.code : 'TURN_QUOTA_EXHAUSTED',
    `${reason.message} (queueUntilNextTurn: this chat already holds the most replies allowed, maxPerChat)`,
    { cause: reason },
  );
}

/** A held reply waited longer than `maxHoldMs` for the person's next message. */
export function heldTooLong(entry: Entry, maxHoldMs: number): Error {
  return new WxError(
    'REPLY_WINDOW_CLOSED',
    `a reply to ${entry.message.to} waited ${Math.round(maxHoldMs / 60_000)} min for the person's next ` +
      'message (queueUntilNextTurn.maxHoldMs) and was given up',
  );
}
