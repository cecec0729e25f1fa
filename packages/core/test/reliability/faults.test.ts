import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot, BotOptions, LoginMethod, LogoutEvent, WebAdapter } from '@wxbot/core';
import {
  NO_REPLY,
  pause,
  type ReportRow,
  renderReport,
  startBot,
  startWorld,
  Tally,
  until,
  type World,
} from './harness.js';

// Each scenario: traffic before the fault (settled), traffic during it, traffic after it; then
// both ends are counted: handled per MsgId in the middleware, replies per text at the simulator.

const rows: ReportRow[] = [];

afterAll(async () => {
  const table = renderReport(rows);
  process.stdout.write(`\nFault suite (messages = incoming, replies = the bot's answers):\n${table}\n`);
  await writeFile(join(tmpdir(), 'wxbot-fault-report.md'), `${table}\n`);
});

interface Scenario {
  readonly bot?: BotOptions;
  readonly behaviour?: (text: string) => Promise<void> | void;
  readonly expectReply?: (text: string) => boolean;
  /** Inject the fault and the traffic during it; may replace the bot (restart). */
  readonly during: (world: World, bot: Bot<WebAdapter>, tally: Tally) => Promise<Bot<WebAdapter> | undefined>;
  /** Messages the server may legitimately never deliver (protocol limits: a new login has no backlog). */
  readonly mayBeUndelivered?: (text: string) => boolean;
}

async function scenario(name: string, s: Scenario): Promise<ReportRow> {
  const world = await startWorld();
  const tally = new Tally(world.sim);
  let bot = await startBot(world, tally, s.bot, s.behaviour);
  try {
    tally.burst(world.friends, `${name}/before`, 8);
    await tally.waitSettled();
    bot = (await s.during(world, bot, tally)) ?? bot;
    tally.burst(world.friends, `${name}/after`, 8);
    const mayBeUndelivered = s.mayBeUndelivered ?? (() => false);
    await tally.waitSettled(30_000, mayBeUndelivered);
    const row = tally.row(name, s.expectReply);
    rows.push(row);
    if (process.env.WXBOT_REL_DEBUG) {
      const missing = [...tally.injected].filter(([id]) => !tally.handled.has(id)).map(([, t]) => t);
      process.stdout.write(`${name}: missing ${missing.join(', ')}\n`);
    }
    expect(row.duplicated).toBe(0);
    expect(row.lost).toBe(0);
    expect(row.repliesDuplicated).toBe(0);
    expect(row.repliesLost).toBe(0);
    expect(tally.undelivered().filter((t) => !mayBeUndelivered(t))).toEqual([]);
    expect(row.deliveredOnce + row.notDeliveredByServer).toBe(row.injected);
    return row;
  } finally {
    await bot.stop();
    await world.close();
  }
}

test('connection resets on every endpoint', async () => {
  await scenario('connection resets', {
    during: async (world, _bot, tally) => {
      world.sim.faults.reset('*', { times: 10 });
      tally.burst(world.friends, 'resets/during', 8);
      await until(() => world.sim.faults.list().length === 0, 'the resets to be used up');
      return undefined;
    },
  });
});

test('5xx bursts on sync, synccheck and send', async () => {
  await scenario('5xx bursts', {
    during: async (world, _bot, tally) => {
      world.sim.faults.http('webwxsync', 503, { times: 3 });
      world.sim.faults.http('synccheck', 502, { times: 3 });
      world.sim.faults.http('webwxsendmsg', 500, { times: 3 });
      tally.burst(world.friends, '5xx/during', 8);
      await until(() => world.sim.faults.list().length === 0, 'the 5xx to be used up');
      return undefined;
    },
  });
});

test('answers slower than the timeouts (the server still acts on the late ones)', async () => {
  const row = await scenario('answers slower than timeouts', {
    during: async (world, _bot, tally) => {
      // request timeout is 600 ms: these answers come after the client gave up, but the
      // server still processes them, so a send lands and is retried with the same ClientMsgId.
      world.sim.faults.delay('webwxsync', 1200, { times: 2 });
      world.sim.faults.delay('webwxsendmsg', 1200, { times: 2 });
      tally.burst(world.friends, 'slow/during', 8);
      await until(() => world.sim.faults.list().length === 0, 'the delays to be used up');
      await pause(1300); // let the late requests reach the server
      return undefined;
    },
  });
  expect(row.repliesDuplicated).toBe(0);
});

