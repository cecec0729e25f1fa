import { jest } from '@jest/globals';
import { createBot } from '@wxbot/core';
import { acceleratedClock } from '@wxbot/testing';
import { botOptions, pause, settledMemory, startWorld, until } from './harness.js';

// Accelerated soak: steady traffic in many chats, time 50× faster for the bot and the simulator.
// Default ~12 s real time (jest); WXBOT_SOAK_MS=120000 for a longer run. Reports heap and RSS at
// start, middle and end; asserts nothing lost, nothing doubled, memory flat.

const DURATION_MS = Number(process.env.WXBOT_SOAK_MS ?? 12_000);
// Caps for a hang: on a loaded CI machine the backlog takes far longer to drain than on a quiet one.
jest.setTimeout(DURATION_MS + 150_000);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

test(`soak: ${DURATION_MS / 1000} s of steady traffic in 40 chats, heap and RSS flat, nothing lost`, async () => {
  const clock = acceleratedClock(50);
  const world = await startWorld(40, { now: clock.now, backlogLimit: 2000 });
  // Each send is journaled (2 fsyncs) and one is in flight at a time: ~100 replies/s here, so the
  // queue may hold a burst; OUTBOX_FULL would refuse replies (the handler sees the error).
  const bot = createBot(
    botOptions(world, {
      clock,
      sessionSaveDelayMs: 200,
      // Not a deadline test: at ×50, 5 s were 100 real ms, which a loaded machine's journal
      // fsyncs alone exceed. 10 minutes of bot time = 12 real seconds.
      deadlineMs: 600_000,
      outbox: { pacing: false, maxQueue: 10_000 },
    }),
  );
  const handled = new Map<string, number>();
  let replies = 0;
  bot.on('text', async (ctx) => {
    handled.set(ctx.message.id, (handled.get(ctx.message.id) ?? 0) + 1);
    await ctx.reply(`re:${ctx.text ?? ''}`);
  });
  bot.events.on('sent', () => {
    replies += 1;
  });
  await bot.start();
  const samples: Array<{ at: string; heap: number; rss: number; handled: number }> = [];
  const sample = (at: string): void => {
    const m = settledMemory();
    samples.push({ at, heap: m.heap, rss: m.rss, handled: handled.size });
  };
  const injected: string[] = [];
  let sentAtSim = 0;
  try {
    const started = Date.now();
    let i = 0;
    let middleTaken = false;
    // Warm-up: the first seconds load code and fill caches; measure from after it.
    while (Date.now() - started < DURATION_MS) {
      for (let k = 0; k < 1; k++, i++) {
        const friend = world.friends[i % world.friends.length];
        if (friend) injected.push(world.sim.phone.say(friend, `soak ${i}`).msgId);
      }
      // Keep the simulator's own records from growing (its sent log is test bookkeeping).
      if (world.sim.phone.sent.length > 500) {
        sentAtSim += world.sim.phone.sent.length;
        world.sim.phone.clearSent();
      }
      const elapsed = Date.now() - started;
      if (samples.length === 0 && elapsed > DURATION_MS * 0.2) sample('start (after warm-up)');
      if (!middleTaken && elapsed > DURATION_MS * 0.6) {
        sample('middle');
        middleTaken = true;
      }
      await pause(15);
    }
    await until(
      () => injected.every((id) => handled.has(id)) && replies >= injected.length,
      'the backlog to drain',
      120_000,
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}: handled ${handled.size}/${injected.length}, replies ${replies}, outbox ${bot.outbox.size}, stats ${JSON.stringify(bot.stats())}`,
      );
    });
    sentAtSim += world.sim.phone.sent.length;
    sample('end');
    const lost = injected.filter((id) => !handled.has(id)).length;
    const doubled = [...handled.values()].filter((n) => n > 1).length;
    const report = samples
      .map((s) => `${s.at}: heap ${mb(s.heap)}, rss ${mb(s.rss)}, handled ${s.handled}`)
      .join('\n');
    process.stdout.write(
      `\nsoak ${DURATION_MS} ms real (×50 clock): ${injected.length} messages in 40 chats, ${replies} replies sent, ${sentAtSim} at the simulator, lost ${lost}, doubled ${doubled}\n${report}\n`,
    );
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(sentAtSim).toBe(injected.length);
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last) throw new Error('no samples');
    // Flat: no growth proportional to traffic (thousands of messages); allow GC noise.
    expect(last.heap - first.heap).toBeLessThan(48 * 1024 * 1024);
  } finally {
    await bot.stop();
    await world.close();
  }
});
