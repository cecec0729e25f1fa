import { type Bot, unhealthyReason } from '@wxbot/core';
import { acceleratedClock } from '@wxbot/testing';
import { startBot, startWorld, Tally, until, type World } from './harness.js';
import { captureLogger, linesWith } from './log-capture.js';

// Two hostile servers from the audit (issue 13, row 1), for 10 s of bot time on a clock that runs
// 10× faster than the wall clock (1 s real). Requests are counted at the simulator by its fault
// switches (every synccheck and webwxsync of the episode hits one). The bot runs with the
// harness's `syncCheckMinIntervalMs: 0`: the ceiling and the hollow-round back-off alone hold it.

const FACTOR = 10;
const WINDOW_MS = 10_000;

let world: World;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await world.close();
});

async function hostile(arm: (world: World) => number[], what: string) {
  world = await startWorld(2);
  const tally = new Tally(world.sim);
  const clock = acceleratedClock(FACTOR);
  const log = captureLogger();
  bot = await startBot(world, tally, { clock, logger: log.logger });
  tally.burst(world.friends, 'before', 4);
  await tally.waitSettled();
  const handledBefore = [...tally.handled.values()].reduce((a, b) => a + b, 0);

  const ids = arm(world);
  const startedAt = clock.now();
  await until(() => clock.now() - startedAt >= WINDOW_MS, `${WINDOW_MS} ms of bot time`, 30_000);
  const hits = world.sim.faults
    .list()
    .filter((f) => ids.includes(f.id))
    .reduce((n, f) => n + f.hits, 0);
  const perSecond = hits / (WINDOW_MS / 1000);
  process.stdout.write(`storm (${what}): ${hits} requests in 10 s of bot time = ${perSecond.toFixed(1)}/s\n`);
  // The audit saw ~9,000/s and 50/s; a handful per second at most now.
  expect(perSecond).toBeLessThanOrEqual(3);
  expect(hits).toBeGreaterThan(0);
  // One warning for the whole episode, saying what and since when.
  const warnings = linesWith(log.lines, 'sync storm:');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ level: 40, what });
  expect(typeof warnings[0]?.since).toBe('string');
  // Shown by the health endpoint's reason.
  const stats = bot.stats();
  expect(stats.syncStorm?.what).toBe(what);
  expect(unhealthyReason(stats, 60_000)).toMatch(/^sync storm since .*slowed down$/);
  // Nothing was handled twice meanwhile.
  expect([...tally.handled.values()].reduce((a, b) => a + b, 0)).toBe(handledBefore);

  // The server behaves again: the episode ends (one info line) and new messages are answered.
  world.sim.faults.clear();
  tally.burst(world.friends, 'after', 2);
  await tally.waitSettled();
  const row = tally.row('storm');
  expect(row.lost).toBe(0);
  expect(row.duplicated).toBe(0);
  await until(() => linesWith(log.lines, 'sync storm over').length === 1, 'the end of the episode');
  expect(bot.stats().syncStorm).toBeUndefined();
}

test('synccheck always says "new" and webwxsync repeats a handled backlog with the same key', async () => {
  await hostile(
    (w) => [w.sim.faults.alwaysNew(), w.sim.faults.staleSync(3)],
    'only messages it delivered before',
  );
});

test('synccheck always says "new" and webwxsync answers ContinueFlag 1 with empty lists', async () => {
  await hostile(
    (w) => [w.sim.faults.alwaysNew(), w.sim.faults.continueForever()],
    'ContinueFlag set with nothing new',
  );
});
