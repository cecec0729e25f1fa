import { type LogTail, type SandboxBridge, startConsole, type WebConsole } from '@wxbot/console';
import type { Bot } from '@wxbot/core';
import type { PreparedRun } from '../commands/context.js';
import type { WxbotConfig } from '../config/schema.js';
import { type ResolvedIO, writeLine } from '../io.js';
import type { ConfigWatch } from './config-watch.js';
import { consolePlugins } from './console-plugins.js';
import type { TransportExtras } from './transports.js';

/** The env var that gives the console its token (overrides `console.token`). */
export const CONSOLE_TOKEN_ENV = 'WXBOT_CONSOLE_TOKEN';

/** The console settings in effect: the config's section, or the defaults when only `--console` was given. */
export function consoleSettings(
  config: WxbotConfig,
  flag: boolean,
  env: Readonly<Record<string, string | undefined>>,
): NonNullable<WxbotConfig['console']> | undefined {
  const section = config.console ?? (flag ? { port: 0, host: '127.0.0.1', token: undefined } : undefined);
  if (section === undefined) return undefined;
  const fromEnv = env[CONSOLE_TOKEN_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? { ...section, token: fromEnv } : section;
}

/**
 * Starts the web console for a run before the bot logs in (so the page shows the QR) and prints its
 * address once: the link carries the access token. Its Plugins page edits `file` (read-only when
 * undefined) and reloads through the run's config watcher.
 */
export async function openWebConsole(
  bot: Bot,
  settings: NonNullable<WxbotConfig['console']>,
  parts: {
    io: ResolvedIO;
    run: PreparedRun;
    logTail: LogTail;
    file: string | undefined;
    watcher: () => ConfigWatch | undefined;
    llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
    sandbox?: SandboxBridge;
  },
): Promise<WebConsole> {
  const { run } = parts;
  const plugins = consolePlugins({
    bot,
    file: parts.file,
    dir: run.loaded.dir,
    entries: run.loaded.config.plugins,
    plugins: run.plugins,
    watcher: parts.watcher,
    ...(parts.llmEndpoint !== undefined ? { llmEndpoint: parts.llmEndpoint } : {}),
  });
  const web = await startConsole(bot, {
    port: settings.port,
    host: settings.host,
    ...(settings.token !== undefined ? { token: settings.token } : {}),
    logTail: parts.logTail,
    plugins,
    logger: run.logger,
    ...(parts.sandbox !== undefined ? { sandbox: parts.sandbox } : {}),
  });
  writeLine(parts.io.stdout, `console: ${web.url}`);
  writeLine(
    parts.io.stdout,
    '  (this link holds the console token: open it once in your browser, do not share it)',
  );
  return web;
}

/**
 * iLink login hooks for a console opened in `beforeStart`: the verify code is asked in the Login
 * page (not on the terminal), and every QR step (expired, blocked, redirected) shows there.
 */
export function consoleLoginHooks(
  web: () => WebConsole | undefined,
  io?: ResolvedIO,
): Pick<NonNullable<TransportExtras['ilink']>, 'verifyCode' | 'onLoginEvent'> {
  return {
    verifyCode: (request) => {
      const console = web();
      if (console === undefined) return Promise.resolve(undefined);
      if (io !== undefined) {
        writeLine(
          io.stdout,
          `${request.wrong ? 'That number was wrong. ' : ''}Type the number shown on your phone in the console's Login page: ${console.baseUrl}#/login`,
        );
      }
      return console.login.askVerifyCode(request);
    },
    onLoginEvent: (step) => web()?.login.noteLoginStep(step),
  };
}
