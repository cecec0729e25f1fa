import { type FileHandle, open, readFile } from 'node:fs/promises';
import type { OutgoingMessage } from '../client/types.js';
import type { JournalEntry, JournalOutcome, OutboxJournal } from './journal.js';

/** One line of a {@link FileJournal} file. */
export type FileJournalRecord =
  | {
      readonly type: 'intent';
      readonly clientMsgId: string;
      readonly queuedAt: number;
      readonly message: unknown;
    }
  | { readonly type: 'outcome'; readonly clientMsgId: string; readonly outcome: JournalOutcome };

// Bytes (MediaInput.data) do not survive JSON; store them as base64.
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string') {
    return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
  }
  return value;
}

/**
 * An append-only JSONL journal: an `intent` line before each send, an `outcome` line after,
 * each fsync'ed before the outbox goes on. After a crash, {@link FileJournal.pending} lists
 * the sends that have an intent but no outcome (maybe sent: resend with the same clientMsgId).
 *
 * @example
 * const journal = await FileJournal.open('./data/outbox.jsonl');
 * const maybeSent = await journal.pending();
 * const outbox = new Outbox(client, { journal });
 */
export class FileJournal implements OutboxJournal {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Open (or create) the journal file for appending. */
  static async open(path: string): Promise<FileJournal> {
    return new FileJournal(path, await open(path, 'a'));
  }

  append(entry: JournalEntry): Promise<void> {
    return this.write({
      type: 'intent',
      clientMsgId: entry.clientMsgId,
      queuedAt: entry.queuedAt,
      message: entry.message,
    });
  }

  settle(clientMsgId: string, outcome: JournalOutcome): Promise<void> {
    return this.write({ type: 'outcome', clientMsgId, outcome });
  }

  /** Intents without an outcome, oldest first. Unreadable lines (a torn last write) are skipped. */
  async pending(): Promise<JournalEntry[]> {
    await this.chain;
    const open = new Map<string, JournalEntry>();
    for (const line of (await readFile(this.path, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      let record: unknown;
      try {
        record = JSON.parse(line, reviver);
      } catch {
        continue;
      }
      if (record === null || typeof record !== 'object' || !('type' in record) || !('clientMsgId' in record))
        continue;
      const id = String(record.clientMsgId);
      if (record.type === 'outcome') open.delete(id);
      else if (record.type === 'intent' && 'message' in record && 'queuedAt' in record) {
        open.set(id, {
          clientMsgId: id,
          queuedAt: Number(record.queuedAt),
          message: record.message as OutgoingMessage,
        });
      }
    }
    return [...open.values()];
  }

  /** Wait for pending writes and close the file. */
  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }

  private write(record: FileJournalRecord): Promise<void> {
    const line = `${JSON.stringify(record, replacer)}\n`;
    // Serialize writes so lines never interleave and each is durable before the next.
    const next = this.chain.then(async () => {
      await this.handle.write(line);
      await this.handle.sync();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
