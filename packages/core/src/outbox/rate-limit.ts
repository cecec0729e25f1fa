/**
 * A token bucket: `burst` sends at once, then one every `1000 / perSecond` ms.
 * Pure arithmetic on timestamps: the caller owns the clock.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new RangeError(`token bucket needs perSecond > 0 and burst >= 1 (got ${perSecond}, ${burst})`);
    }
    this.tokens = burst;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
      this.updatedAt = now;
    }
  }

  /** Milliseconds until a token is available (0 = now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  /** Spend one token; call only when {@link waitMs} is 0. */
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }
}
