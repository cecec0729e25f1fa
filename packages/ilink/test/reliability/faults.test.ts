import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { Bot } from '@wxbot/core';
import type { IlinkBotOptions } from '../../src/adapter/create-bot.js';
import type { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';
import {
  type IlinkRow,
  IlinkTally,
  type IlinkWorld,
  pause,
  renderIlinkReport,
  startIlinkBot,
  startIlinkWorld,
  until,
} from './harness.js';

// The Web fault suite's scenarios (packages/core/test/reliability/faults.test.ts) on iLink: traffic
// before the fault (settled), traffic during it, traffic after it; then both ends are counted.

const rows: IlinkRow[] = [];

afterAll(async () => {
  const table = renderIlinkReport(rows);
  process.stdout.write(`\niLink fault suite (messages = incoming, replies = the bot's answers):\n${table}\n`);
  await writeFile(join(tmpdir(), 'wxbot-ilink-fault-report.md'), `${table}\n`);
});

interface Scenario {
  readonly bot?: IlinkBotOptions;
  readonly during: (world: IlinkWorld, bot: Bot<IlinkAdapter>, tally: IlinkTally) => Promise<void>;
}

async function scenario(name: string, s: Scenario): Promise<IlinkRow> {
  const world = await startIlinkWorld();
  const tally = new IlinkTally(world);
  const bot = await startIlinkBot(world, tally, s.bot);
  const failures: string[] = [];
  bot.events.on('failed', (e) =>
    failures.push(`${e.message.kind === 'text' ? e.message.text : ''}: ${e.error.message}`),
  );
  try {
    tally.burst(`${name}/before`, 6);
    await tally.waitSettled(4000);
    await s.during(world, bot, tally);
    // iLink allows 10 replies per turn, counted by the server from the user's LATEST message: a new
    // burst while replies to the last one are still going out would share one turn (a protocol limit,
    // tested in outbox-rules.test.ts), so each phase settles first.
    await tally.waitSettled(8000);
    tally.burst(`${name}/after`, 6);
    await tally.waitSettled(8000);
    const row = tally.row(name);
    rows.push(row);
    if (process.env.WXBOT_REL_DEBUG)
      process.stdout.write(
        `${name}: failed sends ${JSON.stringify(failures)} ${JSON.stringify(tally.replyErrors)}\n${JSON.stringify(world.sim.sendLog.map((l) => [l.text, l.outcome, l.reason]))}\n`,
      );
    expect(row.lost).toBe(0);
    expect(row.duplicated).toBe(0);
    expect(row.repliesLost).toBe(0);
    expect(row.repliesDuplicated).toBe(0);
    expect(row.deliveredOnce).toBe(row.injected);
    return row;
  } finally {
    await bot.stop();
    await world.close();
  }
}

const usedUp = (world: IlinkWorld) => world.sim.faults.list().length === 0;

test('connection resets on every endpoint', async () => {
  await scenario('connection resets', {
    during: async (world, _bot, tally) => {
      world.sim.faults.reset('*', { times: 10 });
      tally.burst('resets/during', 6);
      await until(() => usedUp(world), 'the resets to be used up');
    },
  });
});

test('5xx bursts on getupdates and sendmessage', async () => {
  await scenario('5xx bursts', {
    during: async (world, _bot, tally) => {
      world.sim.faults.http('getupdates', 503, { times: 3 });
      world.sim.faults.http('sendmessage', 500, { times: 3 });
      world.sim.faults.http('sendtyping', 502, { times: 2 });
      tally.burst('5xx/during', 6);
      await until(() => usedUp(world), 'the 5xx to be used up');
    },
  });
});

test('answers slower than the timeouts (the server still acts on the late sends): same client_id, one message', async () => {
  await scenario('answers slower than timeouts', {
    during: async (world, _bot, tally) => {
      // send timeout is 600 ms: the answer comes after the client gave up, but the server delivers
      // the message; the retry carries the same client_id and is acknowledged without a second one.
      world.sim.faults.delay('sendmessage', 1000, { times: 2 });
      // getupdates timeout is 150 ms suggested + 300 ms margin: the held poll is abandoned and asked again.
      world.sim.faults.delay('getupdates', 900, { times: 1 });
      tally.burst('slow/during', 6);
      await until(() => usedUp(world), 'the delays to be used up');
      await pause(1100); // let the late requests reach the server
    },
  });
});

test('malformed JSON from getupdates and sendmessage: retried, nothing lost', async () => {
  await scenario('malformed JSON', {
    during: async (world, _bot, tally) => {
      world.sim.faults.malformed('getupdates', { times: 2 });
      world.sim.faults.malformed('sendmessage', { times: 2 });
      tally.burst('malformed/during', 6);
      await until(() => usedUp(world), 'the malformed answers to be used up');
    },
  });
});

test('"rate limited" (ret -2) on sends: paused and retried with the same client_id', async () => {
  await scenario('rate limited', {
    during: async (world, _bot, tally) => {
      world.sim.faults.rateLimited({ times: 4 });
      tally.burst('ratelimited/during', 6);
      await until(() => usedUp(world), 'the rate limit to be used up');
    },
  });
});

test('a plugin that throws or hangs: each message handled once, the others answered', async () => {
  await scenario('plugin throws / hangs', {
    bot: { deadlineMs: 200 },
    during: async (_world, bot, tally) => {
      const bad = new Set<string>();
      // The tally's handler answers; these two never reach it: one throws, one hangs past the deadline.
      tally.behaviour = async (text) => {
        if (text.includes('#throw')) throw new Error('plugin bug');
        if (text.includes('#hang')) await new Promise(() => undefined);
      };
      bad.add(tally.say('bugs/during-1#throw#noreply'));
      bad.add(tally.say('bugs/during-2#hang#noreply'));
      tally.burst('bugs/during-ok', 4);
      await tally.waitSettled(4000);
      expect([...bad].every((id) => tally.handled.get(id) === 1)).toBe(true);
      expect(bot.stats().plugins).toBeDefined();
    },
  });
});

test('hostile items from the server: unknown types, junk fields, huge and odd texts — no crash, later traffic flows', async () => {
  const row = await scenario('hostile items', {
    during: async (world, bot, tally) => {
      const user = world.user;
      const seen: unknown[] = [];
      bot.adapter.on('inbound', (batch) => seen.push(...batch.items));
      // Real deliveries whose JSON is made hostile before the server hands them out: a poll is held
      // back by a delay switch meanwhile, so none of them can leave before it is changed.
      const gate = world.sim.faults.delay('getupdates', 300);
      await until(() => (world.sim.faults.list().find((f) => f.id === gate)?.hits ?? 0) > 0, 'a held poll');
      const junkItem = user.says('x');
      junkItem.json.item_list = [{ type: 99, weird: { deep: [1, 2, { x: null }] } }, 'not an object', null];
      const noItems = user.says('y');
      noItems.json.item_list = 'nope';
      const badIds = user.says('z');
      badIds.json.create_time_ms = 'yesterday';
      badIds.json.context_token = 42;
      tally.say(`hostile/during-huge#noreply ${'长'.repeat(100_000)}`);
      tally.say(`hostile/during-odd \u0000\u200b\u202e <xml> $\{x} %s 😀`);
      world.sim.faults.clear(gate);
      tally.burst('hostile/during-ok', 4);
      await tally.waitSettled(6000);
      // The hostile JSON did reach the bot (and was consumed once, not redelivered for ever).
      const ids = [junkItem, noItems, badIds].map((d) => String(d.messageId));
      await until(() => ids.every((id) => bot.adapter.isHandled(id)), 'the junk to be consumed');
      expect(seen.some((raw) => JSON.stringify(raw).includes('"type":99'))).toBe(true);
      expect(seen.some((raw) => (raw as { item_list?: unknown }).item_list === 'nope')).toBe(true);
      expect(world.sim.sent.some((m) => m.text === 're:x')).toBe(false);
    },
  });
  expect(row.injected).toBeGreaterThan(12);
});
