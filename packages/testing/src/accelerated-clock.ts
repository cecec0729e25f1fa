import type { Clock } from '@wxbot/core';

type TimerHandle = ReturnType<Clock['setTimeout']>;

/** A {@link Clock} whose time runs `factor` times faster than real time. */
export interface AcceleratedClock extends Clock {
  readonly factor: number;
}

/**
 * A clock that runs `factor` times faster than the wall clock: a 2-second pause between two
 * messages takes 20 ms at factor 100. Give the same clock to the bot (outbox, plugin timers) and
 * to the simulator (`now`), and rate limits can be checked on the simulator's timestamps without
 * slow tests.
 *
 * @example
 * const clock = acceleratedClock(100);
 * const sim = await createSimulator({ now: clock.now });
 * const bot = createBot({ clock, connectTo: sim.url });
 */
export function acceleratedClock(factor: number, start: number = Date.now()): AcceleratedClock {
  if (!(factor > 0)) throw new RangeError(`acceleratedClock: factor must be > 0 (got ${factor})`);
  const realStart = performance.now();
  return {
    factor,
    now: () => Math.floor(start + (performance.now() - realStart) * factor),
    setTimeout: (fn, ms): TimerHandle => setTimeout(fn, ms / factor),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    setInterval: (fn, ms): TimerHandle => setInterval(fn, Math.max(1, ms / factor)),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  };
}
