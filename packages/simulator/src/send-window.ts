/** A simulator's automatic send rate limit: at most `max` sends in any `perMs`. */
export interface SendRateLimit {
  readonly max: number;
  readonly perMs: number;
}

/**
 * The sliding window behind a simulator's `sendRateLimit` (both protocols): remembers the times of
 * the sends it let through within the last `perMs`.
 */
export class SendWindow {
  private readonly times: number[] = [];

  /** True (and counted) when one more send at `now` stays within `limit`; false when over it. */
  take(limit: SendRateLimit, now: number): boolean {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - limit.perMs) this.times.shift();
    if (this.times.length >= limit.max) return false;
    this.times.push(now);
    return true;
  }
}
