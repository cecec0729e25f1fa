import { jest } from '@jest/globals';
import { systemClock } from '../../src/clock/clock.js';
import type { BotError } from '../../src/errors.js';
import { WxError } from '../../src/errors.js';
import { Composer } from '../../src/pipeline/composer.js';
import { Dispatcher } from '../../src/pipeline/dispatcher.js';
import { definePlugin } from '../../src/pipeline/plugin.js';
import { PluginHost } from '../../src/pipeline/plugin-host.js';
import { ChatScheduler } from '../../src/pipeline/scheduler.js';
import { alice, bob, fakeApi, fakeEvents, hikers, settle, text } from './helpers.js';

/** A promise you resolve from outside. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function rig(options: { concurrency?: number; deadlineMs?: number; maxPending?: number } = {}) {
  const api = fakeApi();
  const bot = new Composer();
  const dispatcher = new Dispatcher({ middleware: bot, api, ...options });
  const errors: BotError[] = [];
  dispatcher.catch((error) => {
    errors.push(error);
  });
  const host = new PluginHost({ composer: bot, api, events: fakeEvents(), onError: dispatcher.report });
  return { api, bot, dispatcher, host, errors };
}

describe('scheduling', () => {
  test('messages of one chat are handled strictly in order, chats concurrently', async () => {
    const { bot, dispatcher } = rig();
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    bot.on('text', async (ctx) => {
      log.push(`start ${ctx.text}`);
      const g = gate();
      gates.set(ctx.text, g);
      await g.promise;
      log.push(`end ${ctx.text}`);
    });
    dispatcher.dispatch(text('a1'));
    dispatcher.dispatch(text('a2'));
    dispatcher.dispatch(text('h1', { chat: hikers }));
    await settle();
    // a2 waits for a1; the group runs alongside.
    expect(log).toEqual(['start a1', 'start h1']);
    gates.get('h1')?.open();
    await settle();
    expect(log).toEqual(['start a1', 'start h1', 'end h1']);
    gates.get('a1')?.open();
    await settle();
    expect(log.slice(3)).toEqual(['end a1', 'start a2']);
    gates.get('a2')?.open();
    await dispatcher.idle();
    expect(log.at(-1)).toBe('end a2');
  });

  test('at most `concurrency` chats run at once', async () => {
    const { bot, dispatcher } = rig({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const waiting: Array<() => void> = [];
    bot.use(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => waiting.push(resolve));
      running -= 1;
    });
    const chats = ['@c1', '@c2', '@c3', '@c4', '@c5'];
    for (const userName of chats) dispatcher.dispatch(text('x', { chat: { ...alice, userName } }));
    await settle();
    expect(running).toBe(2);
    expect(dispatcher.pending).toBe(3);
    while (waiting.length > 0) {
      for (const release of waiting.splice(0)) release();
      await settle();
    }
    await dispatcher.idle();
    expect(peak).toBe(2);
  });

  test('a chain of plain handlers finishes in the microtask that started it: no deadline timer, no promise job per message', async () => {
    const timers: number[] = [];
    const clock = {
      ...systemClock,
      setTimeout: (fn: () => void, ms: number) => {
        timers.push(ms);
        return systemClock.setTimeout(fn, ms);
      },
    };
    const bot = new Composer();
    const done: string[] = [];
    const seen: string[] = [];
    const dispatcher = new Dispatcher({
      middleware: bot,
      api: fakeApi(),
      clock,
      onDone: (message) => done.push(message.id),
    });
    // Plain handlers, on the bot and in a plugin (its error boundary): the chain returns the
    // settled DONE that every `next()` of a synchronous chain returns.
    bot.use((_ctx, next) => next());
    const host = new PluginHost({
      composer: bot,
      api: fakeApi(),
      events: fakeEvents(),
      onError: dispatcher.report,
    });
    await host.load(
      definePlugin({
        name: 'plain',
        setup: (scope) => {
          scope.on('text', (ctx) => {
            seen.push(ctx.text);
          });
        },
      }),
    );
    for (let i = 0; i < 20; i++) dispatcher.dispatch(text(`m${i}`, { chat: i % 2 === 0 ? alice : hikers }));
    expect(done).toEqual([]); // tasks start in a microtask, never inside dispatch()
    await Promise.resolve(); // that one microtask: every message, both chats, in arrival order per chat
    expect(seen).toHaveLength(20);
    expect(done).toHaveLength(20);
    expect(timers).toEqual([]);
    expect(dispatcher.active).toBe(0);
  });

  test('over maxPending a task is still queued (never dropped) and room() waits for space', async () => {
    const scheduler = new ChatScheduler({ maxPending: 1, concurrency: 1 });
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const task = (n: number) => ({
      run: async () => {
        order.push(n);
        if (n === 0) await gate;
      },
      onTimeout: () => undefined,
      onError: () => undefined,
    });
    expect(scheduler.push('a', task(0))).toBe(true); // running
    expect(scheduler.room()).toBeUndefined();
    expect(scheduler.push('a', task(1))).toBe(true); // waiting
    expect(scheduler.full).toBe(true);
    expect(scheduler.push('a', task(2))).toBe(true); // over the limit: queued all the same
    let roomy = false;
    void scheduler.room()?.then(() => {
      roomy = true;
    });
    await Promise.resolve();
    expect(roomy).toBe(false);
    release();
    await scheduler.idle();
    expect(roomy).toBe(true);
    expect(order).toEqual([0, 1, 2]);
    scheduler.stop();
    expect(scheduler.push('a', task(3))).toBe(false);
  });
});

describe('isolation', () => {
  test('a throwing plugin is reported with its name and the plugins after it still run', async () => {
    const { host, dispatcher, errors, api } = rig();
    await host.load(
      definePlugin({
        name: 'crashy',
        setup: (bot) => {
          bot.on('text', () => {
            throw new Error('kaboom');
          });
        },
      }),
    );
    await host.load(
      definePlugin({ name: 'echo', setup: (bot) => void bot.on('text', (ctx) => ctx.reply(ctx.text)) }),
    );
    dispatcher.dispatch(text('one'));
    dispatcher.dispatch(text('two', { chat: hikers }));
    await dispatcher.idle();
    expect(api.sent.map((s) => s.message.to)).toEqual(['@alice', '@@hikers']);
    expect(errors.map((e) => [e.plugin, e.code, e.message])).toEqual([
      ['crashy', 'MIDDLEWARE', 'plugin "crashy" failed: kaboom'],
      ['crashy', 'MIDDLEWARE', 'plugin "crashy" failed: kaboom'],
    ]);
  });

  test('the default error handler logs the plugin name', async () => {
    const api = fakeApi();
    const bot = new Composer();
    const dispatcher = new Dispatcher({ middleware: bot, api });
    const host = new PluginHost({ composer: bot, api, events: fakeEvents(), onError: dispatcher.report });
    await host.load(
      definePlugin({ name: 'crashy', setup: (b) => void b.use(() => Promise.reject(new Error('x'))) }),
    );
    dispatcher.dispatch(text('x'));
    await dispatcher.idle();
    expect(api.logs).toContainEqual(
      expect.objectContaining({ level: 50, plugin: 'crashy', msg: 'plugin "crashy" failed: x' }),
    );
  });

  test('refused self-replies are logged quietly, not as errors', async () => {
    const api = fakeApi();
    api.send = () => Promise.reject(new WxError('SELF_REPLY', 'refused'));
    const bot = new Composer();
    const dispatcher = new Dispatcher({ middleware: bot, api });
    bot.use((ctx) => ctx.reply('loop'));
    dispatcher.dispatch(text('x', { self: true }));
    await dispatcher.idle();
    expect(api.logs.filter((l) => l.level === 50)).toEqual([]);
    expect(api.logs).toContainEqual(expect.objectContaining({ level: 20 }));
  });

  test('an error handler that throws does not break dispatching', async () => {
    const { bot, dispatcher } = rig();
    dispatcher.catch(() => {
      throw new Error('handler broke');
    });
    let handled = 0;
    bot.use(() => {
      handled += 1;
      throw new Error('x');
    });
    dispatcher.dispatch(text('1'));
    dispatcher.dispatch(text('2'));
    await dispatcher.idle();
    expect(handled).toBe(2);
  });

  test('a hanging plugin is timed out, named, and the chat moves on', async () => {
    jest.useFakeTimers();
    try {
      const { host, dispatcher, errors, api } = rig({ deadlineMs: 1000 });
      let signal: AbortSignal | undefined;
      await host.load(
        definePlugin({
          name: 'sleepy',
          setup: (bot) => {
            bot.hears('hang', (ctx) => {
              signal = ctx.signal;
              return new Promise(() => undefined);
            });
          },
        }),
      );
      await host.load(
        definePlugin({ name: 'echo', setup: (bot) => void bot.on('text', (ctx) => ctx.reply(ctx.text)) }),
      );
      dispatcher.dispatch(text('hang', { chat: { ...bob, userName: '@bob' } }));
      dispatcher.dispatch(text('next', { chat: { ...bob, userName: '@bob' } }));
      await jest.advanceTimersByTimeAsync(999);
      expect(api.sent).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      await dispatcher.idle();
      expect(signal?.aborted).toBe(true);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.code).toBe('TIMEOUT');
      expect(errors[0]?.plugin).toBe('sleepy');
      expect(errors[0]?.message).toMatch(
        /plugin "sleepy" did not finish handling message \d+ \(text from "Bob"\) within 1000 ms/,
      );
      // The abandoned message never reaches "echo"; the next one does.
      expect(api.sent.map((s) => s.message)).toEqual([{ kind: 'text', to: '@bob', text: 'next' }]);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test('stop drops waiting messages and refuses new ones', async () => {
    const { bot, dispatcher } = rig();
    const g = gate();
    let handled = 0;
    bot.use(async () => {
      handled += 1;
      await g.promise;
    });
    dispatcher.dispatch(text('1'));
    dispatcher.dispatch(text('2'));
    await settle();
    dispatcher.stop();
    expect(dispatcher.dispatch(text('3'))).toBe(false);
    g.open();
    await dispatcher.idle();
    expect(handled).toBe(1);
  });
});
