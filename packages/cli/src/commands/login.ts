import { WebWxClient } from '@wxbot/core';
import { displayPath } from '../config/load-config.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { showLoginQr } from '../qr.js';
import { botOptionsFromConfig } from '../runtime/bot-options.js';
import { InterruptedError } from '../runtime/run-bot.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot login`. */
export interface LoginOptions {
  config?: string;
}

/**
 * `wxbot login`: logs in by QR (or resumes the saved session), saves the session to
 * `login.sessionFile` and exits, so a later `wxbot start` needs no phone. Exit 4 when the login
 * is refused (the message says what to do, e.g. switch `login.mode` to desktop after ret=1203).
 */
export async function loginCommand(options: LoginOptions, ctx: CommandContext): Promise<number> {
  const { loaded, logger } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  const { stdout } = ctx.io;
  const client = new WebWxClient(botOptionsFromConfig(config, { logger }));
  client.on('qr', (qr) => {
    showLoginQr(qr.url, {
      out: stdout,
      ...(config.login.qrPngFile !== undefined ? { pngFile: config.login.qrPngFile } : {}),
    }).catch(() => undefined);
  });
  client.on('scan', () => writeLine(stdout, 'Scanned. Confirm the login on your phone.'));
  const onAbort = () => {
    client.stop().catch(() => undefined);
  };
  ctx.io.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const method = await client.login();
    const how = method === 'resume' ? 'the saved session is still valid' : `logged in (${method})`;
    writeLine(
      stdout,
      `${how}: ${client.self?.name ?? '?'}; session saved to ${displayPath(ctx.io.cwd, config.login.sessionFile)}`,
    );
  } catch (err) {
    if (ctx.io.signal.aborted) throw new InterruptedError();
    throw err;
  } finally {
    ctx.io.signal.removeEventListener('abort', onAbort);
    await client.stop();
  }
  return ExitCode.Ok;
}
