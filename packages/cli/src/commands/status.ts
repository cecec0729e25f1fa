import { stat } from 'node:fs/promises';
import { loadSession } from '@wxbot/core';
import { displayPath } from '../config/load-config.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot status`. */
export interface StatusOptions {
  config?: string;
  /** Print one JSON object instead of text. */
  json: boolean;
}

/** What `wxbot status --json` prints. It never contains secrets. */
export interface StatusReport {
  /** Absolute path of the config file, or null when running on defaults. */
  config: string | null;
  loginMode: 'desktop' | 'web';
  sessionFile: string;
  /** A saved session exists. */
  sessionSaved: boolean;
  /** When the session file was last written (ISO time), or null. It is rewritten as sync keys advance. */
  sessionSavedAt: string | null;
  /**
   * `active`: credentials saved (a restart resumes without a QR, if the server still accepts them);
   * `ended`: the session ended (a restart asks the phone or shows a QR); `missing`; `invalid` (unreadable).
   */
  sessionState: 'active' | 'ended' | 'missing' | 'invalid';
  /** The account's nickname from the saved session, or null. */
  account: string | null;
  /** The server the session lives on (e.g. `wx2.qq.com`), or null. */
  host: string | null;
  /** Enabled plugin entries as written in the config. */
  plugins: string[];
}

async function mtime(file: string): Promise<Date | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.mtime : null;
  } catch {
    return null;
  }
}

/**
 * `wxbot status`: is there a config, is a session saved, for which account and since when. Reads
 * files only (the session with the core's `loadSession`); it never contacts WeChat.
 */
export async function statusCommand(options: StatusOptions, ctx: CommandContext): Promise<number> {
  const { loaded } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  const session = await loadSession(config.login.sessionFile);
  const data = session.status === 'ok' ? session.data : undefined;
  const savedAt =
    data !== undefined && Number.isFinite(data.savedAt)
      ? new Date(data.savedAt)
      : await mtime(config.login.sessionFile);
  const nick = data?.self?.NickName;
  const report: StatusReport = {
    config: loaded.filepath ?? null,
    loginMode: config.login.mode,
    sessionFile: config.login.sessionFile,
    sessionSaved: session.status !== 'missing',
    sessionSavedAt: savedAt?.toISOString() ?? null,
    sessionState:
      session.status === 'ok'
        ? session.data.credentials !== undefined
          ? 'active'
          : 'ended'
        : session.status,
    account: typeof nick === 'string' && nick !== '' ? nick : null,
    host: data?.hosts.main ?? null,
    plugins: config.plugins.filter((p) => p.enabled).map((p) => p.path ?? p.name ?? ''),
  };
  const out = ctx.io.stdout;
  if (options.json) {
    writeLine(out, JSON.stringify(report));
    return ExitCode.Ok;
  }
  const cwd = ctx.io.cwd;
  writeLine(
    out,
    `config:   ${loaded.filepath ? displayPath(cwd, loaded.filepath) : 'none found (defaults; run `wxbot init`)'}`,
  );
  writeLine(out, `login:    ${report.loginMode} mode`);
  const where = displayPath(cwd, report.sessionFile);
  const state = {
    active: `saved ${report.sessionSavedAt} (a restart resumes it without a QR code)`,
    ended: `ended (saved ${report.sessionSavedAt}); the next start asks the phone or shows a QR code`,
    missing: 'not saved (run `wxbot login`)',
    invalid: 'unreadable; the next start logs in afresh',
  }[report.sessionState];
  writeLine(out, `session:  ${state} (${where})`);
  if (report.account !== null)
    writeLine(out, `account:  ${report.account}${report.host ? ` on ${report.host}` : ''}`);
  writeLine(out, `plugins:  ${report.plugins.length > 0 ? report.plugins.join(', ') : 'none'}`);
  return ExitCode.Ok;
}
