import { stat } from 'node:fs/promises';
import type { SessionEnd } from '../../../adapter/session-end.js';
import { InboundLedger } from '../../../ledger/inbound-ledger.js';
import { FileJournal } from '../../../storage/file-journal.js';
import { LiveStatusFile, liveStatusPath } from '../../../storage/live-status.js';
import { readSafetyState, safetyStatePath } from '../../../storage/safety-state.js';
import { webInboundId } from '../client/types.js';
import { type LoadResult, loadSession } from './session-file.js';

/** What a session file says about a bot that may not be running (`wxbot status`). No secrets. */
export interface SessionStatus {
  readonly file: string;
  /** `missing`: no file; `invalid`: unreadable (see `problem`); `ok`: read. */
  readonly state: 'missing' | 'invalid' | 'ok';
  readonly problem?: string;
  readonly mode?: string;
  /** The file holds live credentials (a resume will be tried). */
  readonly resumable?: boolean;
  readonly savedAt?: number;
  readonly nickName?: string;
  readonly mainHost?: string;
  /** Messages received but not handled when the file was written (handled at the next start). */
  readonly unhandledMessages?: number;
  /** Sends journaled without an outcome (resent at the next start), when a journal file is given or found. */
  readonly unsentMessages?: number;
  /** The session file's permission bits (should be `600`). */
  readonly fileMode?: string;
  /** How the last session ended, from the safety file beside the session file. */
  readonly lastEnd?: SessionEnd;
  /** A bot running on this session file now (its pid, when its lock/status says so). */
  readonly runningPid?: number;
  /** What the running bot reports as wrong now (a full disk, a sync storm); empty when fine. */
  readonly problems?: readonly string[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The Web sync loop's storm kinds (`SyncStorm.what`), as `wxbot status` says them. */
const WEB_STORMS: Readonly<Record<string, string>> = {
  'ContinueFlag set with nothing new': 'the server keeps setting ContinueFlag with nothing new',
  'only messages it delivered before': 'the server keeps announcing messages it delivered before',
};

/** What the running bot's live status file says is wrong (no secrets: paths and errnos). */
function liveProblems(sessionFile: string): { runningPid?: number; problems?: string[] } {
  const live = LiveStatusFile.read(liveStatusPath(sessionFile));
  if (!live || !alive(live.pid)) return {};
  const problems = live.storageFaults.map(
    (f) =>
      `cannot write ${f.path}: ${f.errno} (${f.meaning}) since ${new Date(f.since).toISOString()}; ` +
      'messages wait (not marked handled) until it can',
  );
  const storm = live.syncStorm;
  if (storm) {
    // Web's two kinds in words; any other transport's storm says what it is itself.
    const what = WEB_STORMS[storm.what] ?? storm.what;
    problems.push(`sync storm since ${new Date(storm.since).toISOString()}: ${what}; requests slowed down`);
  }
  return { runningPid: live.pid, problems };
}

/**
 * Reads a session file (and its outbox journal, if `journalFile` is given) and tells what an
 * operator needs: logged in last time?, when saved, which account, messages left to handle or send.
 * Never returns a secret.
 *
 * @example
 * const s = await statusOf('.wxbot/session.json', { journalFile: '.wxbot/session.outbox.jsonl' });
 * console.log(s.state, s.nickName, s.resumable ? 'will resume' : 'needs a QR scan');
 */
export async function statusOf(
  sessionFile: string,
  options: { readonly journalFile?: string } = {},
): Promise<SessionStatus> {
  const loaded: LoadResult = await loadSession(sessionFile);
  let unsent: number | undefined;
  if (options.journalFile) {
    try {
      const journal = FileJournal.lazy(options.journalFile);
      unsent = (await journal.pending()).length;
    } catch {
      unsent = undefined;
    }
  }
  const lastEnd = (await readSafetyState(safetyStatePath(sessionFile))).lastEnd;
  const extra = {
    ...(unsent === undefined ? {} : { unsentMessages: unsent }),
    ...(lastEnd ? { lastEnd } : {}),
    ...liveProblems(sessionFile),
  };
  if (loaded.status === 'missing') return { file: sessionFile, state: 'missing', ...extra };
  if (loaded.status === 'invalid')
    return { file: sessionFile, state: 'invalid', problem: loaded.problem, ...extra };
  const data = loaded.data;
  let fileMode: string | undefined;
  try {
    fileMode = ((await stat(sessionFile)).mode & 0o777).toString(8);
  } catch {
    fileMode = undefined;
  }
  const nick = data.self && typeof data.self.NickName === 'string' ? data.self.NickName : undefined;
  return {
    file: sessionFile,
    state: 'ok',
    mode: data.mode,
    resumable: data.credentials !== undefined,
    savedAt: data.savedAt,
    ...(nick !== undefined ? { nickName: nick } : {}),
    mainHost: data.hosts.main,
    unhandledMessages: InboundLedger.from(data.inbound, webInboundId).pendingCount,
    ...(fileMode !== undefined ? { fileMode } : {}),
    ...extra,
  };
}
