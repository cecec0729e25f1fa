/** A cancellable timer handle as returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time as the outbox and the pipeline see it. Inject your own to drive time in tests; the default
 * {@link systemClock} looks up the global timers on every call, so jest fake timers work with it too.
 *
 * @example
 * jest.useFakeTimers();
 * const outbox = new Outbox(transmitter, { clock: systemClock });
 * await jest.advanceTimersByTimeAsync(5_000);
 */
export interface Clock {
  /** Milliseconds since epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The real clock (`Date.now` and the global timers, looked up at call time). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Resolve after `ms` on the given clock, or reject as soon as `signal` aborts (so a stop is never
 * held up by a pause). The sync loop's back-off and the outbox's pauses wait through it, so an
 * accelerated or fake clock governs them in tests.
 *
 * @example
 * await sleep(clock, backoffDelay(attempt, backoff), signal);
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = clock.setTimeout(done, Math.max(0, ms));
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
