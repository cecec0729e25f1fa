import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

// Issue 17: two `wxbot start` on iLink with one session file both ran. Now, as on Web, the second
// exits 5 naming the first one's pid, and a bot killed with -9 is taken over at once by the next.

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let sim: IlinkSimulator;
let child: ChildProcess | undefined;
beforeEach(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  child = undefined;
  await sim.close();
});

const config = () =>
  `transport: ilink\nplugins:\n  - name: "@wxbot/plugin-autoreply"\n    options:\n      rules: [{ match: { equals: ping }, reply: pong }]\noutbox:\n  pacing: false\nilink:\n  baseUrl: ${sim.url}\n`;

/** `wxbot start` from the built CLI in a child process (so it can be killed with -9). */
function spawnStart(dir: string): { process: ChildProcess; ready: Promise<void> } {
  const proc = spawn(process.execPath, ['--no-warnings', BIN, 'start'], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^ready: /m.test(out)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`wxbot start exited ${code}:\n${out}\n${err}`)));
  });
  return { process: proc, ready };
}

test('a second start on an iLink session exits 5 naming the running one’s pid; logout is refused too', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const first = launch(['start'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await first.waitFor(/^ready: /m);

  const second = await run(['start'], dir);
  expect(second.code).toBe(ExitCode.SessionInUse);
  expect(second.stderr).toContain(`is in use by another wxbot process (pid ${process.pid})`);
  const logout = await run(['logout'], dir);
  expect(logout.code).toBe(ExitCode.SessionInUse);
  expect(existsSync(`${dir}/.wxbot/session.ilink.json`)).toBe(true);
  // The first one is unaffected and stops cleanly.
  alice.says('ping');
  expect((await alice.waitForReply((m) => m.text === 'pong')).outcome).toBe('delivered');
  first.abort();
  expect(await first.done).toBe(ExitCode.Ok);
});

test('after kill -9 of `wxbot start` (iLink) the next start takes the lock over at once and resumes', async () => {
  expect(existsSync(BIN)).toBe(true); // the suite runs after `pnpm run build`
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const alice = sim.user('alice');
  const started = spawnStart(dir);
  child = started.process;
  alice.login(await alice.waitForQr());
  await started.ready;
  const pid = child.pid;

  const refused = await run(['start'], dir);
  expect(refused.code).toBe(ExitCode.SessionInUse);
  expect(refused.stderr).toContain(`(pid ${pid})`);
  expect(refused.stderr).toContain(`kill ${pid}`);

  const gone = new Promise((r) => child?.once('exit', r));
  child.kill('SIGKILL');
  await gone;
  child = undefined;
  // The dead one's lock is still fresh, but its pid is gone: taken over now (the saved session
  // resumes without a QR), not once the lock turns stale.
  const next = launch(['start'], dir);
  await next.waitFor(/^ready: /m);
  alice.says('ping');
  expect((await alice.waitForReply((m) => m.text === 'pong')).outcome).toBe('delivered');
  next.abort();
  expect(await next.done).toBe(ExitCode.Ok);
});
