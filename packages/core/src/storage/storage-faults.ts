import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { WxError } from '../errors.js';

/** Which file could not be written. */
export type StorageKind = 'session' | 'handled-log' | 'journal';

/** A write that fails now: what, where, why. No secrets (paths and errno only). */
export interface StorageFault {
  readonly kind: StorageKind;
  readonly path: string;
  /** The errno code (`ENOSPC`, `EROFS`, `EACCES`…) or `EUNKNOWN`. */
  readonly errno: string;
  /** What the errno means, in words. */
  readonly meaning: string;
  /** When this episode started (ms since epoch). */
  readonly since: number;
}

/** A storage failure wxbot refuses to run with (e.g. a session directory it cannot write). */
export class StorageError extends WxError {}

const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'no permission to write there',
  EPERM: 'no permission to write there',
  EIO: 'an I/O error (is the disk failing?)',
  ENOENT: 'the folder does not exist any more',
  ENOTDIR: 'a part of the path is not a folder',
  EMFILE: 'too many open files',
};

/** The errno code of a file-system error, or `EUNKNOWN`. */
export function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** What an errno code means, in words. */
export function errnoMeaning(errno: string): string {
  return MEANING[errno] ?? 'the write failed';
}

const WHAT: Readonly<Record<StorageKind, string>> = {
  session: 'the session file (sync keys, handled messages)',
  'handled-log': 'the handled-messages log',
  journal: 'the outbox journal (replies not sent yet)',
};

/**
 * The bot's storage health: each kind of file that fails to be written is one fault until a write
 * of it succeeds again. One clear error line per episode (path, errno, what it means, what wxbot
 * does meanwhile), one info line when it recovers. The health endpoint and `wxbot status` show
 * {@link StorageFaults.current}.
 *
 * @example
 * faults.failed('journal', path, err);   // a write failed (logged once per episode)
 * faults.recovered('journal');           // a write of it succeeded again
 */
export class StorageFaults {
  readonly #faults = new Map<StorageKind, StorageFault>();
  #listeners: Array<() => void> = [];

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The faults now, oldest first. */
  current(): StorageFault[] {
    return [...this.#faults.values()];
  }

  /** Called whenever a fault starts or ends. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** A write of `kind` to `path` failed. Logs only when this starts an episode. */
  failed(kind: StorageKind, path: string, error: unknown): void {
    if (this.#faults.has(kind)) return;
    const errno = errnoOf(error);
    const fault: StorageFault = { kind, path, errno, meaning: errnoMeaning(errno), since: this.now() };
    this.#faults.set(kind, fault);
    this.log.error(
      { path, errno, kind },
      `cannot write ${WHAT[kind]} at ${path}: ${errno} (${fault.meaning}). Nothing is marked handled ` +
        'and no reply is sent unrecorded until it can be written; retrying. Free space or fix the folder.',
    );
    this.#changed();
  }

  /** A write of `kind` succeeded: the episode (if any) is over. */
  recovered(kind: StorageKind): void {
    const fault = this.#faults.get(kind);
    if (!fault) return;
    this.#faults.delete(kind);
    this.log.info(
      { path: fault.path, kind, downMs: this.now() - fault.since },
      `${WHAT[kind]} can be written again`,
    );
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A listener's failure must not hide the fault.
      }
    }
  }
}

/**
 * Refuses a folder wxbot cannot write: creates it (0700) if missing and writes, syncs and removes
 * a probe file there. Run before login, so a read-only or full disk is found before a QR is shown.
 *
 * @throws StorageError `SESSION_DIR_NOT_WRITABLE` naming the folder, the errno and what to do.
 */
export async function assertWritableDir(dir: string): Promise<void> {
  const probe = join(dir, `.wxbot-write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(probe, 'w', 0o600);
    try {
      await handle.write('ok\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(probe, { force: true });
  } catch (cause) {
    await rm(probe, { force: true }).catch(() => undefined);
    const errno = errnoOf(cause);
    throw new StorageError(
      'SESSION_DIR_NOT_WRITABLE',
      `the session folder ${dir} is not writable (${errno}: ${errnoMeaning(errno)}). wxbot keeps the ` +
        'session, the handled messages and the unsent replies there, and would lose them: make the ' +
        'folder writable, or set login.sessionFile (sessionFile) to a writable place.',
      { cause },
    );
  }
}
