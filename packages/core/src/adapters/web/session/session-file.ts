import { readFile, rm } from 'node:fs/promises';
import { removeStaleTempFiles, writeFileAtomic } from '../../../storage/atomic-file.js';
import { type SessionData, validateSession } from './session-data.js';

export { removeStaleTempFiles, writeFileAtomic } from '../../../storage/atomic-file.js';

/** Saves a session file (atomic, 0600), first removing temp files a killed writer left beside it. */
export async function saveSession(file: string, data: SessionData): Promise<void> {
  await removeStaleTempFiles(file);
  await writeFileAtomic(file, JSON.stringify(data));
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
