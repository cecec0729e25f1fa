import type { LogTail, SandboxBridge, WebConsole } from '@wxbot/console';
import type { Bot } from '@wxbot/core';
import type { CommandContext, PreparedRun } from '../commands/context.js';
import type { WxbotConfig } from '../config/schema.js';
import { type ConfigWatch, watchConfig } from '../runtime/config-watch.js';
import type { LaunchOptions } from '../runtime/run-bot.js';
import { consoleLoginHooks, openWebConsole } from '../runtime/web-console.js';
import type { IlinkSandboxWorld } from './ilink-world.js';

/** The Sandbox page on the iLink simulator: the one simulated user who writes to the bot. */
export function ilinkSandboxBridge(world: IlinkSandboxWorld): SandboxBridge {
  const name = world.userName;
  return {
    cast: () => ({ friends: [name], groups: [], chats: { [name]: world.user.userId } }),
    async say({ as, group, text }) {
      if (group !== undefined) {
        throw new Error(`iLink has no groups: only ${name} talks to the bot, in a direct chat`);
      }
      if (as !== name) {
        throw new Error(`on iLink only ${name} talks to the bot (the account's owner); got "${as}"`);
      }
      world.user.says(text);
      return { chat: world.user.userId };
    },
  };
}

/** The web console of `wxbot start --sandbox --console` on the iLink simulator. */
export interface IlinkSandboxConsole {
  /** What `launchBot` needs: the console opens before the login, the Login page gets its steps. */
  readonly launch: Pick<LaunchOptions, 'beforeStart' | 'ilink'>;
  /** The bot runs: plugin options saved from the page (or edited by hand) now apply live. */
  running(bot: Bot): void;
  close(): Promise<void>;
}

/**
 * Serves the console for the iLink sandbox: Login, Status (window and quota), Chats, Plugins
 * (saved to the config file and reloaded with the sandbox's offline model kept) and a Sandbox
 * page that writes as the simulated user.
 */
export function ilinkSandboxConsole(
  run: PreparedRun,
  ctx: CommandContext,
  world: IlinkSandboxWorld,
  parts: {
    settings: NonNullable<WxbotConfig['console']>;
    logTail: LogTail;
    llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
  },
): IlinkSandboxConsole {
  let web: WebConsole | undefined;
  let watcher: ConfigWatch | undefined;
  const file = run.usedFallback ? undefined : run.loaded.filepath;
  const llm = parts.llmEndpoint !== undefined ? { llmEndpoint: parts.llmEndpoint } : {};
  return {
    launch: {
      ilink: {
        ...world.ilink,
        ...consoleLoginHooks(() => web),
        names: { [world.user.userId]: world.userName },
      },
      beforeStart: async (created) => {
        web = await openWebConsole(created, parts.settings, {
          io: ctx.io,
          run,
          logTail: parts.logTail,
          file,
          watcher: () => watcher,
          ...llm,
          sandbox: ilinkSandboxBridge(world),
        });
      },
    },
    running(bot) {
      if (file === undefined) return;
      const { config, dir } = run.loaded;
      watcher = watchConfig(bot, { file, dir, config, plugins: run.plugins, ...llm }, run.logger);
    },
    close: async () => {
      watcher?.close();
      await web?.close();
    },
  };
}
