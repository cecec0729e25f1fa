import { rm } from 'node:fs/promises';
import { loadSession, saveSession, WebWxClient } from '@wxbot/core';
import { displayPath } from '../config/load-config.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { botOptionsFromConfig } from '../runtime/bot-options.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot logout`. */
export interface LogoutOptions {
  config?: string;
}

/**
 * `wxbot logout`: ends the web session on the server (the phone shows it) and deletes the saved
 * session. It never shows a QR code or asks the phone: a session that already ended is just deleted.
 */
export async function logoutCommand(options: LogoutOptions, ctx: CommandContext): Promise<number> {
  const { loaded, logger } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  const file = config.login.sessionFile;
  const shown = displayPath(ctx.io.cwd, file);
  const out = ctx.io.stdout;
  const saved = await loadSession(file);
  if (saved.status === 'missing') {
    writeLine(out, `no saved session (${shown}); nothing to do`);
    return ExitCode.Ok;
  }
  if (saved.status === 'invalid' || saved.data.credentials === undefined) {
    await rm(file, { force: true });
    writeLine(out, `the saved session had already ended; deleted ${shown}`);
    return ExitCode.Ok;
  }
  // Resume from a copy without the uin: no push-login request reaches the phone, and a dead
  // session fails fast instead of falling back to a QR code.
  const copy = `${file}.logout`;
  await saveSession(copy, { ...saved.data, uin: 0 });
  const client = new WebWxClient({
    ...botOptionsFromConfig(config, { logger }),
    sessionFile: copy,
    autoRelogin: false,
  });
  client.on('qr', () => {
    client.stop().catch(() => undefined);
  });
  let loggedOut = false;
  try {
    const method = await client.login();
    if (method === 'resume') {
      await client.logout();
      loggedOut = true;
    }
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'the saved session could not be resumed');
  } finally {
    await client.stop().catch(() => undefined);
    await rm(copy, { force: true });
    await rm(file, { force: true });
  }
  writeLine(
    out,
    loggedOut
      ? `logged out on the server; deleted ${shown}`
      : `the session had already ended on the server; deleted ${shown}`,
  );
  return ExitCode.Ok;
}
