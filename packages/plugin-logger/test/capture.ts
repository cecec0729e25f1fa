import type { Bot } from '@wxbot/core';
import { createTestBot, type TestBot, type TestBotOptions } from '@wxbot/testing';
import { createLoggerPlugin, type LoggerOptionsInput, type LoggerRuntime } from '../src/index.js';

/** A pino destination that keeps every line in memory. */
export class MemoryStream {
  readonly lines: string[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') this.lines.push(line);
  }
  /** Every line, parsed. */
  get records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  /** Waits (really) until a record matches. */
  async waitFor(
    test: (r: Record<string, unknown>) => boolean,
    timeoutMs = 3000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find(test);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no record matched within ${timeoutMs} ms; got:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Options of {@link startLogger}. */
export interface StartOptions {
  readonly runtime?: LoggerRuntime;
  /** Middleware after the logger (e.g. a ping → pong handler). */
  readonly setup?: (bot: Bot) => void | Promise<void>;
  readonly bot?: TestBotOptions['bot'];
}

/** A simulator + bot with the logger plugin writing to a {@link MemoryStream}, on the bot's (the kit's) clock. */
export async function startLogger(
  options: LoggerOptionsInput,
  start: StartOptions = {},
): Promise<{ kit: TestBot; out: MemoryStream }> {
  const out = new MemoryStream();
  // No clock: the plugin follows the bot's (the kit's accelerated clock).
  const plugin = createLoggerPlugin({ stream: out, ...start.runtime });
  const kit = await createTestBot({
    cast: { friends: ['alice'], groups: [{ topic: 'Hikers', members: ['alice', 'bob'] }] },
    ...(start.bot ? { bot: start.bot } : {}),
    // Loaded in setup: the kit's PluginEntry type does not accept a plugin with a typed schema.
    setup: async (bot) => {
      await bot.plugin(plugin, options);
      await start.setup?.(bot);
    },
  });
  return { kit, out };
}
