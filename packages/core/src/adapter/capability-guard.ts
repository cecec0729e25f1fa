import { statSync } from 'node:fs';
import { type Clock, systemClock } from '../clock/clock.js';
import { WxError, type WxErrorCode } from '../errors.js';
import type { MediaInput, OutgoingMessage } from '../message/outgoing.js';
import type { Message } from '../message/types.js';
import type { Capabilities } from './capabilities.js';

/** Why a send was refused before it reached the server. */
export type CapabilityErrorCode = Extract<
  WxErrorCode,
  'UNSUPPORTED' | 'MEDIA_TOO_LARGE' | 'TEXT_TOO_LONG' | 'REPLY_WINDOW_CLOSED' | 'TURN_QUOTA_EXHAUSTED'
>;

/**
 * The transport cannot carry what was asked (see `bot.capabilities`): a media kind it has not, a
 * file over its size limit, a proactive message where only replies are allowed, the reply window
 * closed or the per-turn quota used up. Nothing was sent; the message says what to do instead.
 *
 * @example
 * try { await ctx.reply({ video: { path: 'clip.mp4' } }); }
 * catch (err) { if (err instanceof CapabilityError) await ctx.reply('(video not supported here)'); }
 */
export class CapabilityError extends WxError {
  declare readonly code: CapabilityErrorCode;
  /** The transport that refused (`web`, `ilink`, …). */
  readonly transport: string;
  /** The capability that decided it. */
  readonly capability: keyof Capabilities;

  constructor(code: CapabilityErrorCode, transport: string, capability: keyof Capabilities, message: string) {
    super(code, message);
    this.transport = transport;
    this.capability = capability;
  }
}

/** A `CapabilityError` for something the transport cannot do at all. */
export function unsupported(
  transport: string,
  what: string,
  capability: keyof Capabilities,
): CapabilityError {
  return new CapabilityError(
    'UNSUPPORTED',
    transport,
    capability,
    `The ${transport} transport cannot ${what} (bot.capabilities.${capability} is off); check it before trying.`,
  );
}

/** What an adapter knows about one conversation's reply window (it may persist it across restarts). */
export interface ConversationState {
  /** Until when the bot may still send to this person (ms since epoch); undefined: no window open. */
  readonly windowEndsAt: number | undefined;
  /** Sends left in the current turn. */
  readonly quotaLeft: number;
}

/** One conversation's reply window as health, metrics and `wxbot status` show it. */
export interface ReplyWindowState {
  /** The conversation's address (iLink: the user id). */
  readonly conversation: string;
  /** True while the bot may still send to this person. */
  readonly open: boolean;
  /** When the window closes (or closed), ms since epoch; undefined when none was ever open. */
  readonly closesAt: number | undefined;
  /** Sends left in the current turn (0 when closed). */
  readonly quotaLeft: number;
}

/** The reply windows of a transport that has them: counts, and the most recent conversations. */
export interface ReplyWindows {
  /** Conversations the bot has seen a message from in this run. */
  readonly total: number;
  /** Of those, how many windows are open now. */
  readonly open: number;
  /** The most recent conversations first, at most the limit asked for. */
  readonly conversations: readonly ReplyWindowState[];
}

interface Turn {
  at: number;
  sent: number;
}

/** Conversations remembered for the window listing (the oldest are forgotten past this). */
const MAX_TRACKED = 10_000;

/**
 * Checks every outgoing message against the adapter's {@link Capabilities} before it is queued,
 * and keeps the per-conversation reply window and turn quota for transports that have them.
 *
 * @example
 * const guard = new CapabilityGuard('ilink', ILINK_CAPABILITIES);
 * guard.noteInbound(message);          // a user's turn opens the window and resets the quota
 * guard.admit(outgoing);               // throws CapabilityError, or reserves one send of the quota
 */
export class CapabilityGuard {
  readonly #turns = new Map<string, Turn>();

  constructor(
    private readonly transport: string,
    private readonly caps: Capabilities,
    private readonly clock: Clock = systemClock,
    private readonly external?: (address: string) => ConversationState | undefined,
    private readonly externalAddresses?: () => readonly string[],
  ) {}

  /** A message arrived: a person's message opens their reply window and resets their quota. */
  noteInbound(message: Message): void {
    if (message.self || this.caps.proactiveSends) return;
    const to = message.chat.userName;
    // Re-inserted so the map's order is the order of the latest messages (newest last).
    this.#turns.delete(to);
    this.#turns.set(to, { at: this.clock.now(), sent: 0 });
    if (this.#turns.size > MAX_TRACKED) {
      const oldest = this.#turns.keys().next().value;
      if (oldest !== undefined) this.#turns.delete(oldest);
    }
  }

