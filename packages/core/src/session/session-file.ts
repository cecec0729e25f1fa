import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type SessionData, validateSession } from './session-data.js';

/**
 * Writes a file atomically with mode 0600: temp file in the same directory, fsync, rename.
 * A crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Saves a session file (atomic, 0600). */
export function saveSession(file: string, data: SessionData): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(data));
}

/** What loading a session file found. */
export type LoadResult =
  | { readonly status: 'ok'; readonly data: SessionData }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/** Loads a session file; a missing or broken file is reported, never thrown. */
export async function loadSession(file: string): Promise<LoadResult> {
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
