import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

// The reply window and per-turn quota of iLink, as an operator sees them: /healthz, /metrics and
// `wxbot status` of a bot started through the CLI on the iLink simulator (real HTTP both ways).

let sim: IlinkSimulator;
beforeEach(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
});
afterEach(async () => {
  await sim.close();
});

const config = () =>
  [
    'transport: ilink',
    'plugins:',
    '  - name: "@wxbot/plugin-autoreply"',
    '    options:',
    '      rules: [{ match: { equals: ping }, reply: pong }]',
    'outbox:',
    '  pacing: false',
    'health:',
    '  port: 0',
    'ilink:',
    `  baseUrl: ${sim.url}`,
    '  quotaPerTurn: 5',
    '',
  ].join('\n');

interface Windows {
  total: number;
  open: number;
  conversations: { conversation: string; open: boolean; closesAt: number; quotaLeft: number }[];
}

test('healthz, metrics and status show the open reply window and the quota left in the turn', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config() });
  const bot = launch(['start'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr(30_000));
  await bot.waitFor(/^ready: .*health: (http:\/\/\S+)\/healthz$/m, 30_000);
  const url = /health: (http:\/\/\S+)\/healthz/.exec(bot.out())?.[1] ?? '';

  // Nobody wrote yet: no window.
  const before = (await (await fetch(`${url}/healthz`)).json()) as { replyWindows: Windows };
  expect(before.replyWindows).toEqual({ total: 0, open: 0, conversations: [] });

  const sentAt = Date.now();
  alice.says('ping');
  await alice.waitForReply((m) => m.text === 'pong', 30_000);
  const health = (await (await fetch(`${url}/healthz`)).json()) as { ok: boolean; replyWindows: Windows };
  expect(health.replyWindows.open).toBe(1);
  const window = health.replyWindows.conversations[0];
  expect(window).toMatchObject({ conversation: alice.userId, open: true, quotaLeft: 4 });
  // 24 h after the user's message (give or take the test's own run time).
  expect(window?.closesAt).toBeGreaterThanOrEqual(sentAt + 24 * 3_600_000 - 1000);
  expect(window?.closesAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);

  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(metrics).toContain('wxbot_reply_windows_open 1');
  expect(metrics).toContain(`wxbot_reply_window_open{conversation="${alice.userId}"} 1`);
  expect(metrics).toContain(`wxbot_turn_quota_left{conversation="${alice.userId}"} 4`);
  expect(metrics).toMatch(/wxbot_reply_window_closes_timestamp_seconds\{conversation="[^"]+"\} \d+/);
  bot.abort();
  expect(await bot.done).toBe(ExitCode.Ok);

  // After the stop, status reads the same from the session file, never the context token.
  const status = await run(['status', '--json'], dir);
  const report = JSON.parse(status.stdout) as { replyWindows: Windows };
  expect(report.replyWindows.open).toBe(1);
  expect(report.replyWindows.conversations[0]).toMatchObject({
    conversation: alice.userId,
    open: true,
    quotaLeft: 4,
  });
  const text = await run(['status'], dir);
  expect(text.stdout).toMatch(/windows: {2}1 of 1 reply window\(s\) open/);
  expect(text.stdout).toContain(`${alice.userId}: open until `);
  expect(text.stdout).toContain('4 message(s) left this turn');
  const delivered = alice.received[0];
  expect(delivered).toBeDefined();
  expect(status.stdout + text.stdout).not.toContain(delivered?.contextToken ?? 'no-token');

  // After a restart (no QR, no new message) health still knows the window it restored.
  const again = launch(['start'], dir);
  await again.waitFor(/^ready: .*health: (http:\/\/\S+)\/healthz$/m, 30_000);
  const url2 = /health: (http:\/\/\S+)\/healthz/.exec(again.out())?.[1] ?? '';
  const restored = (await (await fetch(`${url2}/healthz`)).json()) as { replyWindows: Windows };
  expect(restored.replyWindows.open).toBe(1);
  expect(restored.replyWindows.conversations[0]).toMatchObject({
    conversation: alice.userId,
    open: true,
    quotaLeft: 4,
  });
  again.abort();
  expect(await again.done).toBe(ExitCode.Ok);
}, 60_000);

test('on Web, health and status have no reply windows', async () => {
  const status = await run(
    ['status', '--json'],
    await tempDir({ 'wxbot.config.yaml': 'log: { level: warn }\n' }),
  );
  expect(JSON.parse(status.stdout)).toMatchObject({ transport: 'web', replyWindows: null });
});