  /**
   * One conversation's reply window now (the adapter's view when it keeps one), or undefined on a
   * transport that may send at any time.
   */
  window(address: string): ReplyWindowState | undefined {
    if (this.caps.proactiveSends) return undefined;
    const now = this.clock.now();
    const outside = this.external?.(address);
    if (outside) {
      const open = outside.windowEndsAt !== undefined && now <= outside.windowEndsAt;
      return {
        conversation: address,
        open,
        closesAt: outside.windowEndsAt,
        quotaLeft: open ? outside.quotaLeft : 0,
      };
    }
    const turn = this.#turns.get(address);
    if (!turn) return { conversation: address, open: false, closesAt: undefined, quotaLeft: 0 };
    const window = this.caps.replyWindowMs;
    const closesAt = window === undefined ? undefined : turn.at + window;
    const open = closesAt === undefined || now <= closesAt;
    const quota = this.caps.perTurnQuota;
    const left = quota === undefined ? Number.POSITIVE_INFINITY : Math.max(0, quota - turn.sent);
    return { conversation: address, open, closesAt, quotaLeft: open ? left : 0 };
  }

  /** The reply windows of the latest `limit` conversations (newest first), or undefined when sends are free. */
  windows(limit: number): ReplyWindows | undefined {
    if (this.caps.proactiveSends) return undefined;
    // The adapter's conversations (restored after a restart) and the ones seen in this run.
    const all = new Set([...(this.externalAddresses?.() ?? []), ...this.#turns.keys()]);
    const states = [...all]
      .map((a) => this.window(a))
      .filter((w): w is ReplyWindowState => w !== undefined)
      .sort((a, b) => (b.closesAt ?? 0) - (a.closesAt ?? 0));
    return {
      total: states.length,
      open: states.filter((w) => w.open).length,
      conversations: states.slice(0, Math.max(0, limit)),
    };
  }

  /**
   * Refuses what the transport cannot carry; otherwise reserves one send of the turn's quota.
   * @throws CapabilityError
   */
  admit(message: OutgoingMessage): void {
    this.checkContent(message);
    if ('media' in message) this.checkSize(message.kind, message.media);
    this.reserve(message.to);
  }

  private checkContent(message: OutgoingMessage): void {
    const caps = this.caps;
    if (message.kind === 'text') {
      if (message.mentions && message.mentions.length > 0 && !caps.mentions) {
        throw unsupported(this.transport, '@-mention people', 'mentions');
      }
      if (caps.maxTextLength !== undefined && message.text.length > caps.maxTextLength) {
        throw new CapabilityError(
          'TEXT_TOO_LONG',
          this.transport,
          'maxTextLength',
          `The text is ${message.text.length} characters; the ${this.transport} transport carries at most ${caps.maxTextLength} per message. Split it into several replies.`,
        );
      }
      return;
    }
    if (!caps.media[message.kind]) throw unsupported(this.transport, `send ${message.kind}s`, 'media');
  }

  // Synchronous on purpose: sends keep their order (a stat is microseconds).
  private checkSize(kind: Exclude<OutgoingMessage['kind'], 'text'>, media: MediaInput): void {
    const limit = this.caps.media[kind]?.maxBytes;
    if (limit === undefined) return;
    let size: number | undefined;
    if ('data' in media) size = media.data.byteLength;
    else size = statSync(media.path, { throwIfNoEntry: false })?.size; // missing: the adapter says so
    if (size !== undefined && size > limit) {
      throw new CapabilityError(
        'MEDIA_TOO_LARGE',
        this.transport,
        'media',
        `The ${kind} is ${mb(size)}; the ${this.transport} transport carries at most ${mb(limit)}. Send a smaller ${kind} or a link.`,
      );
    }
  }

  private reserve(to: string): void {
    const caps = this.caps;
    if (caps.proactiveSends) return;
    const now = this.clock.now();
    const outside = this.external?.(to);
    if (outside) {
      if (outside.windowEndsAt === undefined || now > outside.windowEndsAt) throw this.windowClosed();
      if (outside.quotaLeft <= 0) throw this.quotaUsed();
      return;
    }
    const turn = this.#turns.get(to);
    const window = caps.replyWindowMs ?? Number.POSITIVE_INFINITY;
    if (!turn || now - turn.at > window) throw this.windowClosed();
    if (caps.perTurnQuota !== undefined && turn.sent >= caps.perTurnQuota) throw this.quotaUsed();
    turn.sent += 1;
  }

  private windowClosed(): CapabilityError {
    const hours = this.caps.replyWindowMs === undefined ? undefined : this.caps.replyWindowMs / 3_600_000;
    return new CapabilityError(
      'REPLY_WINDOW_CLOSED',
      this.transport,
      'proactiveSends',
      `The ${this.transport} transport only answers people who wrote to the bot${hours === undefined ? '' : ` in the last ${hours} h`}; this person has not. Wait for their next message.`,
    );
  }

  private quotaUsed(): CapabilityError {
    return new CapabilityError(
      'TURN_QUOTA_EXHAUSTED',
      this.transport,
      'perTurnQuota',
      `The bot already sent ${this.caps.perTurnQuota} messages since this person last wrote (the ${this.transport} limit per turn). Wait for their next message, or send fewer, longer replies.`,
    );
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
