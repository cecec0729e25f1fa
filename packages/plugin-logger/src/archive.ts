import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageRecord } from './record.js';

/** Options of the JSONL chat archive. */
export interface ChatArchiveOptions {
  /** Directory for the day files (`2026-11-23.jsonl`). Created when missing. */
  readonly dir: string;
  /** Start a new part (`2026-11-23.1.jsonl`) when a day file grows past this. Default 50 MB. */
  readonly maxFileBytes?: number;
  /** Delete day files older than this many days (0 = keep everything). Default 0. */
  readonly retainDays?: number;
  /** Time zone offset used to cut days, in minutes east of UTC. Default: the machine's. */
  readonly utcOffsetMinutes?: number;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/;

/**
 * An append-only chat archive: one JSON object per line, one file per day, rotated by size,
 * old days deleted after `retainDays`. Lines are written in order; `flush()` waits for them.
 *
 * @example
 * const archive = new ChatArchive({ dir: 'logs/chat', retainDays: 30 });
 * archive.append(record);
 * await archive.flush();
 */
export class ChatArchive {
  private readonly dir: string;
  private readonly maxFileBytes: number;
  private readonly retainDays: number;
  private readonly offsetMinutes: number | undefined;
  private pending: Promise<void> = Promise.resolve();
  private currentDay = '';
  private currentPart = 0;
  private currentBytes = 0;
  private lastError: Error | undefined;

  constructor(options: ChatArchiveOptions) {
    this.dir = options.dir;
    this.maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
    this.retainDays = options.retainDays ?? 0;
    this.offsetMinutes = options.utcOffsetMinutes;
  }

  /** Queue one record. Errors are kept and reported by the next `flush()`. */
  append(record: MessageRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    const at = new Date(record.time);
    this.pending = this.pending
      .then(() => this.write(line, at))
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      });
  }

  /** Resolve when every queued record is on disk; rejects with the last write error, if any. */
  async flush(): Promise<void> {
    await this.pending;
    const error = this.lastError;
    this.lastError = undefined;
    if (error) throw error;
  }

  /** The day (`YYYY-MM-DD`) a time belongs to in the archive's time zone. */
  dayOf(at: Date): string {
    const offset = this.offsetMinutes ?? -at.getTimezoneOffset();
    return new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 10);
  }

  private fileName(day: string, part: number): string {
    return join(this.dir, part === 0 ? `${day}.jsonl` : `${day}.${part}.jsonl`);
  }

  private async write(line: string, at: Date): Promise<void> {
    const day = this.dayOf(at);
    if (day !== this.currentDay) await this.openDay(day);
    const bytes = Buffer.byteLength(line);
    if (this.currentBytes > 0 && this.currentBytes + bytes > this.maxFileBytes) {
      this.currentPart += 1;
      this.currentBytes = 0;
    }
    await appendFile(this.fileName(day, this.currentPart), line, { mode: 0o600 });
    this.currentBytes += bytes;
  }

  // Continue the newest part of the day (a restart must not overwrite), then prune old days.
  private async openDay(day: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const names = await readdir(this.dir);
    let part = 0;
    for (const name of names) {
      const match = DAY_FILE.exec(name);
      if (match?.[1] === day) part = Math.max(part, Number(match[2] ?? 0));
    }
    this.currentDay = day;
    this.currentPart = part;
    this.currentBytes = await stat(this.fileName(day, part)).then(
      (s) => s.size,
      () => 0,
    );
    if (this.retainDays > 0) await this.prune(names, day);
  }

  private async prune(names: readonly string[], today: string): Promise<void> {
    const cutoff = new Date(`${today}T00:00:00Z`).getTime() - this.retainDays * 86_400_000;
    for (const name of names) {
      const match = DAY_FILE.exec(name);
      if (match?.[1] && new Date(`${match[1]}T00:00:00Z`).getTime() < cutoff) {
        await rm(join(this.dir, name), { force: true });
      }
    }
  }
}
