import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type SessionData, validateSession } from './session-data.js';

// Temp files this process is writing right now: never taken for leftovers.
const inFlight = new Set<string>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `session.json.<pid>.<8 hex>.tmp`: the names {@link writeFileAtomic} writes beside `file`. */
function tempPattern(file: string): RegExp {
  return new RegExp(`^${escapeRegExp(basename(file))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temp files a killed writer left beside `file` (a `kill -9` between the write and
 * the rename of {@link writeFileAtomic}). Only names of that writer's own pattern for this very
 * file are touched, and never one another live process (or this one) is still writing. Errors
 * are ignored: a leftover is harmless and is tried again next time. Returns the names removed.
 *
 * @example
 * await removeStaleTempFiles('.wxbot/session.json'); // removes .wxbot/session.json.4711.0a1b2c3d.tmp
 */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const pattern = tempPattern(file);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid)) continue;
    const path = join(dir, name);
    // Our own pid is a leftover too (a container restarts with the same pid), unless in flight.
    const stale = pid === process.pid ? !inFlight.has(path) : !isAlive(pid);
    if (!stale) continue;
    try {
      await rm(path, { force: true });
      removed.push(name);
    } catch {
      // Next time.
    }
  }
  return removed;
}

/**
 * Writes a file atomically with mode 0600: temp file in the same directory, fsync, rename.
 * A crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  inFlight.add(tmp);
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(content, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    // A failed write (disk full, …) must not leave its temp file behind either.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    inFlight.delete(tmp);
  }
}

/**
 * Saves a session file (atomic, 0600), first removing temp files a killed writer left beside it.
 * `contactsJson`: the contacts already serialized (`ContactStore.snapshotJson()`, reused while they
 * do not change), written as the `contacts` key in place of `data.contacts`.
 */
export async function saveSession(
  file: string,
  data: SessionData | Omit<SessionData, 'contacts'>,
  contactsJson?: string,
): Promise<void> {
  await removeStaleTempFiles(file);
  const text =
    contactsJson === undefined
      ? JSON.stringify(data)
      : `${JSON.stringify({ ...data, contacts: undefined }).slice(0, -1)},"contacts":${contactsJson}}`;
  await writeFileAtomic(file, text);
}

/** What loading a session file found. */
export type LoadResult =
  | { readonly status: 'ok'; readonly data: SessionData }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * Loads a session file; a missing or broken file is reported, never thrown. Temp files a killed
 * writer left beside it are removed on the way.
 */
export async function loadSession(file: string): Promise<LoadResult> {
  await removeStaleTempFiles(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'invalid', problem: `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'invalid', problem: 'not valid JSON' };
  }
  const { data, problem } = validateSession(json);
  return data ? { status: 'ok', data } : { status: 'invalid', problem: problem ?? 'invalid' };
}

/** Deletes a session file (no error if it does not exist). */
export async function deleteSession(file: string): Promise<void> {
  await rm(file, { force: true });
}
