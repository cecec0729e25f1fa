import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real small file system for disk-fault tests: a tmpfs of `sizeKb` mounted on a temp folder
 * (needs root, which the CI and dev machines are). `undefined` when it cannot be mounted: the
 * caller then says so and skips (no fake is passed off as a real full disk).
 */
export interface SmallFs {
  readonly dir: string;
  /**
   * Fill the file system up: the next write that needs space fails with ENOSPC. tmpfs allocates
   * whole pages, so the last page of `files` (if they exist) is padded with newlines too (blank
   * lines, which the journal and the handled log skip): no write fits anywhere any more.
   */
  fill(files?: readonly string[]): Promise<void>;
  /** Remove the filler: writes work again. */
  free(): Promise<void>;
  /** Remount read-only (writes fail with EROFS). */
  readOnly(): void;
  close(): Promise<void>;
}

export async function mountSmallFs(sizeKb: number): Promise<SmallFs | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-smallfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    await rmdir(dir).catch(() => undefined);
    return undefined;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill: async (files = []) => {
      for (const path of [filler, ...files]) {
        const handle = await open(path, 'a').catch(() => undefined);
        if (!handle) continue;
        try {
          for (const size of [4096, 64, 1]) {
            const chunk = Buffer.alloc(size, path === filler ? 1 : 10);
            try {
              for (;;) await handle.write(chunk);
            } catch {
              // ENOSPC: try smaller pieces
            }
          }
        } finally {
          await handle.close();
        }
      }
    },
    free: () => rm(filler, { force: true }),
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }),
    close: async () => {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
