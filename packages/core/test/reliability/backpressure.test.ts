import type { Bot } from '@wxbot/core';
import type { ContactHandle } from '@wxbot/simulator';
import { NO_REPLY, pause, startBot, startWorld, Tally, type World } from './harness.js';

// Issue 13, row 2: more messages than `maxPending` at once. Before, the dispatcher dropped the
// excess ("too many waiting") and answered newer messages before older ones. Now the bot stops
// fetching while its handlers are behind: every message is handled once, each chat in order.

let world: World;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await world.close();
});

/** Texts handled per friend, in handling order. */
function recordOrder(tally: Tally): Map<string, number[]> {
  const order = new Map<string, number[]>();
  const original = tally.handled.set.bind(tally.handled);
  // Tally counts by MsgId; keep the text order per friend too.
  tally.handled.set = (id: string, n: number) => {
    const text = tally.injected.get(id) ?? '';
    const [friend, index] = text.replace(` ${NO_REPLY}`, '').split('#');
    const list = order.get(friend ?? '') ?? [];
    list.push(Number(index));
    order.set(friend ?? '', list);
    return original(id, n);
  };
  return order;
}

function expectInOrder(order: Map<string, number[]>, perFriend: number, friends: number): void {
  expect(order.size).toBe(friends);
  for (const list of order.values()) expect(list).toEqual(Array.from({ length: perFriend }, (_, i) => i));
}

function peakWatcher(read: () => number): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, 2);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, read());
    },
  };
}

test('5,000 messages in one webwxsync answer: all handled once, each chat in order', async () => {
  const FRIENDS = 20;
  const PER = 250;
  world = await startWorld(FRIENDS, { syncBatchSize: 5000, backlogLimit: 10_000 });
  const tally = new Tally(world.sim);
  const order = recordOrder(tally);
  // A slow handler (1 ms each, 16 chats at a time) and no replies: the point is the inbound side.
  // One answer with 5,000 messages takes longer than the harness's 600 ms request timeout.
  const timeouts = { request: 20_000, syncCheck: 1500, loginPoll: 1500 };
  bot = await startBot(world, tally, { maxPending: 1000, deadlineMs: 5000, timeouts }, () => pause(1));
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < PER; i++) {
    for (const [f, friend] of world.friends.entries()) tally.say(friend, `f${f}#${i} ${NO_REPLY}`);
  }
  // Caps for a hang, not speed goals (bench/ has those): a loaded CI machine is several times slower.
  await tally.waitSettled(150_000);
  await bot.idle();
  const row = tally.row('5,000 in one sync');
  process.stdout.write(
    `5,000 in one sync: handled once ${row.deliveredOnce}, lost ${row.lost}, duplicated ${row.duplicated}, ` +
      `RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB\n`,
  );
  expect(row.deliveredOnce).toBe(FRIENDS * PER);
  expect(row.lost).toBe(0);
  expect(row.duplicated).toBe(0);
  expectInOrder(order, PER, FRIENDS);
  expect(bot.stats().unhandled).toBe(0);
}, 180_000);

test('a 1,000-message burst to a slow echo bot: the bot stops fetching, nothing dropped, each chat in order', async () => {
  // 40 chats of 25: each reply costs two fsyncs of the journal (intent, outcome) in its chat's
  // chain, so fewer, longer chains would measure the disk rather than the backpressure. 1,000 is
  // still ten times maxPending; 2,000 took over 120 s on a loaded 2-core machine.
  const FRIENDS = 40;
  const PER = 25;
  const MAX_PENDING = 100;
  // 500 events per answer: fewer rounds under the sync loop's request ceiling (4/s).
  world = await startWorld(FRIENDS, { backlogLimit: 10_000, syncBatchSize: 500 });
  const tally = new Tally(world.sim);
  const order = recordOrder(tally);
  bot = await startBot(world, tally, { maxPending: MAX_PENDING, deadlineMs: 5000, concurrency: 40 }, () =>
    pause(2),
  );
  const running = bot;
  const peak = peakWatcher(() => running.stats().dispatcherPending);
  // ≈ 2,000 messages per second: 20 every 10 ms.
  const friends = world.friends as ContactHandle[];
  const startedAt = Date.now();
  let next = 0;
  while (next < FRIENDS * PER) {
    for (let k = 0; k < 20; k++, next++) {
      const f = next % FRIENDS;
      tally.say(friends[f] as ContactHandle, `f${f}#${Math.floor(next / FRIENDS)}`);
    }
    await pause(10);
  }
  await tally.waitSettled(200_000);
  await bot.idle();
  const pendingPeak = peak.stop();
  const seconds = (Date.now() - startedAt) / 1000;
  const row = tally.row('1,000 burst');
  process.stdout.write(
    `1,000 burst: handled once ${row.deliveredOnce}, replies once ${row.repliesOnce}, peak waiting ${pendingPeak}, ${seconds.toFixed(1)} s\n`,
  );
  expect(row.deliveredOnce).toBe(FRIENDS * PER);
  expect(row.lost + row.duplicated).toBe(0);
  expect(row.repliesOnce).toBe(FRIENDS * PER);
  expect(row.repliesLost + row.repliesDuplicated).toBe(0);
  expectInOrder(order, PER, FRIENDS);
  // Bounded: the limit plus at most one sync answer (500 events) waiting at any time.
  expect(pendingPeak).toBeLessThanOrEqual(MAX_PENDING + 500);
  // 1,000 echo round trips through the journaled outbox take 8–25 s on a quiet 2-core machine; the
  // cap is for a hang on a loaded one.
}, 240_000);
