import { jest } from '@jest/globals';
import * as z from 'zod';
import { BotError, ConfigError } from '../../src/errors.js';
import { Composer } from '../../src/pipeline/composer.js';
import { Dispatcher } from '../../src/pipeline/dispatcher.js';
import { definePlugin, validatePluginOptions } from '../../src/pipeline/plugin.js';
import { PluginHost } from '../../src/pipeline/plugin-host.js';
import { fakeApi, fakeEvents, text } from './helpers.js';

/** The pieces wired the way the Bot wires them. */
function rig() {
  const api = fakeApi();
  const events = fakeEvents();
  const bot = new Composer();
  const dispatcher = new Dispatcher({ middleware: bot, api });
  const errors: BotError[] = [];
  dispatcher.catch((error) => {
    errors.push(error);
  });
  const host = new PluginHost({ composer: bot, api, events, onError: dispatcher.report });
  const handle = async (body: string) => {
    dispatcher.dispatch(text(body));
    await dispatcher.idle();
  };
  return { api, events, bot, dispatcher, host, errors, handle };
}

const autoreply = definePlugin({
  name: 'autoreply',
  schema: z.object({
    rules: z.array(z.object({ match: z.string(), reply: z.string() })),
    enabled: z.boolean().default(true),
  }),
  setup(bot, options) {
    for (const rule of options.rules) bot.hears(rule.match, (ctx) => ctx.reply(rule.reply));
  },
});

