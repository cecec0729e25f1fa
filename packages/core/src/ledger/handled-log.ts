import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HandledStore } from '../storage/storage.js';

/**
 * An append-only log of handled `MsgId`s beside the session file (`<session>.handled`), so a
 * message marked handled is remembered even if the process is killed before the next session
 * save. Ids marked in one microtask turn (a journal batch's messages finish together) are one
 * append (one `write()` to the log kept open; before it, a `stat` of the path checks that the open
 * file is still the one there, so a folder removed or replaced meanwhile is noticed, never written
 * into an unlinked file), made before the event loop goes on (before any I/O, reply
 * or session save can follow): once written, the lines are in the kernel's page cache and a
 * `kill -9` of the process cannot lose it (only a machine crash could, which is why the session
 * file itself is fsynced).
 *
 * Compaction: when a session snapshot is taken, the log is rotated (`<session>.handled.<n>`);
 * once that snapshot is safely on disk, the rotated files up to `n` are deleted — every id in them
 * is in the snapshot. A failed save leaves them for the next start to read.
 *
 * @example
 * const log = new HandledLog(sessionFile);
 * const ids = log.readAll(); // on start, merged into the ledger
 * log.append(msgId);          // when a message is done
 * const generation = log.rotate(); const json = ledger.toJSON(); await save(json); log.commit(generation);
 */
/** Ids kept in memory while the log cannot be written (the session snapshot holds them too). */
const MAX_UNWRITTEN = 10_000;

export class HandledLog implements HandledStore {
  readonly #file: string;
  #generation = 0;
  /** Ids whose append failed, written with the next append that works. */
  #unwritten: string[] = [];
  /** Ids appended in this microtask turn, written together at its end. */
  #queued: string[] = [];
  /** The live log, open for appending (closed at rotation), and its inode when opened. */
  #fd: number | undefined;
  #ino = 0;

  /** `report` hears of each append's outcome (`undefined` = written), for the storage health. */
  constructor(
    sessionFile: string,
    private readonly report: (error: unknown, path: string) => void = () => undefined,
  ) {
    this.#file = `${sessionFile}.handled`;
    this.#generation = Math.max(0, ...this.#rotated().map((r) => r.generation));
  }

  /** Every id in the live log and in rotated logs not yet committed, oldest first. */
  readAll(): string[] {
    const files = [
      ...this.#rotated()
        .sort((a, b) => a.generation - b.generation)
        .map((r) => r.path),
      this.#file,
    ];
    const ids: string[] = [];
    for (const path of files) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      // A line cut by a crash has no newline yet: drop it (its message is still pending).
      const lines = text.split('\n');
      lines.pop();
      for (const line of lines) if (line !== '') ids.push(line);
    }
    return ids;
  }

  /** The live log's path. */
  get path(): string {
    return this.#file;
  }

  /**
   * Record that `msgId` is handled. Never throws: after a failed write the id is kept and written
   * with the next append that works (the log recovers when the disk does).
   */
  append(msgId: string): void {
    if (msgId === '' || msgId.includes('\n')) return;
    this.#queued.push(msgId);
    if (this.#queued.length === 1) queueMicrotask(() => this.flush());
  }

  /** Writes the ids appended so far (at the end of each microtask turn, and before a rotation). */
  flush(): void {
    if (this.#queued.length === 0) return;
    const ids = [...this.#unwritten, ...this.#queued];
    this.#queued = [];
    const lines = `${ids.join('\n')}\n`;
    try {
      this.#write(lines);
      this.#unwritten = [];
      this.report(undefined, this.#file);
    } catch (error) {
      this.#unwritten = ids.slice(-MAX_UNWRITTEN);
      this.report(error, this.#file);
    }
  }

  // Appends to the open log; reopens it (creating it 0600) when the file at the path is gone or is
  // another file. Cheaper than open + write + close for every turn: one stat and one write.
  #write(text: string): void {
    if (this.#fd !== undefined) {
      let ino: number | undefined;
      try {
        ino = statSync(this.#file).ino;
      } catch {
        ino = undefined;
      }
      if (ino !== this.#ino) this.#close();
    }
    if (this.#fd === undefined) {
      const fd = openSync(this.#file, 'a', 0o600);
      this.#fd = fd;
      this.#ino = fstatSync(fd).ino;
    }
    try {
      const data = Buffer.from(text, 'utf8');
      let done = 0;
      while (done < data.length) done += writeSync(this.#fd, data, done, data.length - done);
    } catch (error) {
      this.#close();
      throw error;
    }
  }

  #close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed or the device is gone: nothing to keep.
    }
    this.#fd = undefined;
  }

  /** Start a new log file; returns the generation to {@link commit} after the snapshot is saved. */
  rotate(): number {
    this.flush(); // ids marked before this snapshot belong to the generation it covers
    this.#close(); // the renamed file is finished; the next append opens a new live log
    this.#generation += 1;
    try {
      renameSync(this.#file, `${this.#file}.${this.#generation}`);
    } catch {
      // No live log yet (nothing handled since the last rotation): nothing to rotate.
    }
    return this.#generation;
  }

  /** The snapshot taken at `generation` is on disk: delete the rotated logs it covers. */
  commit(generation: number): void {
    for (const r of this.#rotated()) {
      if (r.generation <= generation) rmSync(r.path, { force: true });
    }
  }

  /** Delete every log (the session was discarded). */
  clear(): void {
    this.#queued = [];
    this.#close();
    this.commit(Number.POSITIVE_INFINITY);
    rmSync(this.#file, { force: true });
  }

  #rotated(): Array<{ path: string; generation: number }> {
    const dir = dirname(this.#file);
    const prefix = `${basename(this.#file)}.`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: Array<{ path: string; generation: number }> = [];
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const generation = Number(name.slice(prefix.length));
      if (Number.isInteger(generation) && generation > 0) out.push({ path: join(dir, name), generation });
    }
    return out;
  }
}