// 1101 (replaced by another login) is not fought: see test/e2e/session-safety.test.ts.
for (const code of [1100, 1102]) {
  test(`synccheck ${code}: logout event, automatic re-login, nothing lost or doubled`, async () => {
    const logouts: LogoutEvent[] = [];
    const logins: LoginMethod[] = [];
    await scenario(`synccheck ${code} + re-login`, {
      // Sent to the old session after its last sync: the new login does not get them (protocol).
      mayBeUndelivered: (text) => text.includes('/during'),
      during: async (world, bot, tally) => {
        bot.events.on('logout', (e) => logouts.push(e));
        bot.events.on('login', (e) => logins.push(e.method));
        world.sim.faults.synccheckRetcode(code, { times: 1 });
        tally.burst(world.friends, `${code}/during`, 8);
        await until(() => logins.length > 0 && bot.adapter.running, 're-login');
        return undefined;
      },
    });
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toMatchObject({ code, willRelogin: true });
    expect(logins).toHaveLength(1);
  });
}

test('synccheck 1205: backs off, nothing dropped', async () => {
  await scenario('synccheck 1205', {
    during: async (world, bot, tally) => {
      const logouts: LogoutEvent[] = [];
      bot.events.on('logout', (e) => logouts.push(e));
      world.sim.faults.synccheckRetcode(1205, { times: 4 });
      tally.burst(world.friends, '1205/during', 8);
      await until(() => world.sim.faults.list().length === 0, 'the 1205s to be used up');
      expect(logouts).toEqual([]);
      return undefined;
    },
  });
});

test('session expired while the bot was down: logs in afresh (no resume), later traffic flows', async () => {
  let method: LoginMethod | undefined;
  const row = await scenario('session expired while down', {
    mayBeUndelivered: (text) => text.includes('while-down'),
    during: async (world, bot, tally) => {
      await bot.stop();
      tally.burst(world.friends, 'expired/while-down', 4); // queued for the old session only
      world.sim.phone.expireSession();
      return startBot(world, tally, {}, undefined, (next) =>
        next.events.on('login', (e) => {
          method = e.method;
        }),
      );
    },
  });
  // The saved session is refused (1102): push login (the phone confirms), QR if that fails — never a resume.
  expect(method === 'push' || method === 'qr').toBe(true);
  // A new login gets new ids and no backlog: what the old session held never arrives (protocol).
  expect(row.notDeliveredByServer).toBe(4);
});

test('a plugin that throws: the message counts as handled once, the others are answered', async () => {
  await scenario('plugin throws', {
    behaviour: (text) => {
      if (text.includes('#throw')) throw new Error('plugin bug');
    },
    expectReply: (text) => !text.includes('#throw') && !text.includes(NO_REPLY),
    during: async (world, _bot, tally) => {
      for (let i = 0; i < 6; i++)
        tally.say(world.friends[i % 2] as World['friends'][number], `throws/during-${i}#throw`);
      tally.burst(world.friends, 'throws/during-ok', 6);
      await tally.waitSettled();
      return undefined;
    },
  });
});

test('a plugin that hangs: abandoned at the deadline, its chat moves on, handled once', async () => {
  const row = await scenario('plugin hangs', {
    bot: { deadlineMs: 200 },
    behaviour: async (text) => {
      if (text.includes('#hang')) await new Promise(() => undefined);
    },
    expectReply: (text) => !text.includes('#hang') && !text.includes(NO_REPLY),
    during: async (world, _bot, tally) => {
      const friend = world.friends[0] as World['friends'][number];
      tally.say(friend, 'hangs/during#hang');
      tally.say(friend, 'hangs/during-same-chat-after');
      tally.burst(world.friends, 'hangs/during-other', 6);
      await tally.waitSettled();
      return undefined;
    },
  });
  expect(row.deliveredOnce).toBe(row.injected);
});

test('malformed sync payloads (synccheck and webwxsync): retried, nothing lost', async () => {
  await scenario('malformed sync payload', {
    during: async (world, _bot, tally) => {
      world.sim.faults.malformed('webwxsync', { times: 2 });
      world.sim.faults.malformed('synccheck', { times: 2 });
      tally.burst(world.friends, 'malformed/during', 8);
      await until(() => world.sim.faults.list().length === 0, 'the malformed answers to be used up');
      return undefined;
    },
  });
});
