import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

// `transport: ilink` through the CLI: start, status, logout against the iLink simulator over real HTTP.

let sim: IlinkSimulator;
beforeEach(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
});
afterEach(async () => {
  await sim.close();
});

const config = (extra = '') =>
  `transport: ilink\nplugins:\n  - name: "@wxbot/plugin-autoreply"\n    options:\n      rules: [{ match: { equals: ping }, reply: pong }]\noutbox:\n  pacing: false\nilink:\n  baseUrl: ${sim.url}\n${extra}`;

test('start on ilink: QR in the terminal, autoreply answers, the session is kept beside sessionFile (0600); status and logout', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const bot = launch(['start'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await bot.waitFor(/^ready: /m);
  alice.says('ping');
  expect((await alice.waitForReply((m) => m.text === 'pong')).outcome).toBe('delivered');
  bot.abort();
  expect(await bot.done).toBe(ExitCode.Ok);
  // The QR was drawn in the terminal from the qrcode_img_content text.
  expect(bot.out()).toMatch(/[█▀▄]/);
  const file = join(dir, '.wxbot/session.ilink.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(existsSync(join(dir, '.wxbot/session.json'))).toBe(false);

  const status = await run(['status', '--json'], dir);
  expect(JSON.parse(status.stdout)).toMatchObject({ transport: 'ilink', sessionState: 'active' });
  expect(status.stdout).not.toContain(alice.bot?.token ?? 'no-token');

  const out = await run(['logout'], dir);
  expect(out.code).toBe(ExitCode.Ok);
  expect(out.stdout).toContain('forgot the iLink session');
  expect(existsSync(file)).toBe(false);
});

test('an unknown transport names the known ones; iLink limits looser than the server are refused', async () => {
  const bad = await run(['status'], await tempDir({ 'wxbot.config.yaml': 'transport: telegram\n' }));
  expect(bad.code).toBe(ExitCode.Config);
  expect(bad.stderr).toMatch(/web.*ilink/);
  const loose = await run(
    ['status'],
    await tempDir({
      'wxbot.config.yaml': 'transport: ilink\nilink:\n  quotaPerTurn: 20\n  replyWindowHours: 48\n',
    }),
  );
  expect(loose.code).toBe(ExitCode.Config);
  expect(loose.stderr).toContain('at most 10 messages per user turn');
  expect(loose.stderr).toContain('at most 24 hours');
});

test('--transport ilink overrides the config; an unknown --transport is a usage error naming both', async () => {
  const usage = await run(['start', '--transport', 'nope'], await tempDir());
  expect(usage.code).toBe(ExitCode.Usage);
  expect(usage.stderr).toContain('expected one of web, ilink');
  const dir = await tempDir({ 'wxbot.config.yaml': config().replace('transport: ilink\n', '') });
  const bot = launch(['start', '--transport', 'ilink'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await bot.waitFor(/^ready: /m);
  bot.abort();
  expect(await bot.done).toBe(ExitCode.Ok);
});

test('login on ilink: a QR the first time, then the saved session is resumed without one', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const first = launch(['login'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  expect(await first.done).toBe(ExitCode.Ok);
  expect(first.out()).toContain('logged in with a new QR code');
  expect(first.out()).toContain('session saved to .wxbot/session.ilink.json');
  const second = await run(['login'], dir);
  expect(second.code).toBe(ExitCode.Ok);
  expect(second.stdout).toContain('resumed the saved session (no QR code needed)');
});
