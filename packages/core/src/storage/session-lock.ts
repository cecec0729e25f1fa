import { readFile, rm, writeFile } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { errnoMeaning, errnoOf, StorageError } from './storage-faults.js';

/** The session file is in use by another live process. */
export class SessionLockedError extends StorageError {
  constructor(
    readonly file: string,
    /** The other process's id, when known. */
    readonly pid: number | undefined,
  ) {
    super(
      'SESSION_LOCKED',
      `the session file ${file} is in use by another wxbot process` +
        `${pid === undefined ? '' : ` (pid ${pid})`}: two bots on one session would handle every ` +
        `message twice. Stop that one first${pid === undefined ? '' : ` (kill ${pid})`}, or give this ` +
        'bot its own login.sessionFile.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
}

async function readPid(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link lockSession}. */
export interface SessionLockOptions {
  /** A lock not refreshed for this long is stale (its owner died). Default 10 000 ms. */
  readonly staleMs?: number;
  /** Called if the lock is lost while held (its folder removed, the disk gone). */
  readonly onCompromised?: (error: Error) => void;
}

/** A held session lock; `release()` when the bot stops. */
export interface SessionLock {
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock of a session file (`<file>.lock`, via proper-lockfile, refreshed while
 * held) and writes this process's id to `<file>.pid`. A lock left by a process that died (kill -9,
 * crash) is taken over at once when its pid is gone, else once it is stale.
 *
 * @throws SessionLockedError when another live process holds it (the message names its pid);
 *   StorageError `SESSION_LOCK_FAILED` when the lock cannot be written at all.
 *
 * @example
 * const lock = await lockSession('.wxbot/session.json');
 * try { await runBot(); } finally { await lock.release(); }
 */
export async function lockSession(file: string, options: SessionLockOptions = {}): Promise<SessionLock> {
  const pidFile = `${file}.pid`;
  const opts = {
    realpath: false,
    stale: Math.max(2000, options.staleMs ?? 10_000),
    lockfilePath: `${file}.lock`,
    onCompromised: options.onCompromised ?? (() => undefined),
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, opts);
  } catch (error) {
    if (errnoOf(error) !== 'ELOCKED') {
      const errno = errnoOf(error);
      throw new StorageError(
        'SESSION_LOCK_FAILED',
        `cannot lock the session file ${file} (${errno}: ${errnoMeaning(errno)})`,
        { cause: error },
      );
    }
    const pid = await readPid(pidFile);
    if (pid === undefined || pid === process.pid || alive(pid)) throw new SessionLockedError(file, pid);
    // The holder is gone (kill -9): its lock is stale now, not in `stale` ms.
    await rm(opts.lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(file, opts);
    } catch {
      throw new SessionLockedError(file, await readPid(pidFile));
    }
  }
  await writeFile(pidFile, `${process.pid}\n`, { mode: 0o600 }).catch(() => undefined);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      if ((await readPid(pidFile)) === process.pid) await rm(pidFile, { force: true }).catch(() => undefined);
      await release().catch(() => undefined);
    },
  };
}
