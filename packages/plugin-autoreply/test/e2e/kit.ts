import {
  createTestBot,
  isVirtualClock,
  type TestBot,
  type TestBotOptions,
  type TestCast,
} from '@wxbot/testing';
import { type AutoreplyPluginConfig, type AutoreplyRuntime, createAutoreplyPlugin } from '../../src/index.js';

/** Friends and groups most e2e tests use. bob and carol are strangers (group members only). */
export const CAST: TestCast = {
  friends: ['alice', 'olivia', 'mallory'],
  groups: [
    { topic: 'Hikers', members: ['alice', 'bob', 'carol', 'olivia', 'mallory'] },
    { topic: 'Cooks', members: ['bob', 'carol'] },
  ],
};

/** Options of {@link startAutoreply}. */
export interface StartOptions {
  /** Extra runtime (rng, load, baseDir, a fixed clock…). Without a clock the plugin uses the bot's (the kit's). */
  readonly runtime?: AutoreplyRuntime;
  readonly cast?: TestCast;
  /** Middleware after the plugin (a "later plugin"). */
  readonly setup?: TestBotOptions['setup'];
  /** The kit's clock (`virtual` for timing checks that must hold on a loaded machine). */
  readonly clock?: TestBotOptions['clock'];
}

/**
 * A simulator + bot with the auto-reply plugin loaded. The plugin follows the bot's clock
 * (`kit.clock`, accelerated, shared with the simulator) unless the runtime gives another one.
 */
export async function startAutoreply(
  config: AutoreplyPluginConfig,
  options: StartOptions = {},
): Promise<TestBot> {
  const plugin = createAutoreplyPlugin(options.runtime);
  // Loaded in setup (not `plugins:`): the kit's PluginEntry type does not accept a plugin with a
  // typed schema; the order is the same (this plugin first, then the test's middleware).
  return createTestBot({
    cast: options.cast ?? CAST,
    ...(options.clock ? { clock: options.clock } : {}),
    setup: async (bot) => {
      await bot.plugin(plugin, config);
      await options.setup?.(bot);
    },
  });
}

/**
 * Until the kit's clock reaches `at`: the virtual clock plays the bot's life up to then (every
 * timer in order, messages in transit arriving); the accelerated one is waited for.
 */
export async function clockReaches(kit: TestBot, at: number): Promise<void> {
  const clock = kit.clock;
  if (isVirtualClock(clock)) {
    await clock.advance(Math.max(0, at - clock.now()));
    return;
  }
  while (clock.now() < at) await new Promise((r) => setTimeout(r, 5));
}

/** A short real wait to check that nothing is sent. */
export const QUIET = { withinMs: 150 } as const;
