import { stat } from 'node:fs/promises';
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

/** What `wxbot status --json` prints. */
export interface StatusReport {
  /** Absolute path of the config file, or null when running on defaults. */
  config: string | null;
  loginMode: 'desktop' | 'web';
  sessionFile: string;
  /** A saved session exists. */
  sessionSaved: boolean;
  /** When the session file was last written (ISO time), or null. */
  sessionSavedAt: string | null;
  /** Enabled plugin entries as written in the config. */
  plugins: string[];
}

/**
 * `wxbot status`: is there a config, is a session saved and since when. Reads files only; it
 * never contacts WeChat.
 */
export async function statusCommand(options: StatusOptions, ctx: CommandContext): Promise<number> {
  const { loaded } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  let savedAt: Date | null = null;
  try {
    const info = await stat(config.login.sessionFile);
    if (info.isFile()) savedAt = info.mtime;
  } catch {
    savedAt = null;
  }
  // PHASE 2: read the session summary (account nickname, last sync time) with the core's session store.
  const report: StatusReport = {
    config: loaded.filepath ?? null,
    loginMode: config.login.mode,
    sessionFile: config.login.sessionFile,
    sessionSaved: savedAt !== null,
    sessionSavedAt: savedAt?.toISOString() ?? null,
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
  writeLine(
    out,
    `session:  ${report.sessionSaved ? `saved ${report.sessionSavedAt}` : 'not saved (run `wxbot login`)'} (${displayPath(cwd, report.sessionFile)})`,
  );
  writeLine(out, `plugins:  ${report.plugins.length > 0 ? report.plugins.join(', ') : 'none'}`);
  return ExitCode.Ok;
}
