import { IlinkConfigError } from '../errors.js';

/** The reply rules of iLink (protocol.md §8.2). */
export interface ConversationRules {
  /** How long after the user's last message the bot may send (default 24 h; lower it for a safety margin). */
  readonly windowMs: number;
  /** Bot messages allowed per user turn (default 10); every text chunk, caption and media counts. */
  readonly quotaPerTurn: number;
}

/** The published rules: 24 h window, 10 messages per turn. */
export const DEFAULT_RULES: ConversationRules = { windowMs: 24 * 60 * 60 * 1000, quotaPerTurn: 10 };

/** What the tracker keeps per user; also the shape to persist (it holds a credential: store it 0600). */
export interface ConversationState {
  readonly userId: string;
  /** The latest `context_token` from this user. */
  readonly contextToken: string;
  /** When the user's last message arrived (ms epoch, local clock). */
  readonly lastInboundAt: number;
  /** Bot messages sent (or reserved) since then. */
  readonly sentThisTurn: number;
  /** True once the server refused a send (`ret:-2`) in this turn: nothing more until the user writes. */
  readonly refused?: boolean;
}

/** Why the bot cannot send to a user now. */
export type ReplyBlock = 'no-conversation' | 'window-closed' | 'quota-used' | 'refused-by-server';

/** The answer to "can I send to this user now, and how many more?". */
export type ReplyVerdict =
  | {
      readonly ok: true;
      /** Messages left in this turn (after the one reserved, for {@link ConversationTracker.reserve}). */
      readonly left: number;
      readonly windowClosesAt: number;
      readonly contextToken: string;
    }
  | {
      readonly ok: false;
      readonly reason: ReplyBlock;
      readonly left: 0;
      /** When the window closes/closed; undefined without a conversation. */
      readonly windowClosesAt: number | undefined;
    };

/**
 * Tracks, per user, the latest `context_token`, the time of the user's last message and the bot's
 * sends in the current turn, so a sender can ask "can I reply to X now, how many left" before it
 * throws a message at the server. A new user message opens a new turn (quota back to full, window
 * restarted); the bot's own sends never do.
 *
 * @example
 * const convs = new ConversationTracker();
 * convs.recordInbound(msg.from, msg.contextToken);
 * const v = convs.reserve(msg.from);
 * if (v.ok) await send(v.contextToken); else console.log(`cannot reply: ${v.reason}`);
 */
export class ConversationTracker {
  readonly rules: ConversationRules;
  readonly #now: () => number;
  readonly #states = new Map<string, ConversationState>();

  constructor(rules: Partial<ConversationRules> = {}, now: () => number = Date.now) {
    this.rules = {
      ...DEFAULT_RULES,
      ...Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined)),
    };
    if (!(this.rules.windowMs > 0)) {
      throw new IlinkConfigError(
        'windowMs',
        `windowMs must be a positive number of ms (got ${this.rules.windowMs})`,
      );
    }
    if (!Number.isInteger(this.rules.quotaPerTurn) || this.rules.quotaPerTurn < 1) {
      throw new IlinkConfigError(
        'quotaPerTurn',
        `quotaPerTurn must be a whole number ≥ 1 (got ${this.rules.quotaPerTurn})`,
      );
    }
    this.#now = now;
  }

  /**
   * A user message arrived: a new turn. Keeps the previous token when the message carries none.
   * `at` defaults to now.
   */
  recordInbound(userId: string, contextToken: string | undefined, at: number = this.#now()): void {
    const prev = this.#states.get(userId);
    const token = contextToken || prev?.contextToken;
    if (!token) return;
    if (prev && prev.lastInboundAt > at) {
      // An older message delivered late: keep the newer turn, but a token is a token.
      if (contextToken && !prev.contextToken) this.#states.set(userId, { ...prev, contextToken });
      return;
    }
    this.#states.set(userId, { userId, contextToken: token, lastInboundAt: at, sentThisTurn: 0 });
  }

  /** Can the bot send to `userId` now? Does not use quota. */
  check(userId: string): ReplyVerdict {
    return this.#verdict(this.#states.get(userId), 0);
  }

  /** Like {@link check}, and when allowed takes one unit of the turn's quota (give it back with {@link release}). */
  reserve(userId: string): ReplyVerdict {
    const state = this.#states.get(userId);
    const verdict = this.#verdict(state, 1);
    if (verdict.ok && state) this.#states.set(userId, { ...state, sentThisTurn: state.sentThisTurn + 1 });
    return verdict;
  }

  /** Gives back a reserved unit: the send never reached the server (network failure before an answer). */
  release(userId: string): void {
    const state = this.#states.get(userId);
    if (state && state.sentThisTurn > 0)
      this.#states.set(userId, { ...state, sentThisTurn: state.sentThisTurn - 1 });
  }

  /** The server refused a send (`ret:-2`): no more sends to this user until the user writes again. */
  markRefused(userId: string): void {
    const state = this.#states.get(userId);
    if (state) this.#states.set(userId, { ...state, refused: true });
  }

  /** The current state of one user, if any. */
  get(userId: string): ConversationState | undefined {
    return this.#states.get(userId);
  }

  /** Every user's state, to persist. */
  snapshot(): ConversationState[] {
    return [...this.#states.values()];
  }

  /** Restores persisted states (bad entries are skipped). */
  restore(states: readonly ConversationState[]): void {
    for (const s of states) {
      if (
        typeof s?.userId === 'string' &&
        typeof s.contextToken === 'string' &&
        s.contextToken !== '' &&
        Number.isFinite(s.lastInboundAt) &&
        Number.isInteger(s.sentThisTurn) &&
        s.sentThisTurn >= 0
      ) {
        this.#states.set(s.userId, {
          userId: s.userId,
          contextToken: s.contextToken,
          lastInboundAt: s.lastInboundAt,
          sentThisTurn: s.sentThisTurn,
          ...(s.refused === true ? { refused: true } : {}),
        });
      }
    }
  }

  /** Forgets every user (after a new login: old tokens belong to the old session). */
  clear(): void {
    this.#states.clear();
  }

  #verdict(state: ConversationState | undefined, take: number): ReplyVerdict {
    if (!state) return { ok: false, reason: 'no-conversation', left: 0, windowClosesAt: undefined };
    const windowClosesAt = state.lastInboundAt + this.rules.windowMs;
    if (this.#now() >= windowClosesAt) return { ok: false, reason: 'window-closed', left: 0, windowClosesAt };
    if (state.refused) return { ok: false, reason: 'refused-by-server', left: 0, windowClosesAt };
    const left = this.rules.quotaPerTurn - state.sentThisTurn;
    if (left <= 0) return { ok: false, reason: 'quota-used', left: 0, windowClosesAt };
    return { ok: true, left: left - take, windowClosesAt, contextToken: state.contextToken };
  }
}
