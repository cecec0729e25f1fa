import type { Clock } from '@wxbot/core';
import { createTestBot, virtualClock } from '@wxbot/testing';

const sleep = (clock: Clock, ms: number): Promise<void> =>
  new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });

const T0 = Date.UTC(2026, 0, 1);

test('advance fires due timers in time order, each at its own time, and stands at the target', async () => {
  const clock = virtualClock({ start: T0 });
  const seen: Array<[string, number]> = [];
  clock.setTimeout(() => seen.push(['b', clock.now() - T0]), 200);
  clock.setTimeout(() => seen.push(['a', clock.now() - T0]), 100);
  const late = clock.setTimeout(() => seen.push(['late', clock.now() - T0]), 1000);
  const gone = clock.setTimeout(() => seen.push(['cleared', clock.now() - T0]), 50);
  clock.clearTimeout(gone);
  await clock.advance(500);
  expect(seen).toEqual([
    ['a', 100],
    ['b', 200],
  ]);
  expect(clock.now() - T0).toBe(500);
  expect(clock.pending).toBe(1);
  clock.clearTimeout(late);
  expect(clock.pending).toBe(0);
});

test('a timer set by a firing timer (a chain of sleeps) runs within the same advance', async () => {
  const clock = virtualClock({ start: T0 });
  const woke: number[] = [];
  const chain = (async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(clock, 1000);
      woke.push(clock.now() - T0);
    }
  })();
  await clock.advance(2500);
  expect(woke).toEqual([1000, 2000]);
  await clock.advance(500);
  await chain;
  expect(woke).toEqual([1000, 2000, 3000]);
});

test('intervals repeat at their period until cleared', async () => {
  const clock = virtualClock({ start: T0 });
  const ticks: number[] = [];
  const handle = clock.setInterval(() => ticks.push(clock.now() - T0), 300);
  await clock.advance(1000);
  expect(ticks).toEqual([300, 600, 900]);
  clock.clearInterval(handle);
  await clock.advance(1000);
  expect(ticks).toHaveLength(3);
});

test('without autoAdvance time stands still while real time passes', async () => {
  const clock = virtualClock({ start: T0 });
  let fired = false;
  clock.setTimeout(() => {
    fired = true;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(fired).toBe(false);
  expect(clock.now()).toBe(T0);
});

test('autoAdvance jumps to the next timer when idle, but never while the clock is held', async () => {
  const clock = virtualClock({ start: T0, autoAdvance: { settleMs: 1 } });
  try {
    const release = clock.hold();
    const woke = sleep(clock, 60_000).then(() => clock.now() - T0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    // Held: a minute of bot time cannot pass, however long the real wait.
    expect(clock.now()).toBe(T0);
    release();
    release(); // twice is harmless
    expect(await woke).toBe(60_000);
  } finally {
    clock.dispose();
  }
});

test('advance waits for every hold before it fires the next timer', async () => {
  const clock = virtualClock({ start: T0 });
  const order: string[] = [];
  clock.setTimeout(() => {
    order.push('first');
    // Something in transit (a send on the wire) when the first timer fires…
    const release = clock.hold();
    setTimeout(() => {
      order.push('arrived');
      release();
    }, 20);
  }, 100);
  clock.setTimeout(() => order.push('second'), 200);
  await clock.advance(300);
  // …arrives before the clock moves on to the second.
  expect(order).toEqual(['first', 'arrived', 'second']);
});

test('advance refuses a negative or NaN duration', async () => {
  const clock = virtualClock();
  await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  await expect(clock.advance(Number.NaN)).rejects.toThrow(/must be >= 0/);
});

test('a kit on the virtual clock: one chat’s paced replies are exactly ≥ 2 s apart at the fake server', async () => {
  const kit = await createTestBot({
    transport: 'memory',
    clock: 'virtual',
    setup: (bot) => {
      bot.hears('count', async (ctx) => {
        for (let i = 1; i <= 3; i++) await ctx.reply(`n${i}`);
      });
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('count');
    for (let i = 1; i <= 3; i++) await alice.expectsReply(`n${i}`);
    const times = alice.sent.map((m) => m.time);
    // The outbox's per-chat gap (2 s + jitter), with no tolerance for a slow machine: sends take no
    // virtual time.
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(2000);
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeLessThan(3000);
    }
  } finally {
    await kit.stop();
  }
});
