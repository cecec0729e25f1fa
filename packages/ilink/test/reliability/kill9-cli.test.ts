import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, jest, test } from '@jest/globals';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { type IlinkRow, pause, renderIlinkReport, until } from './harness.js';

// kill -9 on iLink through the product: the real built CLI (`wxbot start`, `transport: ilink`) in a
// child process against an iLink simulator started here, where the kill cannot reach it. Handled ids
// are counted by a plugin's append-only log in the child, replies at the simulator.

jest.setTimeout(90_000);

const BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

// A plugin file the CLI loads: answers `re:<text>` after a short pause (so a kill lands while a
// message is being handled), then logs the id as done.
const PLUGIN = `import { appendFileSync } from 'node:fs';
export default {
  name: 'kill9-echo',
  setup(bot) {
    bot.on('text', async (ctx) => {
      if (ctx.message.self) return;
      await new Promise((r) => setTimeout(r, 40));
      await ctx.reply('re:' + ctx.text);
      appendFileSync(process.env.HANDLED_LOG, 'done ' + ctx.message.id + '\\n');
    });
  },
};
`;

const config = (url: string) => `transport: ilink
plugins:
  - path: ./kill9-echo.mjs
outbox:
  pacing: false
  dailyBudget: false
replyLoop:
  enabled: false
ilink:
  baseUrl: ${url}
`;

interface CliChild {
  readonly process: ChildProcess;
  waitForReady(timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function startCli(dir: string, env: Record<string, string>): CliChild {
  const child = spawn(process.execPath, ['--no-warnings', BIN, 'start'], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    waitForReady: async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!/^ready: /m.test(out)) {
        if (!alive() || Date.now() > deadline)
          throw new Error(`wxbot start did not get ready; stdout:\n${out}\nstderr:\n${err.slice(-2000)}`);
        await pause(20);
      }
    },
    kill9: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
  };
}

let sim: IlinkSimulator | undefined;
let dir: string | undefined;
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('kill -9 of `wxbot start` (iLink) mid-traffic, three times: nothing lost, every reply exactly once', async () => {
  expect(existsSync(BIN)).toBe(true); // the suite runs after `pnpm run build`
  sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    autoConfirm: { delayMs: 5 },
  });
  const server = sim;
  dir = await mkdtemp(join(tmpdir(), 'wxbot-ilink-kill9-'));
  await writeFile(join(dir, 'wxbot.config.yaml'), config(server.url));
  await writeFile(join(dir, 'kill9-echo.mjs'), PLUGIN);
  const log = join(dir, 'handled.log');
  const env = { HANDLED_LOG: log };

  const injected = new Map<string, string>();
  const say = (prefix: string, count: number): void => {
    for (let i = 0; i < count; i++) {
      const text = `${prefix}-${i}`;
      injected.set(server.owner.says(text).messageId.toString(), text);
    }
  };
  const done = (): Map<string, number> => {
    const counts = new Map<string, number>();
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    for (const line of text.split('\n')) {
      const [what, id] = line.split(' ');
      if (what === 'done' && id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const replies = (text: string): number => server.sent.filter((m) => m.text === `re:${text}`).length;

  const kills: string[] = [];
  let child = startCli(dir, env);
  try {
    await child.waitForReady();
    for (let round = 0; round < 3; round++) {
      // At most 10 replies per user turn (the server counts from the user's latest message): a burst
      // of 8 plus 2 written while the bot is down stays within one turn's quota.
      say(`run${round}`, 8);
      const target = done().size + 3;
      await until(() => done().size >= target, `some handling in round ${round}`, 20_000);
      const handledBefore = done().size;
      await child.kill9();
      kills.push(`round ${round}: killed after ${handledBefore} handled`);
      say(`down${round}`, 2); // the server keeps them for the same session
      child = startCli(dir, env);
      await child.waitForReady();
      await until(
        () => [...injected].every(([id, text]) => done().has(id) && replies(text) >= 1),
        `round ${round} to settle after the restart`,
        20_000,
      );
    }
    say('final', 5);
    await until(
      () => [...injected].every(([id, text]) => done().has(id) && replies(text) >= 1),
      'every message handled and answered',
      20_000,
    );
    await pause(300); // anything doubled would show up now
    await child.stop();

    const counts = done();
    let once = 0;
    let rerun = 0;
    let lost = 0;
    let rOnce = 0;
    let rDup = 0;
    let rLost = 0;
    for (const [id, text] of injected) {
      const n = counts.get(id) ?? 0;
      if (n === 0) lost++;
      else if (n === 1) once++;
      else rerun++;
      const r = replies(text);
      if (r === 0) rLost++;
      else if (r === 1) rOnce++;
      else rDup++;
    }
    const row: IlinkRow = {
      fault: 'kill -9 ×3 + restart (wxbot start, child process)',
      injected: injected.size,
      deliveredOnce: once,
      lost,
      duplicated: rerun,
      repliesOnce: rOnce,
      repliesLost: rLost,
      repliesDuplicated: rDup,
    };
    const table = renderIlinkReport([row]);
    process.stdout.write(`\niLink kill -9 test (${kills.join('; ')}):\n${table}\n`);
    await writeFile(join(tmpdir(), 'wxbot-ilink-kill9-report.md'), `${table}\n`);
    expect(lost).toBe(0);
    expect(rLost).toBe(0);
    expect(rDup).toBe(0);
    // Every send reached the server as a delivery (no refusal, no double: a resent client_id is
    // acknowledged without a second message).
    expect(server.sendLog.filter((s) => s.outcome !== 'delivered')).toEqual([]);
    // A handler killed after its reply but before the message counted as handled runs again
    // (at-least-once; its reply is deduplicated by client_id): at most one per kill (one chat here).
    expect(rerun).toBeLessThanOrEqual(kills.length);
  } finally {
    await child.kill9();
  }
});
