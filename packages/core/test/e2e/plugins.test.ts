import { type BotError, ConfigError, definePlugin } from '@wxbot/core';
import { createTestBot } from '@wxbot/testing';
import * as z from 'zod';
import { waitUntil } from './harness.js';

// Plugins and the guards around them, end to end: no echo loop, clean unload, a frozen chain, and
// options errors that say which plugin and which option.

test('an echo-everything bot answers once: its own reply coming back in sync is not echoed', async () => {
  const errors: BotError[] = [];
  const kit = await createTestBot({
    pacing: false,
    cast: { friends: ['alice'] },
    setup: (bot) => {
      bot.catch((error) => {
        errors.push(error);
      });
      bot.on('text', (ctx) => ctx.reply(ctx.text ?? ''));
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('hello');
    await alice.expectsReply('hello');
    // The owner typing on the phone is the bot account too: not answered either.
    kit.sim.phone.sendFromPhone(alice.handle, 'typed on the phone');
    alice.says('two');
    // The server queued the echo of "hello" before these two, and one chat is handled in order: had
    // the echo or the phone's text been answered, that reply would come before "two".
    await alice.expectsReply('two');
    expect(alice.sent.map((m) => m.text)).toEqual(['hello', 'two']);
  } finally {
    await kit.stop();
  }
});

test('unloading a plugin removes its middleware, its bot.events listener and its timers', async () => {
  let ticks = 0;
  const pinger = definePlugin({
    name: 'pinger',
    setup(bot) {
      bot.hears('ping', (ctx) => ctx.reply('pong'));
      bot.events.on('message', () => undefined);
      // 1 s of bot time = 10 ms of real time.
      bot.setInterval(() => {
        ticks += 1;
      }, 1000);
    },
  });
  const kit = await createTestBot({
    pacing: false,
    cast: { friends: ['alice'] },
    setup: (bot) => {
      bot.on('text', (ctx) => ctx.reply(`fallback: ${ctx.text}`));
    },
    plugins: [pinger],
  });
  try {
    const alice = kit.friend('alice');
    const events = kit.bot.events;
    const withPlugin = events.listenerCount('message');
    alice.says('ping');
    await alice.expectsReply('pong');
    await waitUntil(() => (ticks > 0 ? true : undefined), 'the plugin timer to tick');

    await kit.bot.unload('pinger');
    expect(kit.bot.pluginNames).toEqual([]);
    expect(events.listenerCount('message')).toBe(withPlugin - 1);
    const ticksAtUnload = ticks;
    alice.says('ping');
    await alice.expectsReply('fallback: ping');
    // Several timer periods later, no tick.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ticks).toBe(ticksAtUnload);
  } finally {
    await kit.stop();
  }
});

test('use() after start() throws an error that says why and what to do instead', async () => {
  const kit = await createTestBot({ pacing: false });
  try {
    let thrown: unknown;
    try {
      kit.bot.use((_ctx, next) => next());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'PIPELINE_FROZEN' });
    expect(String((thrown as Error).message)).toMatch(/already started/);
    expect(String((thrown as Error).message)).toMatch(/plugin/);
    expect(() => kit.bot.hears('x', () => undefined)).toThrow(/already started/);
  } finally {
    await kit.stop();
  }
});

const replies = definePlugin({
  name: 'replies',
  schema: z.object({ rules: z.array(z.object({ match: z.string(), reply: z.string() })) }),
  setup(bot, options) {
    for (const rule of options.rules) bot.hears(rule.match, (ctx) => ctx.reply(rule.reply));
  },
});

test('a plugin with bad options fails at start with the plugin name and the option path', async () => {
  const attempt = createTestBot({
    pacing: false,
    plugins: [
      [
        replies,
        {
          rules: [
            { match: 'hi', reply: 'hello' },
            { match: 42, reply: 'x' },
          ],
        },
      ],
    ],
  });
  await expect(attempt).rejects.toBeInstanceOf(ConfigError);
  await expect(attempt).rejects.toThrow(
    /plugin "replies".*options\.rules\[1\]\.match: expected string, got number/,
  );
});

test('a plugin loaded while the bot runs answers; with bad options it is refused and nothing changes', async () => {
  const kit = await createTestBot({ pacing: false, cast: { friends: ['alice'] } });
  try {
    // Options usually come from a config file, where nothing is typed.
    const fromConfigFile: unknown = JSON.parse('{ "rules": [{ "match": "hi" }] }');
    await expect(async () => kit.bot.plugin(replies, fromConfigFile as never)).rejects.toThrow(
      /plugin "replies".*options\.rules\[0\]\.reply/,
    );
    expect(kit.bot.pluginNames).toEqual([]);
    await kit.bot.plugin(replies, { rules: [{ match: 'hi', reply: 'hello there' }] });
    const alice = kit.friend('alice');
    alice.says('hi');
    await alice.expectsReply('hello there');
  } finally {
    await kit.stop();
  }
});
