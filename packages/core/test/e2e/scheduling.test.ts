import { type BotError, definePlugin } from '@wxbot/core';
import { createTestBot } from '@wxbot/testing';
import { waitUntil } from './harness.js';

// One chat in order, chats concurrently, failures isolated, hangs cut by the deadline.

test('a slow handler holds its own chat in order while another chat is answered meanwhile', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const kit = await createTestBot({
    pacing: false,
    cast: { friends: ['alice', 'carol'] },
    // A deadline far beyond this test: the gate, not the deadline, decides when "slow" ends.
    bot: { deadlineMs: 10_000_000 },
    setup: (bot) => {
      bot.hears('slow', async (ctx) => {
        await gate;
        await ctx.reply('slow done');
      });
      bot.on('text', (ctx) => ctx.reply(`got ${ctx.text}`));
    },
  });
  try {
    const alice = kit.friend('alice');
    const carol = kit.friend('carol');
    alice.says('slow');
    alice.says('second');
    carol.says('hello');
    // Carol is answered while Alice's first message is still being handled…
    await carol.expectsReply('got hello');
    // …and Alice's second message waits for her first.
    expect(alice.sent).toEqual([]);
    release();
    await alice.expectsReply('slow done');
    await alice.expectsReply('got second');
  } finally {
    release();
    await kit.stop();
  }
});

test('a throwing plugin is isolated: the next plugin still answers and bot.catch gets the error', async () => {
  const errors: BotError[] = [];
  const thrower = definePlugin({
    name: 'thrower',
    setup(bot) {
      bot.hears('boom', () => {
        throw new Error('kaboom');
      });
    },
  });
  const answerer = definePlugin({
    name: 'answerer',
    setup(bot) {
      bot.on('text', (ctx) => ctx.reply(`still here: ${ctx.text}`));
    },
  });
  const kit = await createTestBot({
    pacing: false,
    cast: { friends: ['alice'] },
    plugins: [thrower, answerer],
    setup: (bot) => {
      bot.catch((error) => {
        errors.push(error);
      });
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('boom');
    await alice.expectsReply('still here: boom');
    await waitUntil(() => (errors.length > 0 ? true : undefined), 'the error in bot.catch');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ plugin: 'thrower', code: 'MIDDLEWARE' });
    expect(errors[0]?.message).toContain('kaboom');
    alice.says('and again');
    await alice.expectsReply('still here: and again');
  } finally {
    await kit.stop();
  }
});

test('a hanging plugin is cut by the deadline, reported with its name, and the chat moves on', async () => {
  const errors: BotError[] = [];
  const hang = definePlugin({
    name: 'hang',
    setup(bot) {
      bot.hears('hang', () => new Promise<void>(() => undefined));
    },
  });
  const kit = await createTestBot({
    pacing: false,
    // On the virtual clock the 5 s deadline is 5 s of bot time however slow the machine: it fires
    // once the bot is idle (the hang), never early because a loaded machine made 'ping' slow.
    clock: 'virtual',
    cast: { friends: ['alice'] },
    bot: { deadlineMs: 5_000 },
    plugins: [hang],
    setup: (bot) => {
      bot.catch((error) => {
        errors.push(error);
      });
      bot.hears('ping', (ctx) => ctx.reply('pong'));
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('hang');
    alice.says('ping');
    await alice.expectsReply('pong');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ plugin: 'hang', code: 'TIMEOUT' });
    expect(errors[0]?.message).toMatch(/plugin "hang" did not finish .* within 5000 ms/);
    expect(alice.sent.map((m) => m.text)).toEqual(['pong']);
  } finally {
    await kit.stop();
  }
});

test('with the kit defaults (pacing on), a handler sending three paced replies is not cut by the deadline', async () => {
  const errors: BotError[] = [];
  const kit = await createTestBot({
    // Virtual time: the sends themselves take no bot time, so only the pacing counts against the
    // 30 s deadline, as on a live account (on an accelerated clock a loaded machine's slow sends
    // would eat it).
    clock: 'virtual',
    cast: { friends: ['alice'] },
    setup: (bot) => {
      bot.catch((error) => {
        errors.push(error);
      });
      bot.hears('count', async (ctx) => {
        await ctx.reply('1');
        await ctx.reply('2');
        await ctx.reply('3');
      });
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('count');
    await alice.expectsReply('1');
    await alice.expectsReply('2');
    await alice.expectsReply('3');
    expect(errors).toEqual([]);
  } finally {
    await kit.stop();
  }
});
