import type { TestBot } from '@wxbot/testing';
import { clockReaches, startAutoreply } from './kit.js';

// Two bots in one group: ours answers every message (an `any` rule), and "echo" — another bot —
// repeats whatever our bot says, at machine speed. Without the core's reply-loop guard this never
// ends (145 bot messages in 400 simulated seconds when it was reported).
describe('reply-loop guard (core, on by default) stops a two-bot ping-pong', () => {
  let kit: TestBot;
  let stopEcho: () => void = () => undefined;

  beforeEach(async () => {
    kit = await startAutoreply(
      {
        rules: [
          {
            name: 'everything',
            scope: 'group',
            mentionOnly: false,
            match: { any: true },
            reply: 'got: {text}',
          },
        ],
      },
      // Virtual time: the rounds are as far apart in bot time as pacing makes them, however slow
      // the machine (on an accelerated clock a loaded machine spread them out past the guard's window).
      { clock: 'virtual' },
    );
  });
  afterEach(async () => {
    stopEcho();
    await kit.stop();
  });

  test('the loop pauses after a few rounds and the chat reports paused', async () => {
    const hikers = kit.group('Hikers');
    const echo = hikers.member('echo');
    let echoed = 0;
    // The other bot: every message our bot puts in the group comes straight back, grown.
    stopEcho = kit.sim.onEvent((e) => {
      if (e.type !== 'bot.sent') return;
      const last = hikers.sent[hikers.sent.length - 1];
      if (!last || echoed >= 200) return;
      echoed++;
      setImmediate(() => echo.says(`echo: ${last.text}`));
    });
    hikers.member('alice').says('hello bots');
    // Let it run for a long stretch of bot time: 2 simulated minutes.
    await clockReaches(kit, kit.clock.now() + 120_000);
    await kit.bot.idle();
    const botMessages = hikers.sent.length;
    expect(botMessages).toBeGreaterThan(1); // it did answer at first
    expect(botMessages).toBeLessThanOrEqual(8); // …and then stopped
    expect(kit.bot.replyLoop.isPaused(hikers.handle.userName)).toBe(true);
    // Nothing more comes while paused, even when the other bot goes on.
    echo.says('echo: are you there?');
    await new Promise((r) => setTimeout(r, 200));
    await kit.bot.idle();
    expect(hikers.sent.length).toBe(botMessages);
  });

  test('another chat is not paused', async () => {
    const cooks = kit.group('Cooks');
    cooks.member('bob').says('dinner?');
    await cooks.expectsReply('got: dinner?');
    expect(kit.bot.replyLoop.isPaused(cooks.handle.userName)).toBe(false);
  });
});
