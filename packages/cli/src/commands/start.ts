import type { LogTail, WebConsole } from '@wxbot/console';
import type { Bot } from '@wxbot/core';
import type { WxbotConfig } from '../config/schema.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { type ConfigWatch, type ConfigWatchOptions, watchConfig } from '../runtime/config-watch.js';
import { reloginRefusal } from '../runtime/ending-gate.js';
import { showRiskNoticeOnce } from '../runtime/risk-notice.js';
import { launchBot, readyLine, untilStopped } from '../runtime/run-bot.js';
import { CLI_TRANSPORTS, isCliTransport, sessionFileFor } from '../runtime/transport-names.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot start`. */
export interface StartOptions {
  /** `-c FILE`. */
  config?: string;
  /** `--sandbox`: run against the in-process simulator with the config's cast. */
  sandbox: boolean;
  /** `--transport NAME`: use this transport instead of the config's `transport:`. */
  transport?: string;
  /** `--console`: serve the web console (also on when the config has a `console:` section). */
  console?: boolean;
}

/** Transports the sandbox has a simulator for. */
export const SANDBOX_TRANSPORTS: readonly string[] = ['web', 'ilink'];

// A bad --transport is a usage error that names what exists (exit 2), before anything starts.
function transportProblem(options: StartOptions): string | undefined {
  const name = options.transport;
  if (name === undefined) return undefined;
  if (!isCliTransport(name)) {
    return `unknown transport "${name}" (--transport): expected one of ${CLI_TRANSPORTS.join(', ')}`;
  }
  if (options.sandbox && !SANDBOX_TRANSPORTS.includes(name)) {
    return `the sandbox has no simulator for transport "${name}" yet (--transport): expected one of ${SANDBOX_TRANSPORTS.join(', ')}`;
  }
  return undefined;
}

/**
 * `wxbot start`: loads the config and plugins, logs in (QR in the terminal and as a PNG when
 * `login.qrPngFile` is set, or the saved session), prints a `ready:` line and runs until
 * SIGINT/SIGTERM (`ctx.io.signal`), then sends what is queued, saves the session and returns 0.
 * With `--sandbox` it runs on an in-process simulator with a prompt instead (see `runSandbox`).
 *
 * Exit codes: 0 clean stop; 3 config; 4 login refused/failed, or refused to log in again after
 * a restriction-like ending until a person runs `wxbot login`; 130 interrupted before ready;
 * 1 when the session ended and wxbot does not log in again by itself (autoRelogin off, a
 * restriction-like ending, or the phone did not confirm the push login): the message says why.
 */
export async function startCommand(options: StartOptions, ctx: CommandContext): Promise<number> {
  const problem = transportProblem(options);
  if (problem) {
    writeLine(ctx.io.stderr, `wxbot: ${problem}`);
    return ExitCode.Usage;
  }
  // The sandbox (and the simulator it runs) is loaded only for `--sandbox`.
  if (options.sandbox) return (await import('./sandbox.js')).runSandbox(options, ctx, 'prompt');

  // The web console (its server, pages and log tail) loads only when this run serves it.
  const wantsConsole = (config: WxbotConfig) => config.console !== undefined || options.console === true;
  let logTail: LogTail | undefined;
  const run = await prepareRun(ctx, {
    configFile: options.config,
    logStream: async (config) => {
      if (!wantsConsole(config)) return undefined;
      logTail = (await import('@wxbot/console')).createLogTail();
      return logTail.stream;
    },
  });
  if (options.transport !== undefined && isCliTransport(options.transport)) {
    run.loaded.config.transport = options.transport;
  }
  run.logger.debug(
    { plugins: run.plugins.map((p) => p.plugin.name), config: run.loaded.label },
    'config loaded',
  );
  const refusal = await reloginRefusal(run.loaded.config, sessionFileFor(run.loaded.config));
  if (refusal !== undefined) {
    writeLine(ctx.io.stderr, `wxbot: ${refusal}`);
    return ExitCode.Login;
  }
  await showRiskNoticeOnce(run.loaded.config, ctx.io.stderr);
  const webConsole = wantsConsole(run.loaded.config) ? await import('../runtime/web-console.js') : undefined;
  const settings = webConsole?.consoleSettings(run.loaded.config, options.console === true, ctx.env);
  const file = run.loaded.filepath;
  const tail = logTail;
  let web: WebConsole | undefined;
  let watcher: ConfigWatch | undefined;
  const bot = await launchBot(run, ctx.io, {
    ...(settings !== undefined && webConsole !== undefined && tail !== undefined
      ? {
          ilink: webConsole.consoleLoginHooks(() => web, ctx.io),
          beforeStart: async (created: Bot) => {
            web = await webConsole.openWebConsole(created, settings, {
              io: ctx.io,
              run,
              logTail: tail,
              file,
              watcher: () => watcher,
            });
          },
        }
      : {}),
  }).catch(async (error: unknown) => {
    await web?.close();
    throw error;
  });
  writeLine(ctx.io.stdout, readyLine(bot));
  // Edits to the config reload the plugins whose options changed, without a re-login.
  watcher =
    file === undefined
      ? undefined
      : watchConfig(
          bot,
          { file, dir: run.loaded.dir, config: run.loaded.config, plugins: run.plugins },
          run.logger,
          reloadOptions(ctx.env),
        );
  const ended = await untilStopped(bot, ctx.io.signal);
  watcher?.close();
  run.logger.info(
    ended.why === 'signal' ? 'stopping: sending what is queued and saving the session' : 'stopping',
  );
  await bot.stop();
  await web?.close();
  if (ended.why === 'logout') {
    writeLine(ctx.io.stderr, `wxbot: the session ended. ${ended.reason}`);
    return ExitCode.Failure;
  }
  writeLine(ctx.io.stdout, 'stopped: queue sent, session saved');
  return ExitCode.Ok;
}

/** `WXBOT_RELOAD_DEBOUNCE_MS` shortens the quiet time before a config reload (tests). */
function reloadOptions(env: Readonly<Record<string, string | undefined>>): ConfigWatchOptions {
  const ms = Number(env.WXBOT_RELOAD_DEBOUNCE_MS);
  return Number.isFinite(ms) && ms >= 0 && env.WXBOT_RELOAD_DEBOUNCE_MS !== undefined
    ? { debounceMs: ms }
    : {};
}