describe('plugin options', () => {
  test('bad options fail with a ConfigError naming the plugin and the path', () => {
    const error = (() => {
      try {
        validatePluginOptions(autoreply, { rules: [{ match: 1, reply: 'x' }] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'plugin "autoreply": options.rules[0].match: expected string, got number',
    );
    expect((error as ConfigError).path).toBe('options.rules[0].match');
  });

  test('several problems are listed; missing options say so', () => {
    expect(() => validatePluginOptions(autoreply, undefined)).toThrow(
      'plugin "autoreply": options: expected object, got undefined',
    );
    expect(() => validatePluginOptions(autoreply, { rules: [{ match: 'a' }], enabled: 'yes' })).toThrow(
      'plugin "autoreply": options.rules[0].reply: expected string, got undefined; options.enabled: expected boolean, got string',
    );
  });

  test('host.load throws the ConfigError right away and loads nothing', () => {
    const { host } = rig();
    expect(() => host.load(autoreply, { rules: 'nope' } as never)).toThrow(ConfigError);
    expect(host.names).toEqual([]);
  });

  test('setup receives parsed options with defaults applied', async () => {
    const seen: unknown[] = [];
    const plugin = definePlugin({
      name: 'defaults',
      schema: z.object({ prefix: z.string().default('> ') }),
      setup(_bot, options) {
        seen.push(options);
      },
    });
    const { host } = rig();
    await host.load(plugin, {});
    expect(seen).toEqual([{ prefix: '> ' }]);
  });

  test('plugin names must be usable', () => {
    expect(() => definePlugin({ name: 'has space', setup: () => undefined })).toThrow(ConfigError);
  });
});

describe('plugin lifecycle', () => {
  test('a loaded plugin handles messages; plugins run in load order', async () => {
    const { host, api, handle } = rig();
    const order: string[] = [];
    const first = definePlugin({
      name: 'first',
      setup: (bot) => {
        bot.use((_ctx, next) => {
          order.push('first');
          return next();
        });
      },
    });
    await host.load(first);
    await host.load(autoreply, { rules: [{ match: 'ping', reply: 'pong' }] });
    await handle('ping');
    expect(order).toEqual(['first']);
    expect(api.sent.map((s) => s.message)).toEqual([{ kind: 'text', to: '@alice', text: 'pong' }]);
    expect(host.names).toEqual(['first', 'autoreply']);
  });

  test('unload leaves no middleware, listener or timer behind, and runs disposers newest first', async () => {
    jest.useFakeTimers();
    try {
      const { host, events, handle } = rig();
      const calls: string[] = [];
      const plugin = definePlugin({
        name: 'busy',
        setup(bot) {
          bot.use((_ctx, next) => {
            calls.push('middleware');
            return next();
          });
          bot.events.on('sent', () => calls.push('listener'));
          bot.events.once('ready', () => calls.push('once'));
          bot.setInterval(() => calls.push('interval'), 1000);
          bot.setTimeout(() => calls.push('timeout'), 5000);
          bot.onDispose(() => calls.push('dispose-1'));
          bot.onDispose(async () => {
            calls.push('dispose-2');
          });
          return () => calls.push('setup-disposer');
        },
      });
      await host.load(plugin);
      const scope = host.scope('busy')!;
      expect(scope.registered).toEqual({ listeners: 2, timers: 2, disposers: 3 });
      expect(events.listenerCount('sent')).toBe(1);
      expect(jest.getTimerCount()).toBe(2);

      jest.advanceTimersByTime(1000);
      await handle('x');
      expect(calls).toEqual(['interval', 'middleware']);

      await host.unload('busy');
      expect(calls.slice(2)).toEqual(['setup-disposer', 'dispose-2', 'dispose-1']);
      expect(events.listenerCount('sent')).toBe(0);
      expect(events.listenerCount('ready')).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
      expect(scope.signal.aborted).toBe(true);
      expect(scope.registered).toEqual({ listeners: 0, timers: 0, disposers: 0 });

      calls.length = 0;
      await handle('x');
      events.emit('ready');
      jest.advanceTimersByTime(10_000);
      expect(calls).toEqual([]);
      expect(host.names).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('unloadAll unloads last-loaded first', async () => {
    const { host } = rig();
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      await host.load(definePlugin({ name, setup: () => () => order.push(name) }));
    }
    await host.unloadAll();
    expect(order).toEqual(['c', 'b', 'a']);
  });

  test('a plugin cannot add middleware after its setup, and cannot be loaded twice', async () => {
    const { host } = rig();
    let late: (() => void) | undefined;
    const plugin = definePlugin({
      name: 'late',
      setup(bot) {
        late = () => bot.use(() => undefined);
      },
    });
    await host.load(plugin);
    expect(() => late?.()).toThrow(/plugin "late" tried to register middleware after its setup\(\) finished/);
    expect(() => host.load(plugin)).toThrow('plugin "late" is already loaded');
  });

  test('a setup that throws unloads the plugin and reports a BotError naming it', async () => {
    const { host, events, errors, handle, api } = rig();
    const broken = definePlugin({
      name: 'broken',
      async setup(bot) {
        bot.events.on('sent', () => undefined);
        bot.hears('ping', (ctx) => ctx.reply('pong'));
        throw new Error('no database');
      },
    });
    await expect(host.load(broken)).rejects.toThrow(
      'plugin "broken" failed to set up and was unloaded: no database',
    );
    expect(errors.map((e) => [e.plugin, e.code])).toEqual([['broken', 'PLUGIN_SETUP']]);
    expect(host.names).toEqual([]);
    expect(events.listenerCount('sent')).toBe(0);
    await handle('ping');
    expect(api.sent).toEqual([]);
  });

  test('errors in listeners and timers are reported with the plugin name, never thrown at the emitter', async () => {
    jest.useFakeTimers();
    try {
      const { host, events, errors } = rig();
      await host.load(
        definePlugin({
          name: 'noisy',
          setup(bot) {
            bot.events.on('ready', () => {
              throw new Error('listener broke');
            });
            bot.setTimeout(async () => {
              throw new Error('timer broke');
            }, 10);
          },
        }),
      );
      expect(() => events.emit('ready')).not.toThrow();
      await jest.advanceTimersByTimeAsync(10);
      expect(errors.map((e) => `${e.plugin}: ${e.message}`)).toEqual([
        'noisy: plugin "noisy" failed: listener broke',
        'noisy: plugin "noisy" failed: timer broke',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('each plugin logs through a child logger named plugin:<name>', async () => {
    const { host, api } = rig();
    await host.load(definePlugin({ name: 'chatty', setup: (bot) => bot.logger.info('hello') }));
    expect(api.logs).toContainEqual(expect.objectContaining({ component: 'plugin:chatty', msg: 'hello' }));
  });

  test('a plugin loaded after the bot froze still takes part; unloading it restores the chain', async () => {
    const { host, bot, api, handle } = rig();
    bot.freeze();
    await host.load(autoreply, { rules: [{ match: 'hi', reply: 'hello' }] });
    await handle('hi');
    await host.unload('autoreply');
    await handle('hi');
    expect(api.sent).toHaveLength(1);
  });

  test('plugins can send and see contacts and self through their bot', async () => {
    const { host, api } = rig();
    await host.load(
      definePlugin({
        name: 'sender',
        async setup(bot) {
          await bot.send({ kind: 'text', to: 'filehelper', text: `up as ${bot.self?.name}` });
          expect(bot.contacts.member('@@hikers', '@bob')?.displayName).toBe('Bob the Hiker');
          expect(bot.name).toBe('sender');
        },
      }),
    );
    expect(api.sent[0]?.message).toEqual({ kind: 'text', to: 'filehelper', text: 'up as Bot' });
  });

  test('BotError is what the error handler receives', async () => {
    const { host, errors, handle } = rig();
    await host.load(
      definePlugin({
        name: 'thrower',
        setup: (bot) => {
          bot.use(() => {
            throw new Error('bad');
          });
        },
      }),
    );
    await handle('x');
    expect(errors[0]).toBeInstanceOf(BotError);
  });
});
