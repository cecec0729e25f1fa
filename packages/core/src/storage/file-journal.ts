import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { JournalEntry, JournalOutcome, OutboxJournal } from '../outbox/journal.js';
import { writeFileAtomic } from './atomic-file.js';

/** One line of a {@link FileJournal} file. */
export type FileJournalRecord =
  | {
      readonly type: 'intent';
      readonly clientMsgId: string;
      readonly queuedAt: number;
      readonly message: unknown;
    }
  | { readonly type: 'outcome'; readonly clientMsgId: string; readonly outcome: JournalOutcome }
  /** A settled, successful send kept by {@link FileJournal.compact} (the message itself is dropped). */
  | { readonly type: 'sent'; readonly clientMsgId: string; readonly msgId: string; readonly to: string };

/** What a journal file says: sends maybe not done, and sends known to have reached the server. */
export interface JournalState {
  /** Intents without an outcome, oldest first (maybe sent: resend with the same clientMsgId). */
  readonly pending: JournalEntry[];
  /** Successful sends, oldest first. */
  readonly sent: SendReceipt[];
}

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

function toMessageOf(message: unknown): string {
  return message !== null && typeof message === 'object' && 'to' in message ? String(message.to) : '';
}

/** Parses journal text; unreadable lines (a torn last write) are skipped. */
function parseJournal(text: string): JournalState {
  const open = new Map<string, JournalEntry>();
  const sent = new Map<string, SendReceipt>();
  for (const line of text.split('\n')) {
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
    if (record.type === 'outcome') {
      const intent = open.get(id);
      open.delete(id);
      const outcome = 'outcome' in record ? record.outcome : undefined;
      if (outcome !== null && typeof outcome === 'object' && 'ok' in outcome && outcome.ok === true) {
        const msgId = 'msgId' in outcome ? String(outcome.msgId) : '';
        sent.set(id, { clientMsgId: id, msgId, to: toMessageOf(intent?.message) });
      }
    } else if (record.type === 'sent' && 'msgId' in record) {
      sent.set(id, {
        clientMsgId: id,
        msgId: String(record.msgId),
        to: 'to' in record ? String(record.to) : '',
      });
    } else if (record.type === 'intent' && 'message' in record && 'queuedAt' in record) {
      open.set(id, {
        clientMsgId: id,
        queuedAt: Number(record.queuedAt),
        message: record.message as OutgoingMessage,
      });
    }
  }
  return { pending: [...open.values()], sent: [...sent.values()] };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * An append-only JSONL journal: an `intent` line before each send, an `outcome` line after,
 * each fsync'ed before the outbox goes on. After a crash, {@link FileJournal.pending} lists
 * the sends that have an intent but no outcome (maybe sent: resend with the same clientMsgId).
 * The file is created with mode 0600 (messages are private).
 *
 * @example
 * const journal = await FileJournal.open('./data/outbox.jsonl');
 * const maybeSent = await journal.pending();
 * const outbox = new Outbox(client, { journal });
 */
export class FileJournal implements OutboxJournal {
  private chain: Promise<void> = Promise.resolve();
  private handle: Promise<FileHandle> | undefined;

  private constructor(private readonly path: string) {}

  /** Open (or create) the journal file for appending. */
  static async open(path: string): Promise<FileJournal> {
    const journal = new FileJournal(path);
    await journal.file();
    return journal;
  }

  /** A journal that opens (and creates its directory) on the first write. Never throws here. */
  static lazy(path: string): FileJournal {
    return new FileJournal(path);
  }

  /**
   * Rewrites a journal file atomically keeping only what matters: unsettled intents, and the last
   * `keepSent` successful sends (id, MsgID, recipient; without the message). Call before opening
   * it, once per start, so the file does not grow forever.
   */
  static async compact(path: string, keepSent = 10_000): Promise<JournalState> {
    const state = parseJournal(await readText(path));
    const kept = state.sent.slice(-keepSent);
    const lines = [
      ...kept.map((r) => ({ type: 'sent', clientMsgId: r.clientMsgId, msgId: r.msgId, to: r.to })),
      ...state.pending.map((e) => ({
        type: 'intent',
        clientMsgId: e.clientMsgId,
        queuedAt: e.queuedAt,
        message: e.message,
      })),
    ];
    await writeFileAtomic(path, lines.map((l) => `${JSON.stringify(l, replacer)}\n`).join(''));
    return { pending: state.pending, sent: kept };
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
    return (await this.state()).pending;
  }

  /** Everything the file says: unsettled intents and successful sends. */
  async state(): Promise<JournalState> {
    await this.chain;
    return parseJournal(await readText(this.path));
  }

  /** Wait for pending writes and close the file. */
  async close(): Promise<void> {
    await this.chain;
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      return open(this.path, 'a', 0o600);
    })();
    const handle = this.handle;
    handle.catch(() => {
      if (this.handle === handle) this.handle = undefined; // retry the open on the next write
    });
    return handle;
  }

  private write(record: FileJournalRecord): Promise<void> {
    const line = `${JSON.stringify(record, replacer)}\n`;
    // Serialize writes so lines never interleave and each is durable before the next.
    const next = this.chain.then(async () => {
      const handle = await this.file();
      await handle.write(line);
      await handle.sync();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
