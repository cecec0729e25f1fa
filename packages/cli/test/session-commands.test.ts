import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSession } from '@wxbot/core';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

// `wxbot start/login/status/logout` against the simulator: what the session commands tell, what
// they leave on disk (no QR image once logged in, no secret in the log file).

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

const config = (extra = '') =>
  `plugins:\n  - name: "@wxbot/plugin-autoreply"\n    options:\n      rules: [{ match: { equals: ping }, reply: pong }]\nlogin:\n  qrPngFile: .wxbot/qr.png\noutbox:\n  pacing: false\nhosts:\n  connectTo: ${sim.url}\n${extra}`;

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A `wxbot start` that logs in by QR, answers one ping and stops. */
async function startOnce(dir: string): Promise<ReturnType<typeof launch>> {
  const bot = launch(['start'], dir);
  await bot.waitFor(/also saved as/);
  sim.phone.login();
  await bot.waitFor(/^ready: /m);
  sim.phone.say('wxid_alice', 'ping');
  expect((await sim.phone.waitForSent()).text).toBe('pong');
  bot.abort();
  expect(await bot.done).toBe(0);
  return bot;
}

test('start with log.file: the file gets the trace log with no secret; the QR PNG is deleted at login', async () => {
  const dir = await tempDir({
    'wxbot.config.yaml': config('log:\n  level: trace\n  file: logs/bot.jsonl\n'),
  });
  const png = join(dir, '.wxbot/qr.png');
  const bot = launch(['start'], dir);
  await bot.waitFor(/also saved as/);
  expect(existsSync(png)).toBe(true);
  // The QR logs in whoever scans it; the log holds chat text: both owner-only.
  expect((await stat(png)).mode & 0o777).toBe(0o600);
  expect((await stat(join(dir, 'logs/bot.jsonl'))).mode & 0o777).toBe(0o600);
  sim.phone.login();
  await bot.waitFor(/^ready: /m);
  expect(existsSync(png)).toBe(false);
  sim.phone.say('wxid_alice', 'ping');
  expect((await sim.phone.waitForSent()).text).toBe('pong');
  bot.abort();
  expect(await bot.done).toBe(0);

  const saved = await loadSession(join(dir, '.wxbot/session.json'));
  if (saved.status !== 'ok' || !saved.data.credentials) throw new Error('no live session saved');
  const { sid, skey, passTicket, uin } = saved.data.credentials;
  const secretCookies = new Set(['wxsid', 'wxuin', 'webwx_data_ticket', 'webwx_auth_ticket']);
  const cookieValues = saved.data.cookies.cookies
    .filter((c) => secretCookies.has(String(c.key)))
    .map((c) => String(c.value));
  const secrets = [sid, skey, passTicket, String(uin), encodeURIComponent(passTicket), ...cookieValues];
  expect(cookieValues.length).toBeGreaterThan(0);
  const file = join(dir, 'logs/bot.jsonl');
  await until(async () => existsSync(file) && (await readFile(file, 'utf8')).includes('stopping'));
  const text = await readFile(file, 'utf8');
  expect(text).toContain('logged in as Shop Bot');
  expect(text).toContain('deleted the login QR image');
  expect(text).toContain('"msg":"session saved"'); // debug records reach the file too
  expect(text.match(/deleted the login QR image/g)).toHaveLength(1);
  for (const secret of secrets) expect(text).not.toContain(secret);
});

test('a second start on the same session file exits 5 naming the running one’s pid', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const first = launch(['start'], dir);
  await first.waitFor(/also saved as/);
  sim.phone.login();
  await first.waitFor(/^ready: /m);
  const second = await run(['start'], dir);
  expect(second.code).toBe(ExitCode.SessionInUse);
  expect(second.stderr).toContain(`is in use by another wxbot process (pid ${process.pid})`);
  // The first one is unaffected and stops cleanly.
  sim.phone.say('wxid_alice', 'ping');
  expect((await sim.phone.waitForSent()).text).toBe('pong');
  first.abort();
  expect(await first.done).toBe(0);
});

test('login says whether it resumed or needed a QR, and leaves no QR image', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const first = launch(['login'], dir);
  await first.waitFor(/also saved as/);
  sim.phone.login();
  expect(await first.done).toBe(0);
  expect(first.out()).toContain('logged in with a new QR code: Shop Bot');
  expect(existsSync(join(dir, '.wxbot/qr.png'))).toBe(false);
  const second = await run(['login'], dir);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('resumed the saved session (no QR code needed): Shop Bot');
  expect(second.stdout).not.toContain('Scan this QR code');
});

test('status reports the last sync, replies waiting to be sent and messages to handle, and no secret', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const before = Date.now();
  await startOnce(dir);
  // A reply journaled by a bot killed before the server answered (one line as the outbox writes it).
  const intent = {
    type: 'intent',
    clientMsgId: '17000000000000001',
    queuedAt: Date.now(),
    message: { kind: 'text', to: '@abc', text: 'on its way' },
  };
  await writeFile(join(dir, '.wxbot/session.outbox.jsonl'), `${JSON.stringify(intent)}\n`, { flag: 'a' });

  const json = await run(['status', '--json'], dir);
  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout);
  expect(report).toMatchObject({
    sessionState: 'active',
    account: 'Shop Bot',
    pendingReplies: 1,
    unhandledMessages: 0,
    sessionFileMode: '600',
  });
  expect(Date.parse(report.lastSyncAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(Date.parse(report.lastSyncAt)).toBeLessThanOrEqual(Date.now());
  expect(json.stdout).not.toMatch(/skey|pass_?ticket|wxsid|cookie|sid"/i);

  const text = await run(['status'], dir);
  expect(text.stdout).toMatch(/^synced: {3}\d{4}-\d\d-\d\dT.* \(last sync with WeChat\)$/m);
  expect(text.stdout).toContain('pending:  1 reply to send (at the next start)');
  expect(text.stdout).not.toMatch(/skey|pass_?ticket|wxsid|cookie/i);
});

test('status of a fresh directory: nothing saved, nothing pending', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const report = JSON.parse((await run(['status', '--json'], dir)).stdout);
  expect(report).toMatchObject({
    sessionState: 'missing',
    lastSyncAt: null,
    unhandledMessages: null,
    pendingReplies: 0,
  });
});

test('logout of a session the phone already ended: no QR, no prompt on the phone; the file is deleted', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  await startOnce(dir);
  sim.phone.logout();
  const r = await run(['logout'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('the session had already ended on the server; deleted .wxbot/session.json');
  expect(r.stdout).not.toContain('Scan this QR code');
  expect(sim.phone.pendingLogin).toBeUndefined();
  expect(existsSync(join(dir, '.wxbot/session.json'))).toBe(false);
});

test('logout while WeChat cannot be reached keeps the session and exits 1', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  await startOnce(dir);
  await sim.close();
  const r = await run(['logout'], dir);
  expect(r.code).toBe(ExitCode.Failure);
  expect(r.stderr).toMatch(/could not reach WeChat .*\.wxbot\/session\.json is kept/);
  expect(existsSync(join(dir, '.wxbot/session.json'))).toBe(true);
  sim = await createSimulator({}); // afterEach closes it
});
