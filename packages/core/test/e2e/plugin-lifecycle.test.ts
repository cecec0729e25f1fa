import { BotError, ConfigError, definePlugin } from '@wxbot/core';
import { createTestBot, type MemoryTestBot } from '@wxbot/testing';
import * as z from 'zod';

// Plugin lifecycle on any transport: generic effect()/collect(), a status per plugin, and reload
// of options without a restart (new setup first, same place in the chain, old one disposed).

const disposed: string[] = [];

const greeter = definePlugin({
  name: 'greeter',
  schema: z.object({ greeting: z.string().min(1) }),
  setup(bot, options) {
    bot.effect(() => void disposed.push(`fn:${options.greeting}`));
    bot.collect(
      { close: () => void disposed.push(`close:${options.greeting}`) },
      {
        dispose: () => void disposed.push(`dispose:${options.greeting}`),
      },
    );
    bot.hears('hi', (ctx) => ctx.reply(options.greeting));
  },
});

const fallback = definePlugin({
  name: 'fallback',
  setup(bot) {
    bot.on('text', (ctx) => ctx.reply(`fallback: ${ctx.text}`));
  },
});

const broken = definePlugin({
  name: 'broken',
  setup() {
    throw new Error('cannot reach the weather service');
  },
});

let kit: MemoryTestBot;
beforeEach(async () => {
  disposed.length = 0;
  kit = await createTestBot({
    transport: 'memory',
    pacing: false,
    setup: async (bot) => {
      await bot.plugin(greeter, { greeting: 'hello' });
      await bot.plugin(fallback);
      await bot.plugin(broken).catch(() => undefined);
    },
  });
});
afterEach(() => kit.stop());

test('each plugin has a status: active, or failed with the error (in stats() too)', () => {
  const status = kit.bot.pluginStatus();
  expect(status.map((s) => [s.name, s.state])).toEqual([
    ['greeter', 'active'],
    ['fallback', 'active'],
    ['broken', 'failed'],
  ]);
  expect(status[2]?.error).toBe('cannot reach the weather service');
  expect(kit.bot.stats().plugins).toEqual(status);
});

test('reload swaps the options in place: same position in the chain, old resources disposed', async () => {
  const alice = kit.friend('alice');
  alice.says('hi');
  await alice.expectsReply('hello');
  await kit.bot.reload(greeter, { greeting: 'good morning' });
  expect(disposed.sort()).toEqual(['close:hello', 'dispose:hello', 'fn:hello']);
  alice.says('hi');
  // Still before "fallback": the reloaded greeter answers, fallback is not reached.
  await alice.expectsReply('good morning');
  await alice.expectNoReply({ withinMs: 50 });
  expect(kit.bot.pluginStatus()[0]).toMatchObject({ name: 'greeter', state: 'active', reloads: 1 });
});

test('a bad reload keeps the running options and says why', async () => {
  await expect(kit.bot.reload(greeter, { greeting: '' })).rejects.toBeInstanceOf(ConfigError);
  const failing = definePlugin({
    name: 'fallback',
    setup() {
      throw new Error('bad template');
    },
  });
  await expect(kit.bot.reload(failing)).rejects.toMatchObject({ code: 'PLUGIN_RELOAD' });
  await expect(kit.bot.reload(failing)).rejects.toBeInstanceOf(BotError);
  const alice = kit.friend('alice');
  alice.says('hi');
  await alice.expectsReply('hello');
  alice.says('other');
  await alice.expectsReply('fallback: other');
  const status = kit.bot.pluginStatus();
  expect(status[0]).toMatchObject({ state: 'active', error: expect.stringContaining('reload refused') });
  expect(status[1]).toMatchObject({ state: 'active', error: 'reload refused: bad template' });
  expect(disposed).toEqual([]);
});

test('unload disposes everything effect() registered', async () => {
  await kit.bot.unload('greeter');
  expect(disposed.sort()).toEqual(['close:hello', 'dispose:hello', 'fn:hello']);
  expect(kit.bot.pluginStatus().map((s) => s.name)).toEqual(['fallback', 'broken']);
});
