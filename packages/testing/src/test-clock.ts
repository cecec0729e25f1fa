import { type AcceleratedClock, acceleratedClock } from './accelerated-clock.js';
import { type VirtualClock, virtualClock } from './virtual-clock.js';

/** The clock a test kit runs the bot and its fake server on. */
export type TestClock = AcceleratedClock | VirtualClock;

/**
 * Which clock a test kit uses:
 * - `accelerated` (default): wall time × `timeScale`. Simple, but on a loaded machine a few real
 *   milliseconds of scheduling delay become virtual seconds.
 * - `virtual`: time stands still while a message is on its way to the bot or a send is on the
 *   wire, and jumps to the next timer whenever the system is idle. Pacing gaps, deadlines and
 *   back-off are then exact whatever the machine's speed: use it for timing assertions.
 */
export type TestClockKind = 'accelerated' | 'virtual';

/** A {@link TestClock} of the given kind (`timeScale` only matters for `accelerated`). */
export function createTestClock(kind: TestClockKind | undefined, timeScale: number | undefined): TestClock {
  if (kind === 'virtual') return virtualClock({ autoAdvance: true });
  if (kind !== undefined && kind !== 'accelerated') {
    throw new Error(`createTestBot: clock must be 'accelerated' or 'virtual' (got ${JSON.stringify(kind)})`);
  }
  return acceleratedClock(timeScale ?? 100);
}

/** True for the virtual clock. */
export function isVirtualClock(clock: TestClock): clock is VirtualClock {
  return 'kind' in clock && clock.kind === 'virtual';
}
