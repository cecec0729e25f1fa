import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { SyncStorm } from '../adapter/adapter.js';
import type { StorageFault } from './storage-faults.js';

/** What a running bot says about itself in `<session>.status.json` (read by `wxbot status`). */
export interface LiveStatus {
  readonly pid: number;
  readonly updatedAt: number;
  readonly loggedIn: boolean;
  readonly syncStorm?: SyncStorm | undefined;
  readonly storageFaults: readonly StorageFault[];
}

/** Size of the file: written once at start, then overwritten in place. */
const SIZE = 8192;

/** The live status file of a session file: `session.json` → `session.json.status`. */
export function liveStatusPath(sessionFile: string): string {
  return `${sessionFile}.status`;
}

/**
 * A small status file a running bot keeps up to date for `wxbot status` (another process). Its
 * blocks are allocated once at start and then overwritten in place, so it can still say "the
 * disk is full" when nothing else can be written. No secrets: pid, times, fault paths and errnos.
 *
 * @example
 * const live = LiveStatusFile.create(liveStatusPath(sessionFile));
 * live?.write({ pid: process.pid, updatedAt: Date.now(), loggedIn: true, storageFaults: [] });
 */
export class LiveStatusFile {
  private constructor(
    private readonly path: string,
    private fd: number | undefined,
  ) {}

  /** Creates (or truncates) the file at its full size, 0600; undefined when it cannot be written. */
  static create(path: string): LiveStatusFile | undefined {
    try {
      const fd = openSync(path, 'w', 0o600);
      writeSync(fd, Buffer.alloc(SIZE, 0x20), 0, SIZE, 0);
      return new LiveStatusFile(path, fd);
    } catch {
      return undefined;
    }
  }

  /** Reads a live status file; undefined when missing or unreadable. */
  static read(path: string): LiveStatus | undefined {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8').trim());
      if (parsed && typeof parsed === 'object' && typeof (parsed as LiveStatus).pid === 'number') {
        return parsed as LiveStatus;
      }
    } catch {
      // missing or torn
    }
    return undefined;
  }

  /** Overwrites the status in place (never grows the file; never throws). */
  write(status: LiveStatus): void {
    if (this.fd === undefined) return;
    const text = JSON.stringify(status);
    if (Buffer.byteLength(text) > SIZE) return;
    const buffer = Buffer.alloc(SIZE, 0x20);
    buffer.write(text, 0, 'utf8');
    try {
      writeSync(this.fd, buffer, 0, SIZE, 0);
    } catch {
      // The status file is best effort; the health endpoint says the same.
    }
  }

  /** Closes and removes the file (the bot stopped). */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}
