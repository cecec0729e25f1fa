import type { Clock } from '../../../clock/clock.js';

/** Limits of the sync loop's request rate. */
export interface RequestCeilingOptions {
  /** Requests (synccheck + webwxsync together) allowed per second, sustained. Default 4. */
  readonly perSecond: number;
  /** Requests allowed back to back before the rate applies. Default 8. */
  readonly burst: number;
}

/** Defaults: 4 requests per second, bursts of 8. */
export const DEFAULT_REQUEST_CEILING: RequestCeilingOptions = { perSecond: 4, burst: 8 };

/** Waits `ms` on `clock`, or rejects as soon as `signal` aborts. */
export function sleepOn(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    const timer = clock.setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A token bucket in front of every request of the sync loop: whatever the server answers (an
 * instant "new messages", an endless ContinueFlag, retcodes), the loop never sends more than
 * `burst` requests at once nor more than `perSecond` on average. It is the last line of defence
 * against a request storm; the loop's own back-offs normally keep far below it.
 *
 * @example
 * const ceiling = new RequestCeiling({ perSecond: 4, burst: 8 }, systemClock);
 * await ceiling.take(signal); // before each synccheck / webwxsync
 */
export class RequestCeiling {
  #tokens: number;
  #at: number;
  /** Requests that had to wait for a token (the ceiling was reached). */
  throttled = 0;

  constructor(
    private readonly options: RequestCeilingOptions,
    private readonly clock: Clock,
  ) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError(
        `sync request ceiling: perSecond must be > 0 and burst >= 1 (got ${options.perSecond}, ${options.burst})`,
      );
    }
    this.#tokens = options.burst;
    this.#at = clock.now();
  }

  /** Resolves when one more request may go (at once while under the ceiling). */
  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      this.throttled += 1;
      const wait = Math.ceil(((1 - this.#tokens) * 1000) / this.options.perSecond);
      await sleepOn(this.clock, wait, signal);
    }
  }

  #refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.#at);
    this.#at = now;
    this.#tokens = Math.min(this.options.burst, this.#tokens + (elapsed * this.options.perSecond) / 1000);
  }
}
