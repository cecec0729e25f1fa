import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { HandledLog } from '../ledger/handled-log.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file.js';
import { FileJournal, type FileJournalOptions } from './file-journal.js';
import { type BotStorage, type DocumentStore, PartlySerialized, type StoredDocument } from './storage.js';

/** The outbox journal the bot uses by default next to a session file: `session.json` → `session.outbox.jsonl`. */
export function defaultJournalPath(sessionFile: string): string {
  const ext = extname(sessionFile);
  return join(dirname(sessionFile), `${basename(sessionFile, ext)}.outbox.jsonl`);
}

/**
 * A JSON document in one file, written atomically with mode 0600; temp files a killed writer left
 * beside it are removed on every read and write.
 */
export class FileDocumentStore implements DocumentStore {
  constructor(readonly location: string) {}

  async load(): Promise<StoredDocument> {
    const file = this.location;
    await removeStaleTempFiles(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      return {
        status: 'invalid',
        problem: `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      };
    }
    try {
      return { status: 'ok', data: JSON.parse(text) as unknown };
    } catch {
      return { status: 'invalid', problem: 'not valid JSON' };
    }
  }

  async save(data: unknown): Promise<void> {
    await removeStaleTempFiles(this.location);
    await writeFileAtomic(
      this.location,
      data instanceof PartlySerialized ? data.pieces() : JSON.stringify(data),
    );
  }

  async remove(): Promise<void> {
    await rm(this.location, { force: true });
  }
}

/** The default {@link BotStorage}: `session.json`, `session.json.handled` and `session.outbox.jsonl`. */
export interface FileStorage extends BotStorage {
  readonly session: FileDocumentStore;
  readonly journal: FileJournal;
  /** The journal's file (compacted once per start). */
  readonly journalFile: string;
}

/**
 * Today's storage: files next to `sessionFile` (0600, atomic writes, appended handled ids, a
 * JSON-lines outbox journal).
 *
 * @example
 * const storage = fileStorage('.wxbot/session.json');
 * await storage.session.load(); // { status: 'missing' } on the first run
 */
export function fileStorage(
  sessionFile: string,
  options: { journal?: FileJournalOptions } = {},
): FileStorage {
  const journalFile = defaultJournalPath(sessionFile);
  const journal = FileJournal.lazy(journalFile, options.journal);
  return {
    session: new FileDocumentStore(sessionFile),
    handled: new HandledLog(sessionFile),
    journal,
    journalFile,
    // Compacted once per start, while nothing is written to it yet.
    recoverJournal: () => FileJournal.compact(journalFile),
    close: () => journal.close(),
  };
}
