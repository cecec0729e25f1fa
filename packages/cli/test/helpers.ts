import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

/** Absolute path of test/fixtures. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** What one `wxbot` run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr split into lines, without the trailing empty one. */
  errLines: string[];
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `main(argv)` in `cwd` with captured output. */
export async function run(
  argv: string[],
  cwd: string,
  stdinText = '',
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  const out = capture();
  const err = capture();
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const code = await main(argv, env, { stdout: out.stream, stderr: err.stream, stdin, cwd });
  await new Promise((r) => setImmediate(r));
  const stderr = err.text();
  return { code, stdout: out.text(), stderr, errLines: stderr.split('\n').filter((l) => l !== '') };
}

const dirs: string[] = [];

/** A fresh temp directory with the given files (path → contents); removed after all tests. */
export async function tempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-cli-'));
  dirs.push(dir);
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), contents);
  }
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs `main(argv)` in the background with captured output, a writable stdin and a stop signal (SIGTERM). */
export function launch(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const controller = new AbortController();
  const done = main(argv, env, { stdin, stdout, stderr, cwd, signal: controller.signal });
  return {
    stdin,
    done,
    abort: () => controller.abort('SIGTERM'),
    out: () => out,
    err: () => err,
    /**
     * Wait for `pattern` on stdout. Fails at once if the command ends first (a real failure); `ms`
     * only catches a hang, so it is generous: a loaded machine may take seconds to draw a QR.
     */
    async waitFor(pattern: RegExp, ms = 45_000) {
      const until = Date.now() + ms;
      let ended: string | undefined;
      void done.then(
        (code) => {
          ended = `the command exited with ${code}`;
        },
        (error: unknown) => {
          ended = `the command threw ${String(error)}`;
        },
      );
      while (!pattern.test(out)) {
        const reason = ended ?? (Date.now() > until ? `nothing after ${ms} ms` : undefined);
        if (reason) throw new Error(`waiting for ${pattern}: ${reason}; stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
