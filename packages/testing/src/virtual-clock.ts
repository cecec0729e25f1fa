import type { Clock } from '@wxbot/core';

type TimerHandle = ReturnType<Clock['setTimeout']>;

/** Options of {@link virtualClock}. */
export interface VirtualClockOptions {
  /** The clock's first reading (ms since epoch). Default: the real time at creation. */
  readonly start?: number;
  /**
   * Move time by itself: when nothing holds the clock (see {@link VirtualClock.hold}) and no timer
   * was set or cleared for `settleMs` real milliseconds, jump to the next timer and fire it. Default
   * `false`: time moves only by {@link VirtualClock.advance}.
   */
  readonly autoAdvance?: boolean | { readonly settleMs?: number };
}

/**
 * A {@link Clock} whose time moves only when told to, or — with `autoAdvance` — only when the
 * system is idle. Unlike an accelerated clock, a slow machine cannot turn real milliseconds into
 * virtual seconds: an HTTP request made while the clock is held takes no virtual time at all.
 */
export interface VirtualClock extends Clock {
  readonly kind: 'virtual';
  /**
   * Run every timer due within `ms` in time order, then stand at `now() + ms`. The clock reads each
   * timer's time while it fires; before the next one, what it started settles and every
   * {@link hold} is released (a message on its way, a send on the wire), so `advance(120_000)`
   * plays two minutes of the bot's life whatever the machine's speed.
   */
  advance(ms: number): Promise<void>;
  /** Jump to the next timer and fire it (and any due at the same time); false if none is set. */
  next(): Promise<boolean>;
  /**
   * Keep time still until the returned release is called (auto-advance waits). The test kit holds
   * the clock while a message is on its way to the bot and while the bot's send is on the wire, so
   * both take zero virtual time however slow the machine is. Releasing twice is harmless.
   */
  hold(): () => void;
  /** Timers waiting to fire. */
  readonly pending: number;
  /** Stop auto-advancing and drop every timer (call when the test is done). */
  dispose(): void;
}

interface Timer {
  readonly id: number;
  at: number;
  readonly fn: () => void;
  /** Set for an interval: its period. */
  readonly every?: number;
}

const DEFAULT_SETTLE_MS = 2;

/** Let promise chains and already-due I/O callbacks started by a timer run before the next one. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A virtual clock for tests: time stands still unless advanced by hand or, with `autoAdvance`,
 * jumps to the next timer whenever the system is idle. Give the same clock to the bot (`clock`) and
 * to the simulator (`now`) and pacing, deadlines and back-off are checked in exact virtual time.
 *
 * @example
 * const clock = virtualClock();
 * const outbox = new Outbox(transmitter, { clock });
 * void outbox.send(a); void outbox.send(b);
 * await clock.advance(2_000); // the second send's pause is over; nothing else moved
 *
 * @example
 * // Idle-driven: time runs as fast as the code allows, never faster.
 * const clock = virtualClock({ autoAdvance: true });
 */
export function virtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let now = options.start ?? Date.now();
  let nextId = 1;
  let holds = 0;
  let disposed = false;
  let advancing = false;
  let timers: Timer[] = [];
  const auto = options.autoAdvance ?? false;
  const settleMs = typeof auto === 'object' ? (auto.settleMs ?? DEFAULT_SETTLE_MS) : DEFAULT_SETTLE_MS;
  let watch: ReturnType<typeof setTimeout> | undefined;
  const onRelease: Array<() => void> = [];

  // Until nothing holds the clock and nothing new was held for `settleMs` of real time.
  const quiet = async (): Promise<void> => {
    for (;;) {
      while (holds > 0 && !disposed) await new Promise<void>((resolve) => onRelease.push(resolve));
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      if (holds === 0 || disposed) return;
    }
  };

  const add = (fn: () => void, ms: number, every?: number): TimerHandle => {
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    const timer: Timer = { id: nextId++, at: now + delay, fn, ...(every !== undefined ? { every } : {}) };
    timers.push(timer);
    poke();
    return timer.id as unknown as TimerHandle;
  };
  const remove = (handle: TimerHandle): void => {
    const before = timers.length;
    timers = timers.filter((t) => t.id !== (handle as unknown as number));
    if (timers.length !== before) poke();
  };
  const earliest = (): Timer | undefined =>
    timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at ? t : best), undefined);

  // Fire every timer due at `at` (in the order they were set), rescheduling intervals.
  const fireDue = async (at: number): Promise<void> => {
    now = Math.max(now, at);
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due || disposed) return;
      if (due.every !== undefined) due.at = now + Math.max(1, due.every);
      else timers = timers.filter((t) => t !== due);
      due.fn();
      await settle();
    }
  };

  // Auto-advance: any timer change or release restarts the quiet period.
  function poke(): void {
    if (!auto || disposed) return;
    if (watch !== undefined) clearTimeout(watch);
    watch = undefined;
    if (holds > 0 || timers.length === 0 || advancing) return;
    watch = setTimeout(() => {
      watch = undefined;
      void step();
    }, settleMs);
    watch.unref?.();
  }
  // Fires what is due at `at` as one advance: no auto-step starts meanwhile, one may after.
  async function fireAsAdvance(at: number): Promise<void> {
    advancing = true;
    try {
      await fireDue(at);
    } finally {
      advancing = false;
      poke();
    }
  }
  async function step(): Promise<void> {
    const first = earliest();
    if (!first || holds > 0 || disposed || advancing) return;
    await fireAsAdvance(first.at);
  }

  return {
    kind: 'virtual',
    now: () => now,
    setTimeout: (fn, ms) => add(fn, ms),
    clearTimeout: (handle) => remove(handle),
    setInterval: (fn, ms) => add(fn, Math.max(1, ms), Math.max(1, ms)),
    clearInterval: (handle) => remove(handle),
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`virtualClock.advance: ms must be >= 0 (got ${ms})`);
      const target = now + ms;
      advancing = true;
      try {
        for (;;) {
          await quiet();
          const first = earliest();
          if (!first || first.at > target || disposed) break;
          await fireDue(first.at);
        }
        now = Math.max(now, target);
      } finally {
        advancing = false;
        poke();
      }
    },
    async next() {
      const first = earliest();
      if (!first) return false;
      await fireAsAdvance(first.at);
      return true;
    },
    hold() {
      holds += 1;
      let released = false;
      poke();
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        if (holds === 0) for (const resolve of onRelease.splice(0)) resolve();
        poke();
      };
    },
    get pending() {
      return timers.length;
    },
    dispose() {
      disposed = true;
      timers = [];
      for (const resolve of onRelease.splice(0)) resolve();
      if (watch !== undefined) clearTimeout(watch);
      watch = undefined;
    },
  };
}
