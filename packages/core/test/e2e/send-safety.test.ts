import { join } from 'node:path';
import { ConfigError, createBot, readSafetyState, safetyStatePath } from '@wxbot/core';
import { createTestBot } from '@wxbot/testing';
import { tempDir } from '../client/helpers.js';

describe('pacing cannot be made unsafe by accident', () => {
  test('on the real hosts, pacing: false without outbox.unsafeRates is a ConfigError that says how to opt in', () => {
    let err: unknown;
    try {
      createBot({ outbox: { pacing: false } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('outbox.unsafeRates');
    expect((err as Error).message).toMatch(/pacing is off.*outbox\.unsafeRates: true/);
  });

  test('rates above the safe defaults too; with unsafeRates: true it is allowed (warned at start)', () => {
    expect(() => createBot({ outbox: { pacing: { global: { perSecond: 5 } } } })).toThrow(
      /5 messages\/s overall/,
    );
    expect(() => createBot({ outbox: { pacing: { perChat: { intervalMs: 100 } } } })).toThrow(
      /100 ms to a chat/,
    );
    expect(() =>
      createBot({ outbox: { pacing: { global: { perSecond: 5 } }, unsafeRates: true } }),
    ).not.toThrow();
    // The safe defaults, and slower, need nothing.
    expect(() => createBot({ outbox: { pacing: { global: { perSecond: 0.5 } } } })).not.toThrow();
  });

  test('a simulator (connectTo) is exempt', () => {
    expect(() => createBot({ connectTo: 'http://127.0.0.1:1', outbox: { pacing: false } })).not.toThrow();
  });
});

describe('daily send budget', () => {
  test('past the budget a reply fails with DAILY_BUDGET_EXCEEDED; the count is kept beside the session', async () => {
    const dir = await tempDir();
    const sessionFile = join(dir.dir, 'session.json');
    const failures: string[] = [];
    const kit = await createTestBot({
      // Virtual time: the paced replies never run into the handler deadline, however slow the machine.
      clock: 'virtual',
      cast: { friends: ['alice'] },
      bot: { sessionFile, outbox: { dailyBudget: 3 }, replyLoop: false },
      setup: (bot) => {
        bot.hears(/.*/, (ctx) => ctx.reply(`re: ${ctx.text}`).catch(() => undefined));
        bot.events.on('failed', (e) => failures.push((e.error as { code?: string }).code ?? e.error.message));
      },
    });
    try {
      const alice = kit.friend('alice');
      for (let i = 1; i <= 3; i++) {
        alice.says(`m${i}`);
        await alice.expectsReply(`re: m${i}`);
      }
      alice.says('m4');
      await alice.expectNoReply({ withinMs: 200 });
      await kit.bot.idle();
      expect(failures).toEqual(['DAILY_BUDGET_EXCEEDED']);
      expect(kit.bot.stats().sendBudget).toEqual({ used: 3, limit: 3 });
      // The count survives a restart: it is in the safety file (written in the background: wait
      // for it rather than for a fixed 50 ms, which a loaded machine overran).
      const savedCount = async () => (await readSafetyState(safetyStatePath(sessionFile))).sends?.count;
      const until = Date.now() + 15_000;
      while ((await savedCount()) !== 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(await savedCount()).toBe(3);
    } finally {
      await kit.stop();
      await dir.cleanup();
    }
  });
});
