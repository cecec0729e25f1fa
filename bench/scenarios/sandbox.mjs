/**
 * Sandbox start (issue 10 §5): `wxbot start --sandbox` from process start to ready (target < 1.5 s).
 *
 *   node bench/scenarios/sandbox.mjs [--runs 3] [--json]
 *
 * Spawns `node packages/cli/dist/bin.js start --sandbox` in an empty temporary directory (so the
 * built-in demo config is used), stops the clock at the first stdout line starting with `ready`,
 * then closes stdin (the sandbox prompt ends) and waits for the exit. The median of `--runs` runs
 * is reported. If the CLI cannot be run (not built, or it exits or stays silent), the row fails with
 * the CLI's last stderr lines: no lighter program is timed in its place.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs, round } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';

const CLI = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/**
 * Spawns `argv` and resolves with the ms from spawn to the first stdout line starting with `ready`.
 * @param {string[]} argv
 * @param {string} cwd
 * @param {number} timeoutMs
 */
function timeToReady(argv, cwd, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(process.execPath, argv, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    let readyAt;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `no ready line within ${timeoutMs} ms; stderr: ${err.trim().split('\n').slice(-2).join(' / ')}`,
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (readyAt === undefined && /(^|\n)ready\b/.test(out)) {
        readyAt = nowMs();
        clearTimeout(timer);
        child.stdin.end(); // the sandbox prompt ends with its input
        setTimeout(() => child.kill('SIGINT'), 2000).unref();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (readyAt !== undefined) resolve(readyAt - started);
      else
        reject(
          new Error(
            `exited with ${code} before ready; stderr: ${err.trim().split('\n').slice(-2).join(' / ')}`,
          ),
        );
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

await runScenarioMain('sandbox', async (args) => {
  const runs = numArg(args, 'runs', 3);
  const notes = [];
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-bench-sandbox-'));
  try {
    if (!existsSync(CLI)) throw new Error('packages/cli/dist/bin.js is not built (run pnpm build)');
    // The CLI itself or nothing: a start that fails fails the row (no lighter program is timed).
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await timeToReady([CLI, 'start', '--sandbox'], dir, 20_000));
    notes.push('`wxbot start --sandbox` (built-in demo config), spawn → first `ready` line');
    return {
      client: 'sandbox',
      metrics: { readySec: round(median(times) / 1000, 3), runs: times.length },
      notes: [...notes, `runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
