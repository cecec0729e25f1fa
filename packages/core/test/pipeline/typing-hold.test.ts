import { jest } from '@jest/globals';
import pino from 'pino';
import type { Adapter } from '../../src/adapter/adapter.js';
import { TYPING_HOLD_MAX_MS, TypingWhileHandling } from '../../src/bot-typing.js';
import { Composer } from '../../src/pipeline/composer.js';
import { Context } from '../../src/pipeline/context.js';
import { definePlugin, type PluginContext } from '../../src/pipeline/plugin.js';
import { PluginHost } from '../../src/pipeline/plugin-host.js';
import { alice, fakeApi, fakeEvents, text } from './helpers.js';

// Plugins that answer after their handler returned (a model call) hold "typing…" themselves; the
// hold is counted with the indicator the runtime shows while the chat's messages are handled.

/** An adapter that only records what the indicator did: `+chat` shown, `-chat` cleared. */
function typingAdapter(typing = true): { adapter: Adapter; shown: string[] } {
  const shown: string[] = [];
  const adapter = {
    capabilities: { typing },
    typing: async (chat: string, on: boolean) => {
      shown.push(`${on ? '+' : '-'}${chat}`);
    },
  } as unknown as Adapter;
  return { adapter, shown };
}

const silent = pino({ level: 'silent' });

afterEach(() => {
  jest.useRealTimers();
});

test("a hold and the handler's indicator are one: shown once, cleared when the last lets go", () => {
  const { adapter, shown } = typingAdapter();
  const typing = new TypingWhileHandling(adapter, true, silent);
  const message = text('question');
  typing.started(message);
  const release = typing.hold(alice.userName);
  typing.finished(message); // the handler returned; the plugin still works
  expect(shown).toEqual([`+${alice.userName}`]);
  release();
  expect(shown).toEqual([`+${alice.userName}`, `-${alice.userName}`]);
  release(); // twice is harmless
  typing.started(message);
  expect(shown).toHaveLength(3);
  typing.finished(message);
  expect(shown).toEqual([
    `+${alice.userName}`,
    `-${alice.userName}`,
    `+${alice.userName}`,
    `-${alice.userName}`,
  ]);
});

test('a forgotten hold ends by itself after maxMs, and never later than the maximum', () => {
  jest.useFakeTimers();
  const { adapter, shown } = typingAdapter();
  const typing = new TypingWhileHandling(adapter, true, silent);
  typing.hold('@a', 1000);
  typing.hold('@b', 10 * TYPING_HOLD_MAX_MS);
  jest.advanceTimersByTime(1000);
  expect(shown).toEqual(['+@a', '+@b', '-@a']);
  jest.advanceTimersByTime(TYPING_HOLD_MAX_MS - 1000);
  expect(shown).toEqual(['+@a', '+@b', '-@a', '-@b']);
});

test('no typing where the transport has none or the option is off; the release is a no-op', () => {
  for (const [capable, enabled] of [
    [false, true],
    [true, false],
  ] as const) {
    const { adapter, shown } = typingAdapter(capable);
    const typing = new TypingWhileHandling(adapter, enabled, silent);
    typing.hold('@a')();
    expect(shown).toEqual([]);
  }
  // With a fake bot (no holdTyping), ctx.typing() is a no-op too.
  const ctx = new Context(text('hi'), fakeApi());
  expect(() => ctx.typing()()).not.toThrow();
});

test('a hold released after the bot stopped does not clear a newer indicator', () => {
  const { adapter, shown } = typingAdapter();
  const typing = new TypingWhileHandling(adapter, true, silent);
  const stale = typing.hold('@a');
  typing.clearAll();
  const message = text('again');
  typing.started(message);
  stale();
  expect(shown).toEqual(['+@a', '-@a', `+${alice.userName}`]);
  // And a message of the bot's own does not end a person's indicator.
  typing.finished(text('mine', { self: true }));
  expect(shown).toHaveLength(3);
});

test("ctx.typing() holds the message's chat; a plugin's holds end when it unloads", async () => {
  const { adapter, shown } = typingAdapter();
  const typing = new TypingWhileHandling(adapter, true, silent);
  const api = { ...fakeApi(), holdTyping: (chat: string) => typing.hold(chat) };
  const ctx = new Context(text('hi'), api);
  const done = ctx.typing();
  expect(shown).toEqual([`+${alice.userName}`]);
  done();
  expect(shown).toEqual([`+${alice.userName}`, `-${alice.userName}`]);

  let scope: PluginContext | undefined;
  const worker = definePlugin({
    name: 'worker',
    setup(bot) {
      scope = bot;
    },
  });
  const host = new PluginHost({
    composer: new Composer(),
    api,
    events: fakeEvents(),
    onError: () => undefined,
  });
  await host.load(worker, undefined);
  scope?.holdTyping('@room');
  expect(shown.at(-1)).toBe('+@room');
  await host.unload('worker');
  expect(shown.at(-1)).toBe('-@room');
});
