import { createReadStream, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
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

/** True when `value` holds bytes somewhere (or is too deep to tell): then the replacer is needed. */
function hasBytes(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Uint8Array || depth > 8) return true;
  for (const key in value) if (hasBytes((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/**
 * One journal line. A replacer makes JSON.stringify leave its fast path, so it is used only for a
 * record that holds bytes (media given as data); text messages and outcomes never do.
 */
function toLine(record: unknown): string {
  return `${JSON.stringify(record, hasBytes(record) ? replacer : undefined)}\n`;
}

/** Writes all of `text` at the end of the file open for appending at `fd` (a short write goes on). */
function appendAllSync(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function toMessageOf(message: unknown): string {
  return message !== null && typeof message === 'object' && 'to' in message ? String(message.to) : '';
}

/** Parses journal lines; unreadable lines (a torn last write) are skipped. */
async function parseJournal(lines: AsyncIterable<string>): Promise<JournalState> {
  const open = new Map<string, JournalEntry>();
  const sent = new Map<string, SendReceipt>();
  for await (const line of lines) {
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

// Line by line: a journal of any size is read without holding it as one string.
async function* readLines(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(true));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve(false) : reject(error),
    );
  });
  if (!(await opened)) return;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** Options of a {@link FileJournal}. */
export interface FileJournalOptions {
  /**
   * Compact the file while running once this many bytes were appended since the last compaction
   * (settled sends reduced to their ids, the oldest beyond `keepSent` dropped). Default 4 MiB.
   */
  readonly compactAfterBytes?: number;
  /** Successful sends kept (as ids) by a compaction. Default 10 000. */
  readonly keepSent?: number;
  /** Wait before retrying a failed write (the disk may recover). Default 1000 ms. */
  readonly retryMs?: number;
  /** Hears of each write's outcome (`undefined` = written), for the storage health. */
  readonly report?: (error: unknown, path: string) => void;
  /**
   * How long an outcome line may stay written but not fsync'ed (in the page cache: it survives a
   * `kill -9`, not a power loss) before the journal syncs it on its own. The next intent's fsync
   * covers it earlier. Default 1000 ms.
   */
  readonly outcomeSyncMs?: number;
}

/** The journal was closed while a write still failed: the intent is not recorded. */
export class JournalClosedError extends Error {
  constructor(readonly path: string) {
    super(`the outbox journal ${path} was closed before a failing write could be recorded`);
    this.name = 'JournalClosedError';
  }
}

/**
 * An append-only JSONL journal: an `intent` line before each send, an `outcome` line after.
 * Group commit: lines queued while a write runs go out together in the next `write()`, and one
 * fsync covers the whole batch. An intent's promise resolves only once it is fsync'ed; an
 * outcome's once it is written (in the kernel: a `kill -9` cannot lose it), and it is fsync'ed
 * with the next intent or within `outcomeSyncMs` (a power loss in that window only makes the
 * send go again with the same ClientMsgId, which the server answers without sending twice).
 * After a crash, {@link FileJournal.pending} lists
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
  private appended = 0;
  private batch: Array<{
    line: string;
    durable: boolean;
    resolve: () => void;
    reject: (error: Error) => void;
  }> = [];
  /** Outcome lines written since the last fsync. */
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  /** fsync calls made (one per batch that holds an intent, plus deferred outcome syncs). */
  syncs = 0;
  private closed = false;
  private retryTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Compactions done while running. */
  compactions = 0;

  private constructor(
    private readonly path: string,
    private readonly options: FileJournalOptions = {},
  ) {}

  /** Open (or create) the journal file for appending. */
  static async open(path: string, options?: FileJournalOptions): Promise<FileJournal> {
    const journal = new FileJournal(path, options);
    await journal.file();
    return journal;
  }

  /** A journal that opens (and creates its directory) on the first write. Never throws here. */
  static lazy(path: string, options?: FileJournalOptions): FileJournal {
    return new FileJournal(path, options);
  }

  /**
   * Rewrites a journal file atomically keeping only what matters: unsettled intents, and the last
   * `keepSent` successful sends (id, MsgID, recipient; without the message). Call before opening
   * it, once per start, so the file does not grow forever.
   */
  static async compact(path: string, keepSent = 10_000): Promise<JournalState> {
    const state = await parseJournal(readLines(path));
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
    await writeFileAtomic(path, lines.map(toLine).join(''));
    return { pending: state.pending, sent: kept };
  }

  append(entry: JournalEntry): Promise<void> {
    return this.write(true, {
      type: 'intent',
      clientMsgId: entry.clientMsgId,
      queuedAt: entry.queuedAt,
      message: entry.message,
    });
  }

  settle(clientMsgId: string, outcome: JournalOutcome): Promise<void> {
    return this.write(false, { type: 'outcome', clientMsgId, outcome });
  }

  /** Intents without an outcome, oldest first. Unreadable lines (a torn last write) are skipped. */
  async pending(): Promise<JournalEntry[]> {
    return (await this.state()).pending;
  }

  /** Everything the file says: unsettled intents and successful sends. */
  async state(): Promise<JournalState> {
    await this.chain;
    return parseJournal(readLines(this.path));
  }

  /**
   * Wait for pending writes and close the file. A write that keeps failing (full disk) is given
   * up: its promise rejects with {@link JournalClosedError} (its message is not counted durable).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.unsynced) this.queueOutcomeSync();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer.timer);
      this.retryTimer.wake();
    }
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

  private write(durable: boolean, record: FileJournalRecord): Promise<void> {
    const line = toLine(record);
    return new Promise<void>((resolve, reject) => {
      this.batch.push({ line, durable, resolve, reject });
      if (this.batch.length > 1) return; // a flush is already queued: it takes this line too
      // Group commit: the flush waits for the end of this event-loop turn (every send answer and
      // reply queued in it joins), then for the write+fsync in progress; lines queued meanwhile go
      // together in one write. Writes are serialized so lines never interleave.
      setImmediate(() => {
        const next = this.chain.then(() => this.flushBatch());
        this.chain = next.catch(() => undefined);
      });
    });
  }

  private async flushBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    let text = batch.map((b) => b.line).join('');
    // One fsync for the batch when it holds an intent (it also covers earlier unsynced outcomes).
    const sync = batch.some((b) => b.durable);
    // A failed write (full or read-only disk) is retried until it works: the replies wait,
    // nothing is lost. The retry starts on a new line so a torn fragment cannot swallow one.
    for (;;) {
      try {
        await this.writeOnce(text, sync);
        this.options.report?.(undefined, this.path);
        break;
      } catch (error) {
        this.options.report?.(error, this.path);
        if (this.closed) {
          const closed = new JournalClosedError(this.path);
          for (const b of batch) b.reject(closed);
          return;
        }
        await this.pause();
        if (!text.startsWith('\n')) text = `\n${text}`;
      }
    }
    for (const b of batch) b.resolve();
    if (sync) {
      this.unsynced = false;
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
    } else if (!this.unsynced) {
      this.unsynced = true;
      this.syncTimer = setTimeout(() => this.queueOutcomeSync(), this.options.outcomeSyncMs ?? 1000);
      this.syncTimer.unref?.();
    }
    this.appended += Buffer.byteLength(text);
    if (this.appended >= (this.options.compactAfterBytes ?? 4 * 1024 * 1024)) await this.compactNow();
  }

  /** fsyncs written outcome lines no intent has covered yet (in the write chain). */
  private queueOutcomeSync(): void {
    this.syncTimer = undefined;
    const next = this.chain.then(async () => {
      if (!this.unsynced || !this.handle) return;
      this.unsynced = false;
      this.syncs += 1;
      await (await this.handle).sync();
    });
    this.chain = next.catch(() => undefined);
  }

  private async writeOnce(text: string, sync: boolean): Promise<void> {
    const handle = await this.file();
    try {
      // Appended from the event loop, like the handled log: a write into the page cache costs less
      // than a trip through the libuv pool and its wake-ups. Only the fsync, which waits for the
      // disk, goes to the pool.
      appendAllSync(handle.fd, text);
      if (sync) {
        this.syncs += 1;
        await handle.sync();
      }
    } catch (error) {
      // A torn line may be left: start the next try on a fresh handle (reads skip torn lines).
      this.handle = undefined;
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.retryTimer = undefined;
        resolve();
      }, this.options.retryMs ?? 1000);
      this.retryTimer = { timer, wake: resolve };
    });
  }

  // Runs inside the write chain: nothing is appended meanwhile.
  private async compactNow(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close().catch(() => undefined);
    try {
      await FileJournal.compact(this.path, this.options.keepSent ?? 10_000);
      this.appended = 0;
      this.compactions += 1;
    } catch (error) {
      // The old file is intact (atomic rewrite): try again after as many bytes more.
      this.appended = 0;
      this.options.report?.(error, this.path);
    }
  }
}
