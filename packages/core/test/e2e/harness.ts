import type { Bot, Message, MessageKind, MessageOf, WxBotEvents } from '@wxbot/core';
import { createTestBot, type TestBot, type TestBotOptions } from '@wxbot/testing';

/**
 * A test bot whose middleware records every message it is handed, so a test can wait for the
 * exact normalized `Message` a plugin would see (by MsgId) and compare it with what
 * `bot.events.on('message')` emitted.
 */
export interface Harness {
  readonly kit: TestBot;
  readonly bot: Bot;
  /** Messages the middleware chain received, in order. */
  readonly handled: Message[];
  /** Messages `bot.events` emitted as `message`, in order. */
  readonly emitted: Message[];
  /** Wait until the middleware received the message with this MsgId; checks the event saw it too. */
  handledById(id: string, timeoutMs?: number): Promise<Message>;
  /** Same, narrowed to a kind (fails with the actual kind otherwise). */
  handledAs<K extends MessageKind>(kind: K, id: string, timeoutMs?: number): Promise<MessageOf<K>>;
  /** Wait until the event `message` emitted the message with this MsgId (statusNotify is not dispatched). */
  emittedById(id: string, timeoutMs?: number): Promise<Message>;
  stop(): Promise<void>;
}

/** Poll `check` (every few ms) until it returns a value; fail with `what` after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Wait for the next `name` event on the bot whose arguments satisfy `predicate`. */
export function nextEvent<K extends keyof WxBotEvents>(
  bot: Bot,
  name: K,
  predicate: (...args: Parameters<WxBotEvents[K]>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<WxBotEvents[K]>> {
  return new Promise((resolve, reject) => {
    const listener = ((...args: Parameters<WxBotEvents[K]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      bot.events.off(name, listener as never);
      resolve(args);
    }) as WxBotEvents[K];
    const timer = setTimeout(() => {
      bot.events.off(name, listener as never);
      reject(new Error(`no "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    bot.events.on(name, listener as never);
  });
}

/** Start a test bot (friends, groups, plugins as in `createTestBot`) that records what it handles. */
export async function startHarness(options: TestBotOptions = {}): Promise<Harness> {
  const handled: Message[] = [];
  const emitted: Message[] = [];
  const kit = await createTestBot({
    pacing: false,
    ...options,
    setup: async (bot) => {
      bot.events.on('message', (message) => emitted.push(message));
      bot.use((ctx, next) => {
        handled.push(ctx.message);
        return next();
      });
      await options.setup?.(bot);
    },
  });
  const emittedById = (id: string, timeoutMs = 10_000) =>
    waitUntil(() => emitted.find((m) => m.id === id), `message ${id} on bot.events`, timeoutMs);
  const handledById = async (id: string, timeoutMs = 10_000) => {
    const message = await waitUntil(
      () => handled.find((m) => m.id === id),
      `message ${id} in the middleware`,
      timeoutMs,
    );
    // The event and the middleware see the very same normalized object, exactly once each.
    expect(emitted.filter((m) => m.id === id)).toEqual([message]);
    expect(handled.filter((m) => m.id === id)).toHaveLength(1);
    return message;
  };
  return {
    kit,
    bot: kit.bot,
    handled,
    emitted,
    handledById,
    emittedById,
    async handledAs<K extends MessageKind>(kind: K, id: string, timeoutMs?: number) {
      const message = await handledById(id, timeoutMs);
      expect(message.kind).toBe(kind);
      return message as MessageOf<K>;
    },
    stop: () => kit.stop(),
  };
}
