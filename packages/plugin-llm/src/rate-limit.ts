import type { RateLimitOptions } from './options.js';

/** The answer of {@link RateLimiter.take}. */
export type RateVerdict =
  | { readonly ok: true }
  /** Over the limit; `refuse` is true for the first refusal of the window (say it once, then stay quiet). */
  | {
      readonly ok: false;
      readonly retryInMs: number;
      readonly refuse: boolean;
      readonly limit: 'perUser' | 'perChat';
    };

interface Window {
  hits: number[];
  refusedAt: number | undefined;
}

/** Keys remembered at once; the least recently used are forgotten (bounded memory under a flood). */
const MAX_KEYS = 10_000;

/**
 * Sliding-window rate limits per person and per chat. An answer is allowed only when both
 * windows have room; a refused message takes nothing from either.
 *
 * @example
 * const limiter = new RateLimiter({ perUser: { max: 5, per: 60_000 } });
 * limiter.take({ user: 'alice', chat: 'private:alice' }, Date.now()); // { ok: true }
 */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(private readonly limits: { perUser?: RateLimitOptions; perChat?: RateLimitOptions }) {}

  /** Takes one answer for `user` in `chat` at `now`, if both limits allow it. */
  take(who: { user: string; chat: string }, now: number): RateVerdict {
    const checks = [
      ['perUser', `user:${who.user}`, this.limits.perUser],
      ['perChat', `chat:${who.chat}`, this.limits.perChat],
    ] as const;
    for (const [limit, key, rule] of checks) {
      if (rule === undefined) continue;
      const w = this.#window(key, now, rule.per);
      if (w.hits.length >= rule.max) {
        const oldest = w.hits[0] ?? now;
        const refuse = w.refusedAt === undefined || now - w.refusedAt >= rule.per;
        if (refuse) w.refusedAt = now;
        return { ok: false, retryInMs: Math.max(0, oldest + rule.per - now), refuse, limit };
      }
    }
    for (const [, key, rule] of checks)
      if (rule !== undefined) this.#window(key, now, rule.per).hits.push(now);
    return { ok: true };
  }

  #window(key: string, now: number, per: number): Window {
    let w = this.#windows.get(key);
    if (w === undefined) {
      w = { hits: [], refusedAt: undefined };
    } else {
      this.#windows.delete(key);
      while (w.hits.length > 0 && now - (w.hits[0] ?? now) >= per) w.hits.shift();
    }
    this.#windows.set(key, w);
    if (this.#windows.size > MAX_KEYS) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    return w;
  }
}
