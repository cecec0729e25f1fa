/** Exponential backoff settings (ms). */
export interface BackoffOptions {
  /** First delay. */
  readonly baseMs: number;
  /** Ceiling. */
  readonly maxMs: number;
}

/** Defaults: 1 s doubling up to 60 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (1-based): `base·2^(attempt-1)` capped at `max`, with
 * "equal jitter" (between half and all of it) so many bots do not retry in lockstep.
 *
 * @example
 * backoffDelay(3, { baseMs: 1000, maxMs: 60000 }) // between 2000 and 4000
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
