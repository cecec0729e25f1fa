import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { defaultJournalPath, loadSession, type PluginStatus, type ReplyWindows, statusOf } from '@wxbot/core';
import { DEFAULT_RULES, fileSessionStore, loadIlinkSession } from '@wxbot/ilink';
import { displayPath } from '../config/load-config.js';
import type { WxbotConfig } from '../config/schema.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { personMustLogIn } from '../runtime/ending-gate.js';
import type { CliTransport } from '../runtime/transport-names.js';
import { sessionFileFor } from '../runtime/transport-names.js';
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
  /** The config's transport (`web` or `ilink`). */
  transport: CliTransport;
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
  /** Why the session file is unreadable (`invalid` only), or null. */
  sessionProblem: string | null;
  /** The account's nickname from the saved session, or null. */
  account: string | null;
  /** The server the session lives on (e.g. `wx2.qq.com`), or null. */
  host: string | null;
  /** When the bot last completed a sync with the server (ISO time, as of the last session save), or null. */
  lastSyncAt: string | null;
  /** Messages received but not handled yet: the next start handles them. Null when unknown. */
  unhandledMessages: number | null;
  /** Replies waiting in the outbox journal: the next start sends them. Null when unknown. */
  pendingReplies: number | null;
  /** The session file's permission bits (`600` expected: it holds credentials), or null. */
  sessionFileMode: string | null;
  /** Enabled plugin entries as written in the config. */
  plugins: string[];
  /**
   * How the last session ended, or null: `kind` (`phoneLogout`, `replaced`, `expired`,
   * `restricted`, `rateLimited`, `environmentRefused`), the one-sentence `message` with what to do,
   * and when (ISO time).
   */
  lastEnd: { kind: string; code: number | null; message: string; at: string } | null;
  /** The pid of a bot running on this session file now, or null. */
  runningPid: number | null;
  /** What that running bot reports as wrong (full disk, sync storm); empty when all is well. */
  problems: string[];
  /**
   * The running bot's plugin states (active / loading / failed with the error), read from its
   * health endpoint (`health.port`); null when it is not configured or the bot is not running.
   */
  pluginStates: PluginStatus[] | null;
  /**
   * iLink only (null on Web): the reply windows as of the last session save: how many are open now,
   * and per conversation (the latest 20) when the window closes and how many sends the turn has left.
   */
  replyWindows: ReplyWindows | null;
}

/** Conversations listed by `wxbot status` (the most recent first). */
const STATUS_WINDOWS = 20;

/** Asks a running bot's health endpoint for its plugins' states; null when nobody answers. */
async function runningPlugins(health: {
  port: number | undefined;
  host: string;
}): Promise<PluginStatus[] | null> {
  if (health.port === undefined || health.port === 0) return null;
  const host = health.host.includes(':') ? `[${health.host}]` : health.host;
  try {
    const res = await fetch(`http://${host}:${health.port}/plugins`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { plugins?: unknown };
    return Array.isArray(body.plugins) ? (body.plugins as PluginStatus[]) : null;
  } catch {
    return null;
  }
}

async function mtime(file: string): Promise<Date | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.mtime : null;
  } catch {
    return null;
  }
}

