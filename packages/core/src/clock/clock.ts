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

/** Resolve after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}
