import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The real `wxbot` process in a pseudo-terminal (support/pty-drive.py), with its screen readable
// while it runs: the test plays the other side (a simulator's scripted user) as the screen advances.
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '../../../..');
const DRIVER = join(here, 'pty-drive.py');
const REGISTER = join(ROOT, 'tools/ts-run/register.mjs');
const BIN = join(here, '../../src/bin.ts');

/** True when python3 with its pty module is there (else the pty tests are skipped). */
export const hasPty = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

/** One driver step: wait for `expect` (regex), type `send` or the contents of `sendFrom`, read on `pause` s. */
export interface PtyStep {
  expect?: string;
  send?: string;
  sendFrom?: string;
  pause?: number;
}

const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** The screen without terminal control sequences and carriage returns. */
export const plain = (s: string) => s.replace(ESCAPE, '').replace(/\r/g, '');

/** A running `wxbot` in a pseudo-terminal. */
export interface LivePty {
  /** The screen so far (plain text). */
  screen(): string;
  /** Resolves once the screen matches `pattern` (rejects after `ms`, or when the command ended first). */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** The exit code (99: an expected text never came; 98: it did not exit) and the whole screen. */
  readonly done: Promise<{ code: number | null; screen: string }>;
}

/**
 * Starts `wxbot ARGS` in a pseudo-terminal driven by `steps`; `timeoutS` bounds each step's wait.
 *
 * @example
 * const pty = drivePty(['login'], [{ expect: 'number', send: '123456\r' }], dir);
 * await pty.waitFor(/Scan this QR/);
 */
export function drivePty(
  args: string[],
  steps: PtyStep[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutS = 15,
): LivePty {
  const child = spawn(
    'python3',
    [
      DRIVER,
      JSON.stringify(steps),
      String(timeoutS),
      '--',
      process.execPath,
      '--import',
      REGISTER,
      BIN,
      ...args,
    ],
    { cwd, env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') } },
  );
  let raw = '';
  let ended = false;
  child.stdout.on('data', (c: Buffer) => {
    raw += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    raw += c.toString();
  });
  const done = new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      ended = true;
      resolve({ code, screen: plain(raw) });
    });
  });
  return {
    screen: () => plain(raw),
    done,
    async waitFor(pattern, ms = timeoutS * 1000) {
      const until = Date.now() + ms;
      while (!pattern.test(plain(raw))) {
        if (ended || Date.now() > until)
          throw new Error(`the screen never showed ${pattern}; screen:\n${plain(raw)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
