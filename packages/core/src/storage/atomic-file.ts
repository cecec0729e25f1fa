import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Temp files this process is writing right now: never taken for leftovers.
const inFlight = new Set<string>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `session.json.<pid>.<8 hex>.tmp`: the names {@link writeFileAtomic} writes beside `file`. */
function tempPattern(file: string): RegExp {
  return new RegExp(`^${escapeRegExp(basename(file))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temp files a killed writer left beside `file` (a `kill -9` between the write and
 * the rename of {@link writeFileAtomic}). Only names of that writer's own pattern for this very
 * file are touched, and never one another live process (or this one) is still writing. Errors
 * are ignored: a leftover is harmless and is tried again next time. Returns the names removed.
 *
 * @example
 * await removeStaleTempFiles('.wxbot/session.json'); // removes .wxbot/session.json.4711.0a1b2c3d.tmp
 */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const pattern = tempPattern(file);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid)) continue;
    const path = join(dir, name);
    // Our own pid is a leftover too (a container restarts with the same pid), unless in flight.
    const stale = pid === process.pid ? !inFlight.has(path) : !isAlive(pid);
    if (!stale) continue;
    try {
      await rm(path, { force: true });
      removed.push(name);
    } catch {
      // Next time.
    }
  }
  return removed;
}

/**
 * Writes a file atomically with mode 0600: temp file in the same directory, fsync, rename.
 * A crash leaves either the old file or the new one, never half of one. `content` may be pieces
 * (text, or bytes kept encoded by their owner) written one after another.
 */
export async function writeFileAtomic(
  file: string,
  content: string | readonly (string | Uint8Array)[],
): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  inFlight.add(tmp);
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      if (typeof content === 'string') await fh.writeFile(content, 'utf8');
      else await writePieces(fh, content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    // A failed write (disk full, …) must not leave its temp file behind either.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    inFlight.delete(tmp);
  }
}

// Pieces go out in few system calls (writev, up to 1,024 buffers each), resumed after a short write.
async function writePieces(fh: FileHandle, pieces: readonly (string | Uint8Array)[]): Promise<void> {
  const buffers = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  let at = 0;
  while (at < buffers.length) {
    const batch = buffers.slice(at, at + 1024);
    const total = batch.reduce((n, b) => n + b.byteLength, 0);
    const { bytesWritten } = await fh.writev(batch);
    if (bytesWritten === 0 && total > 0) throw new Error('the file system accepted no bytes');
    if (bytesWritten >= total) {
      at += batch.length;
      continue;
    }
    // Short write: skip what went out and go on from the middle of the buffer it stopped in.
    let done = bytesWritten;
    while (done > 0 && at < buffers.length) {
      const b = buffers[at] as Uint8Array;
      if (done >= b.byteLength) {
        done -= b.byteLength;
        at += 1;
      } else {
        buffers[at] = b.subarray(done);
        done = 0;
      }
    }
  }
}
