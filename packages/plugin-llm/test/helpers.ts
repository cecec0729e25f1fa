import { createFakeModel, type FakeModel, type FakeModelOptions } from '@wxbot/simulator';
import { createTestBot, type TestBot, type TestBotOptions, type TestCast } from '@wxbot/testing';
import { pino } from 'pino';
import { createLlmPlugin, type LlmPluginConfig, type LlmRuntime } from '../src/index.js';

/** The key the fake model expects and the plugin reads from its (fake) environment. */
export const TEST_KEY = 'sk-test-5b9e1c0d7a';
export const KEY_ENV = 'WXBOT_TEST_LLM_KEY';

/** Friends and groups the e2e tests use; bob and carol are strangers (group members only). */
export const CAST: TestCast = {
  friends: ['alice', 'olivia'],
  groups: [
    { topic: 'Hikers', members: ['alice', 'bob', 'carol'] },
    { topic: 'Cooks', members: ['bob', 'carol'] },
  ],
};

/** A clock a test moves by hand (memory expiry, rate windows, service hours). */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-03-02T10:00:00')): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A pino destination that keeps every line (to check what was logged). */
export class LogLines {
  readonly lines: string[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') this.lines.push(line);
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/** A running world: the fake model, the bot on the simulator with the LLM plugin, a clock. */
export interface LlmWorld {
  readonly kit: TestBot;
  readonly model: FakeModel;
  readonly clock: ManualClock;
  readonly logs: LogLines;
  stop(): Promise<void>;
}

/** Options of {@link startLlm}. */
export interface StartOptions {
  readonly runtime?: Omit<LlmRuntime, 'env' | 'clock'>;
  readonly model?: FakeModelOptions;
  readonly cast?: TestCast;
  /** Register plugins/middleware before the LLM plugin (e.g. auto-reply rules). */
  readonly before?: TestBotOptions['setup'];
  /** Register plugins/middleware after it. */
  readonly after?: TestBotOptions['setup'];
}

/**
 * Starts a fake OpenAI-compatible model and a bot (on the simulator) whose LLM plugin talks to it
 * over real HTTP with the key from a fake environment; retries and timeouts are short.
 */
export async function startLlm(
  options: Partial<LlmPluginConfig> = {},
  start: StartOptions = {},
): Promise<LlmWorld> {
  const model = await createFakeModel({ apiKey: TEST_KEY, ...start.model });
  const clock = manualClock();
  const logs = new LogLines();
  const plugin = createLlmPlugin({
    env: { [KEY_ENV]: TEST_KEY },
    clock: clock.now,
    random: () => 0,
    ...start.runtime,
  });
  const config: LlmPluginConfig = {
    baseURL: model.url,
    model: 'fake-model',
    apiKeyEnv: KEY_ENV,
    timeoutMs: 2000,
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 50 },
    ...options,
  };
  let kit: TestBot;
  try {
    kit = await createTestBot({
      cast: start.cast ?? CAST,
      bot: { logger: pino({ level: 'debug' }, logs) },
      setup: async (bot) => {
        await start.before?.(bot);
        await bot.plugin(plugin, config);
        await start.after?.(bot);
      },
    });
  } catch (error) {
    await model.close();
    throw error;
  }
  return {
    kit,
    model,
    clock,
    logs,
    stop: async () => {
      try {
        await kit.stop();
      } finally {
        await model.close();
      }
    },
  };
}

/** A short real wait to check that nothing is sent. */
export const QUIET = { withinMs: 150 } as const;

/** The roles and texts of a request's messages, for compact assertions. */
export function transcriptOf(messages: readonly { role: string; content: unknown }[]): string[] {
  return messages.map(
    (m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}`,
  );
}
