import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSafetyState, safetyStatePath } from '@wxbot/core';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { parseConfig } from '../src/config/load-config.js';
import { ExitCode } from '../src/exit-codes.js';
import { showRiskNoticeOnce } from '../src/runtime/risk-notice.js';
import { launch, run, tempDir } from './helpers.js';

// Account safety through the CLI: a kicked login is not scanned again, `start` says why in one
// sentence, `status` remembers it; the risk notice is shown once per account on the real hosts.

let sim: Simulator;
beforeEach(async () => {
  sim = await createSimulator({
    loginHoldMs: 100,
    syncHoldMs: 300,
    account: { nickName: 'Shop Bot' },
    cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] },
  });
});
afterEach(async () => {
  await sim.close();
});

const config = () =>
  `login:\n  reloginCooldownSeconds: 0.05\noutbox:\n  pacing: false\nhosts:\n  connectTo: ${sim.url}\n`;

test('start on a restricted account: the kick ends the run with the reason; no second QR, no re-login', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  sim.phone.restrictAccount({ kickAfterMs: 400 });
  const bot = launch(['start'], dir);
  // The phone scans once the QR is up (waits for the login request, not for a fixed time).
  sim.phone.login(await sim.phone.waitForLoginRequest(30_000));
  const code = await bot.done;
  expect([ExitCode.Failure, ExitCode.Login]).toContain(code);
  const err = bot.err();
  expect(err).toMatch(/WeChat ended a fresh login within seconds.*probable ban risk/);
  expect(err).toMatch(/Do not scan again/);
  // One QR only: the kick was not answered with another.
  expect(bot.out().match(/Scan this QR code/g) ?? []).toHaveLength(1);
  expect(sim.phone.pendingLogin).toBeUndefined();

  const json = JSON.parse((await run(['status', '--json'], dir)).stdout);
  expect(json.lastEnd).toMatchObject({ kind: 'restricted', code: 1102 });
  const text = await run(['status'], dir);
  expect(text.stdout).toMatch(/^ended: {4}\d{4}-.*: WeChat ended a fresh login/m);
});

test('after a restriction-like ending, start and chat refuse to log in until a person runs `wxbot login`', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  sim.phone.restrictAccount({ kickAfterMs: 400 });
  const kicked = launch(['start'], dir);
  sim.phone.login(await sim.phone.waitForLoginRequest(30_000));
  expect(await kicked.done).not.toBe(ExitCode.Ok);

  // A supervisor (systemd, pm2, docker) restarting `wxbot start` must not log in again by itself.
  for (const argv of [['start'], ['chat']]) {
    const again = await run(argv, dir);
    expect(again.code).toBe(ExitCode.Login);
    expect(again.stderr).toMatch(/not logging in: the last session ended at .*probable ban risk/);
    expect(again.stderr).toMatch(/run `wxbot login` once/);
    expect(again.stdout).not.toMatch(/Scan this QR code|Connecting/);
  }
  expect(sim.phone.pendingLogin).toBeUndefined();
  expect(sim.status().loggedIn).toBe(false);
  expect((await run(['status'], dir)).stdout).toMatch(
    /^session: {2}ended .*`wxbot start` will not log in again by itself: run `wxbot login`/m,
  );

  // A person decides: `wxbot login` logs in; `start` then resumes that session.
  sim.phone.restrictAccount(false);
  const login = launch(['login'], dir);
  sim.phone.login(await sim.phone.waitForLoginRequest(30_000));
  expect(await login.done).toBe(ExitCode.Ok);
  const start = launch(['start'], dir);
  await start.waitFor(/^ready: /m, 30_000);
  start.abort();
  expect(await start.done).toBe(ExitCode.Ok);
});

test('no risk notice against a simulator (hosts.connectTo)', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const first = launch(['login'], dir);
  sim.phone.login(await sim.phone.waitForLoginRequest(30_000));
  expect(await first.done).toBe(0);
  expect(first.err()).not.toContain('Before you log in');
});

test('the risk notice on the real hosts: shown once per account, remembered beside the session (0600)', async () => {
  const dir = await tempDir();
  const cfg = parseConfig({ login: { sessionFile: 'state/session.json' } }, { dir });
  const out = new PassThrough();
  let printed = '';
  out.on('data', (b: Buffer) => {
    printed += b.toString('utf8');
  });
  expect(await showRiskNoticeOnce(cfg, out)).toBe(true);
  expect(printed).toMatch(/January 2025.*1102/s);
  expect(printed).toMatch(/iLink/);
  expect(printed).toMatch(/Which transport should I use\?/);
  expect(await showRiskNoticeOnce(cfg, out)).toBe(false);
  const file = safetyStatePath(join(dir, 'state/session.json'));
  expect((await readSafetyState(file)).noticeShownAt).toBeGreaterThan(0);
  expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
  // Another account (another session file) gets its own notice.
  const other = parseConfig({ login: { sessionFile: 'other/session.json' } }, { dir });
  expect(await showRiskNoticeOnce(other, out)).toBe(true);
});

test('config: unsafe outbox rates, the daily budget and the reply-loop guard are validated', () => {
  const dir = process.cwd();
  const cfg = parseConfig({}, { dir });
  expect(cfg.outbox).toMatchObject({ unsafeRates: false, dailyBudget: 300 });
  expect(cfg.replyLoop.enabled).toBe(true);
  expect(cfg.login.reloginCooldownSeconds).toBe(60);
  expect(parseConfig({ outbox: { dailyBudget: false } }, { dir }).outbox.dailyBudget).toBe(false);
  expect(() => parseConfig({ outbox: { dailyBudget: 'lots' } }, { dir })).toThrow(/outbox\.dailyBudget/);
  expect(() => parseConfig({ login: { maxQrAttempts: 1000 } }, { dir })).toThrow(/maxQrAttempts/);
});
