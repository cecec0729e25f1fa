import { access, rm } from 'node:fs/promises';
import { HandledLog, LoginError, loadSession, lockSession, WebWxClient, WxNetworkError } from '@wxbot/core';
import { displayPath } from '../config/load-config.js';
import { firstLine } from '../error-message.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { botOptionsFromConfig } from '../runtime/bot-options.js';
import { ilinkSessionFile } from '../runtime/transport-names.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot logout`. */
export interface LogoutOptions {
  config?: string;
}

/**
 * `wxbot logout`: ends the web session on the server (the phone shows it) and deletes the saved
 * session. It only resumes the saved session (`login({ resumeOnly: true })`): it never shows a QR
 * code or asks the phone, and a session that already ended is just deleted. When WeChat cannot be
 * reached the file is kept (run it again later) and it exits 1.
 */
export async function logoutCommand(options: LogoutOptions, ctx: CommandContext): Promise<number> {
  const { loaded, logger } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  if (config.transport === 'ilink')
    return forgetIlinkSession(ilinkSessionFile(config.login.sessionFile), ctx);
  const file = config.login.sessionFile;
  const shown = displayPath(ctx.io.cwd, file);
  const out = ctx.io.stdout;
  const saved = await loadSession(file);
  if (saved.status === 'missing') {
    writeLine(out, `no saved session (${shown}); nothing to do`);
    return ExitCode.Ok;
  }
  const client = new WebWxClient({
    ...botOptionsFromConfig(config, { logger }),
    // Log out the session that is saved, even if login.mode changed since.
    ...(saved.status === 'ok' ? { mode: saved.data.mode } : {}),
    autoRelogin: false,
  });
  let outcome: 'logged-out' | 'ended' | 'unusable';
  try {
    await client.login({ resumeOnly: true });
    await client.logout();
    outcome = 'logged-out';
  } catch (err) {
    if (!(err instanceof LoginError) || (err.code !== 'SESSION_ENDED' && err.code !== 'NO_SESSION')) {
      const reach = err instanceof WxNetworkError ? 'could not reach WeChat' : 'could not log out';
      writeLine(
        ctx.io.stderr,
        `wxbot: ${reach} (${firstLine(err)}); ${shown} is kept: run \`wxbot logout\` again, or delete it to forget the session here only`,
      );
      return ExitCode.Failure;
    }
    logger.debug({ code: err.code }, 'the saved session could not be resumed');
    outcome = err.code === 'SESSION_ENDED' ? 'ended' : 'unusable';
  } finally {
    await client.stop().catch(() => undefined);
  }
  await rm(file, { force: true });
  // The handled-messages log beside it belongs to the session too.
  new HandledLog(file).clear();
  const said = {
    'logged-out': `logged out on the server; deleted ${shown}`,
    ended: `the session had already ended on the server; deleted ${shown}`,
    unusable: `the saved session was unusable; deleted ${shown}`,
  }[outcome];
  writeLine(out, said);
  return ExitCode.Ok;
}

/**
 * iLink has no logout endpoint: the bot's token stays bound until the person unbinds ClawBot on the
 * phone. `wxbot logout` forgets it here (the session file and its handled-messages log) and says so.
 */
async function forgetIlinkSession(file: string, ctx: CommandContext): Promise<number> {
  const shown = displayPath(ctx.io.cwd, file);
  if (!(await exists(file))) {
    writeLine(ctx.io.stdout, `no saved iLink session (${shown}); nothing to do`);
    return ExitCode.Ok;
  }
  // A bot running on this file would write it back: refused (exit 5, naming its pid) as on Web.
  const lock = await lockSession(file);
  try {
    await rm(file, { force: true });
    new HandledLog(file).clear();
  } finally {
    await lock.release();
  }
  writeLine(
    ctx.io.stdout,
    `forgot the iLink session; deleted ${shown} (iLink has no server logout: unbind the bot in WeChat on the phone to revoke it)`,
  );
  return ExitCode.Ok;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