function iso(ms: number | undefined): string | null {
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

async function lastSyncOf(file: string): Promise<number | undefined> {
  const loaded = await loadSession(file);
  return loaded.status === 'ok' ? loaded.data.lastSyncAt : undefined;
}

/**
 * `wxbot status`: is there a config, is a session saved, for which account, since when, when it
 * last synced, and what is left to handle or send. Reads files only (the core's `statusOf` on the
 * session file and its outbox journal); it never contacts WeChat and never prints a secret.
 */
export async function statusCommand(options: StatusOptions, ctx: CommandContext): Promise<number> {
  const { loaded } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  const file = sessionFileFor(config);
  const s = await statusOf(file, { journalFile: defaultJournalPath(file) });
  const savedAt = iso(s.savedAt) ?? (await mtime(file))?.toISOString() ?? null;
  const report: StatusReport = {
    config: loaded.filepath ?? null,
    transport: config.transport,
    loginMode: config.login.mode,
    sessionFile: file,
    sessionSaved: s.state !== 'missing',
    sessionSavedAt: savedAt,
    sessionState: s.state === 'ok' ? (s.resumable ? 'active' : 'ended') : s.state,
    sessionProblem: s.problem ?? null,
    account: s.nickName !== undefined && s.nickName !== '' ? s.nickName : null,
    host: s.mainHost ?? null,
    lastSyncAt: s.state === 'ok' ? iso(await lastSyncOf(file)) : null,
    unhandledMessages: s.unhandledMessages ?? null,
    pendingReplies: s.unsentMessages ?? null,
    sessionFileMode: s.fileMode ?? null,
    plugins: config.plugins.filter((p) => p.enabled).map((p) => p.path ?? p.name ?? ''),
    lastEnd: s.lastEnd
      ? {
          kind: s.lastEnd.kind,
          code: s.lastEnd.code ?? null,
          message: s.lastEnd.message,
          at: new Date(s.lastEnd.at).toISOString(),
        }
      : null,
    runningPid: s.runningPid ?? null,
    problems: [...(s.problems ?? [])],
    pluginStates: await runningPlugins(config.health),
    replyWindows: null,
  };
  if (config.transport === 'ilink') Object.assign(report, await ilinkSessionFields(file, report, config));
  const out = ctx.io.stdout;
  if (options.json) {
    writeLine(out, JSON.stringify(report));
    return ExitCode.Ok;
  }
  printReport(report, loaded.filepath, ctx);
  return ExitCode.Ok;
}

function printReport(report: StatusReport, configFile: string | undefined, ctx: CommandContext): void {
  const out = ctx.io.stdout;
  const cwd = ctx.io.cwd;
  writeLine(
    out,
    `config:   ${configFile ? displayPath(cwd, configFile) : 'none found (defaults; run `wxbot init`)'}`,
  );
  writeLine(
    out,
    report.transport === 'ilink'
      ? 'login:    iLink (official bot API: direct messages only)'
      : `login:    ${report.loginMode} mode`,
  );
  const where = displayPath(cwd, report.sessionFile);
  const state = {
    active: `saved ${report.sessionSavedAt} (a restart resumes it without a QR code)`,
    ended:
      report.transport === 'ilink'
        ? `ended (saved ${report.sessionSavedAt}); run \`wxbot login\` to scan a new QR code`
        : report.lastEnd !== null && personMustLogIn(report.lastEnd.kind)
          ? `ended (saved ${report.sessionSavedAt}); \`wxbot start\` will not log in again by itself: run \`wxbot login\` when you have decided to`
          : `ended (saved ${report.sessionSavedAt}); the next start asks the phone or shows a QR code`,
    missing: 'not saved (run `wxbot login`)',
    invalid: `unreadable (${report.sessionProblem ?? 'invalid'}); the next start logs in afresh`,
  }[report.sessionState];
  writeLine(out, `session:  ${state} (${where})`);
  // Windows has no POSIX modes (0600 is best-effort there; the user profile's ACLs protect the file).
  if (report.sessionFileMode !== null && report.sessionFileMode !== '600' && process.platform !== 'win32')
    writeLine(
      out,
      `          warning: mode ${report.sessionFileMode}; it holds credentials: chmod 600 ${where}`,
    );
  if (report.account !== null)
    writeLine(out, `account:  ${report.account}${report.host ? ` on ${report.host}` : ''}`);
  if (report.lastSyncAt !== null) writeLine(out, `synced:   ${report.lastSyncAt} (last sync with WeChat)`);
  // Only when it is the latest news: a session saved after the ending has replaced it.
  if (report.lastEnd !== null && report.sessionState !== 'active')
    writeLine(out, `ended:    ${report.lastEnd.at}: ${report.lastEnd.message}`);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const unhandled = report.unhandledMessages ?? 0;
  const replies = report.pendingReplies ?? 0;
  if (unhandled > 0 || replies > 0) {
    const parts = [
      ...(unhandled > 0 ? [`${plural(unhandled, 'message', 'messages')} to handle`] : []),
      ...(replies > 0 ? [`${plural(replies, 'reply', 'replies')} to send`] : []),
    ];
    writeLine(out, `pending:  ${parts.join(', ')} (at the next start)`);
  }
  writeLine(out, `plugins:  ${report.plugins.length > 0 ? report.plugins.join(', ') : 'none'}`);
  if (report.runningPid !== null) writeLine(out, `running:  pid ${report.runningPid}`);
  for (const problem of report.problems) writeLine(out, `problem:  ${problem}`);
  if (report.replyWindows !== null) printWindows(report.replyWindows, out);
  if (report.pluginStates !== null) {
    const states = report.pluginStates.map(
      (p) => `${p.name} ${p.state}${p.error !== undefined ? ` (${p.error})` : ''}`,
    );
    writeLine(out, `plugin state: ${states.length > 0 ? states.join(', ') : 'no plugins'}`);
  }
}

/** The session fields of an iLink session file (the core's `statusOf` reads Web sessions only). */
async function ilinkSessionFields(
  file: string,
  report: StatusReport,
  config: WxbotConfig,
): Promise<Partial<StatusReport>> {
  if (!report.sessionSaved) return { sessionState: 'missing', sessionProblem: null };
  try {
    const session = await loadIlinkSession(fileSessionStore(file));
    const active = session.credentials !== undefined && session.endedReason === undefined;
    const hours = config.ilink.replyWindowHours;
    const windowMs = hours === undefined ? DEFAULT_RULES.windowMs : Math.round(hours * 3_600_000);
    const quota = config.ilink.quotaPerTurn ?? DEFAULT_RULES.quotaPerTurn;
    const now = Date.now();
    // The context tokens stay in the file: only times and counts are shown.
    const windows = [...session.conversations]
      .sort((a, b) => b.lastInboundAt - a.lastInboundAt)
      .map((c) => {
        const closesAt = c.lastInboundAt + windowMs;
        const open = now < closesAt;
        const left = open && c.refused !== true ? Math.max(0, quota - c.sentThisTurn) : 0;
        return { conversation: c.userId, open, closesAt, quotaLeft: left };
      });
    return {
      replyWindows: {
        total: windows.length,
        open: windows.filter((w) => w.open).length,
        conversations: windows.slice(0, STATUS_WINDOWS),
      },
      sessionState: active ? 'active' : 'ended',
      sessionProblem: null,
      // The bot id names the account; the token never leaves the file.
      account: session.credentials?.botId ?? null,
      host: null,
      lastSyncAt: null,
      lastEnd:
        session.endedReason !== undefined
          ? { kind: 'expired', code: null, message: session.endedReason, at: report.sessionSavedAt ?? '' }
          : null,
      unhandledMessages: null,
    };
  } catch (err) {
    return { sessionState: 'invalid', sessionProblem: (err as Error).message, account: null, host: null };
  }
}

function printWindows(windows: ReplyWindows, out: Writable): void {
  if (windows.total === 0) {
    writeLine(out, 'windows:  none open (nobody has written to the bot yet; iLink only answers)');
    return;
  }
  writeLine(
    out,
    `windows:  ${windows.open} of ${windows.total} reply window(s) open (as of the last session save)`,
  );
  for (const w of windows.conversations) {
    const closes = w.closesAt === undefined ? '' : new Date(w.closesAt).toISOString();
    writeLine(
      out,
      w.open
        ? `          ${w.conversation}: open until ${closes}, ${w.quotaLeft} message(s) left this turn`
        : `          ${w.conversation}: closed since ${closes}; the bot may answer after their next message`,
    );
  }
  if (windows.total > windows.conversations.length)
    writeLine(out, `          … and ${windows.total - windows.conversations.length} more`);
}
