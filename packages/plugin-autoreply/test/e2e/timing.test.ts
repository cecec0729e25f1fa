import type { TestBot } from '@wxbot/testing';
import { clockReaches, QUIET, startAutoreply } from './kit.js';

// With no clock option the plugin follows the bot's clock (`bot.now()`), here the kit's virtual
// one shared with the simulator (on an accelerated clock a loaded machine let the minute pass
// before the second "ping" arrived); time windows use a fixed fake "now" given through the
// plugin's clock option (the override).
describe('cooldowns on the bot clock', () => {
  let kit: TestBot;

  beforeAll(async () => {
    kit = await startAutoreply(
      {
        rules: [
          { name: 'chat-cd', match: 'ping', cooldown: '1m', reply: 'pong' },
          {
            name: 'sender-cd',
            scope: 'group',
            mentionOnly: false,
            match: 'hey',
            cooldown: { perSender: '1m' },
            reply: 'hey {sender}',
          },
          {
            name: 'group-cd',
            scope: 'group',
            mentionOnly: false,
            match: 'news',
            cooldown: { perChat: '1m' },
            reply: 'no news',
          },
        ],
        fallback: { scope: 'private', reply: 'fallback' },
      },
      { clock: 'virtual' },
    );
  });
  afterAll(() => kit.stop());

  test('per chat: one answer per minute of bot time; a cooling rule also keeps the fallback quiet', async () => {
    const alice = kit.friend('alice');
    alice.says('ping');
    await alice.expectsReply('pong');
    const firedAt = kit.clock.now();
    alice.says('ping');
    await alice.expectNoReply(QUIET);
    // Another chat has its own cooldown.
    kit.friend('olivia').says('ping');
    await kit.friend('olivia').expectsReply('pong');
    // A minute of bot time passes.
    await clockReaches(kit, firedAt + 61_000);
    alice.says('ping');
    await alice.expectsReply('pong');
  });

  test('per sender: the same person anywhere is cooled down, others are not', async () => {
    const hikers = kit.group('Hikers');
    const cooks = kit.group('Cooks');
    hikers.member('bob').says('hey');
    await hikers.expectsReply('hey bob');
    cooks.member('bob').says('hey');
    await cooks.expectNoReply(QUIET);
    cooks.member('carol').says('hey');
    await cooks.expectsReply('hey carol');
  });

  test('per chat in groups: anyone in the group is cooled down, another group is not', async () => {
    const hikers = kit.group('Hikers');
    const cooks = kit.group('Cooks');
    hikers.member('bob').says('news');
    await hikers.expectsReply('no news');
    hikers.member('carol').says('news');
    await hikers.expectNoReply(QUIET);
    cooks.member('carol').says('news');
    await cooks.expectsReply('no news');
  });
});

describe('time windows with a fixed fake now', () => {
  let kit: TestBot;
  // Monday 6 Jan 2025, 10:00 in Shanghai (02:00 UTC).
  const MONDAY_10 = Date.UTC(2025, 0, 6, 2, 0);
  let now = MONDAY_10;

  beforeAll(async () => {
    kit = await startAutoreply(
      {
        timezone: 'Asia/Shanghai',
        rules: [
          {
            name: 'office',
            scope: 'private',
            match: { any: true },
            hours: '09:00-18:00',
            days: 'mon-fri',
            reply: 'Hi {sender}, how can we help?',
          },
          {
            name: 'away',
            scope: 'private',
            match: { any: true },
            hours: '09:00-18:00',
            days: 'mon-fri',
            outside: true,
            cooldown: { perSender: '1h' },
            reply: "We're closed; back at 9:00 on weekdays.",
          },
          {
            name: 'night',
            scope: 'private',
            match: 'lights',
            hours: '22:00-06:00',
            priority: 5,
            reply: 'lights out',
          },
        ],
      },
      { runtime: { clock: () => now } },
    );
  });
  afterAll(() => kit.stop());

  test('inside office hours the office rule answers', async () => {
    now = MONDAY_10;
    kit.friend('alice').says('hello');
    await kit.friend('alice').expectsReply('Hi alice, how can we help?');
  });

  test('outside hours the away message answers once per hour per sender', async () => {
    const alice = kit.friend('alice');
    now = MONDAY_10 + 9 * 3_600_000; // 19:00 Monday
    alice.says('anyone there?');
    await alice.expectsReply("We're closed; back at 9:00 on weekdays.");
    now += 30 * 60_000;
    alice.says('hello?');
    await alice.expectNoReply(QUIET);
    now += 31 * 60_000;
    alice.says('hello??');
    await alice.expectsReply("We're closed; back at 9:00 on weekdays.");
  });

  test('on a weekend at office hours it is closed too', async () => {
    now = MONDAY_10 + 5 * 86_400_000; // Saturday 10:00
    kit.friend('olivia').says('open?');
    await kit.friend('olivia').expectsReply("We're closed; back at 9:00 on weekdays.");
  });

  test('a window that wraps past midnight', async () => {
    const olivia = kit.friend('olivia');
    now = MONDAY_10 + 13 * 3_600_000; // 23:00 Monday
    olivia.says('lights');
    await olivia.expectsReply('lights out');
    now = MONDAY_10 + 19 * 3_600_000; // 05:00 Tuesday
    olivia.says('lights');
    await olivia.expectsReply('lights out');
    now = MONDAY_10 + 24 * 3_600_000; // 10:00 Tuesday: not night, the office rule answers
    olivia.says('lights');
    await olivia.expectsReply('Hi olivia, how can we help?');
  });
});
