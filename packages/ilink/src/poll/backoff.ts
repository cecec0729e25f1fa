/** Retry pacing after failed polls (ms). */
export interface BackoffOptions {
  /** First delay (default 2000, as the official client). */
  readonly baseMs: number;
  /** Ceiling (default 30 000, the official client's long pause). */
  readonly maxMs: number;
}

/** Defaults: 2 s doubling up to 30 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1-based): `base·2^(attempt-1)` capped at `max`, with equal
 * jitter (half to all of it) so many bots never retry in lockstep.
 *
 * @example
 * backoffDelay(2, { baseMs: 2000, maxMs: 30000 }) // between 2000 and 4000
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
