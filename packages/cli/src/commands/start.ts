import type { CommandContext } from './context.js';
import { notAvailableYet } from './not-available.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot start`. */
export interface StartOptions {
  /** `-c FILE`. */
  config?: string;
  /** `--sandbox`: run against the in-process simulator with the config's cast. */
  sandbox: boolean;
}

/**
 * `wxbot start`: loads the config and plugins, then (phase two) starts the bot — on the real
 * WeChat hosts (or `hosts.connectTo`), or with `--sandbox` on an in-process simulator with a
 * terminal prompt — and runs until `ctx.io.signal` aborts, then flushes the outbox, saves the
 * session and returns 0.
 */
export async function startCommand(options: StartOptions, ctx: CommandContext): Promise<number> {
  const run = await prepareRun(ctx, { configFile: options.config });
  run.logger.debug(
    { plugins: run.plugins.map((p) => p.plugin.name), sandbox: options.sandbox },
    'config loaded',
  );
  // PHASE 2: create the Bot from run.loaded.config, use run.plugins, show the QR with showLoginQr,
  // stop on ctx.io.signal; return ExitCode.Ok / Login / Interrupted.
  return notAvailableYet(ctx, 'start');
}
