import { FileDocumentStore } from '../../../storage/file-storage.js';
import type { DocumentStore } from '../../../storage/storage.js';
import { type SessionData, validateSession } from './session-data.js';

export { removeStaleTempFiles, writeFileAtomic } from '../../../storage/atomic-file.js';

/** Saves a session file (atomic, 0600), first removing temp files a killed writer left beside it. */
export async function saveSession(file: string, data: SessionData): Promise<void> {
  await new FileDocumentStore(file).save(data);
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
export function loadSession(file: string): Promise<LoadResult> {
  return loadSessionFrom(new FileDocumentStore(file));
}

/** Loads and validates the Web session document from any {@link DocumentStore}. */
export async function loadSessionFrom(store: DocumentStore): Promise<LoadResult> {
  const stored = await store.load();
  if (stored.status !== 'ok') return stored;
  const { data, problem } = validateSession(stored.data);
  return data ? { status: 'ok', data } : { status: 'invalid', problem: problem ?? 'invalid' };
}

/** Deletes a session file (no error if it does not exist). */
export async function deleteSession(file: string): Promise<void> {
  await new FileDocumentStore(file).remove();
}
