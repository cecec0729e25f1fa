import type { OutgoingMessage } from '../message/outgoing.js';
import { TokenBucket } from './rate-limit.js';
import type { PacingOptions } from './types.js';

/**
 * The human-like pacing of the outbox (see {@link PacingOptions} for the defaults and why): a
 * token bucket for the overall rate, a gap per chat after each send, and simulated typing time.
 * Pure bookkeeping on timestamps: the outbox owns the clock and the queue.
 *
 * @example
 * const pacer = new Pacer({}, Date.now(), Math.random);
 * if (pacer.globalWaitMs(now) === 0 && pacer.chatReadyAt(to) <= now) { pacer.took(now); send(); pacer.sent(to, now); }
 */
export class Pacer {
  private readonly bucket: TokenBucket;
  private readonly intervalMs: number;
  private readonly jitterMs: number;
  private readonly typing: { readonly charsPerSecond: number; readonly maxDelayMs: number } | undefined;
  private readonly readyAt = new Map<string, number>();

  constructor(
    pacing: PacingOptions,
    now: number,
    private readonly random: () => number,
  ) {
    this.bucket = new TokenBucket(pacing.global?.perSecond ?? 1, pacing.global?.burst ?? 3, now);
    this.intervalMs = pacing.perChat?.intervalMs ?? 2_000;
    this.jitterMs = pacing.perChat?.jitterMs ?? 1_000;
    if (pacing.typing) {
      this.typing = {
        charsPerSecond: pacing.typing.charsPerSecond,
        maxDelayMs: pacing.typing.maxDelayMs ?? 5_000,
      };
    }
  }

  /** How long a text "takes to type" before it may go (0 for other kinds or without typing). */
  typingDelay(message: OutgoingMessage): number {
    if (!this.typing || message.kind !== 'text') return 0;
    return Math.min(this.typing.maxDelayMs, (message.text.length / this.typing.charsPerSecond) * 1000);
  }

  /** Milliseconds until the overall rate allows a send. */
  globalWaitMs(now: number): number {
    return this.bucket.waitMs(now);
  }

  /** When the chat may receive its next message. */
  chatReadyAt(to: string): number {
    return this.readyAt.get(to) ?? 0;
  }

  /** A send starts now: spend a token. */
  took(now: number): void {
    this.bucket.take(now);
  }

  /** A send to `to` went through at `now`: the chat waits its gap. */
  sent(to: string, now: number): void {
    this.readyAt.set(to, now + this.intervalMs + Math.floor(this.random() * this.jitterMs));
  }
}
