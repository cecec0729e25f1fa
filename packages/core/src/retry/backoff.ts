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
 * How a delay is randomised so many bots do not retry in lockstep: `equal` keeps between half and
 * all of it (never longer than the cap: the sync loop), `spread` ±25 % around it (the outbox).
 */
export type Jitter = 'equal' | 'spread';

/**
 * The one back-off of wxbot (sync loop, login polling, outbox retries). Delay before retry number
 * `attempt` (1-based): `base·2^(attempt-1)` capped at `max`, randomised by `jitter`.
 *
 * @example
 * backoffDelay(3, { baseMs: 1000, maxMs: 60000 }) // between 2000 and 4000
 * backoffDelay(3, { baseMs: 1000, maxMs: 60000 }, Math.random, 'spread') // between 3000 and 5000
 */
export function backoffDelay(
  attempt: number,
  o: BackoffOptions,
  random: () => number = Math.random,
  jitter: Jitter = 'equal',
): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  if (jitter === 'spread') return Math.round(exp * (0.75 + random() * 0.5));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
