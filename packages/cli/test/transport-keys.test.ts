import { transportKeyWarnings } from '../src/config/transport-keys.js';
import { launch, tempDir } from './helpers.js';

// A config key the running transport ignores is said, with the key and what to do, never dropped
// silently: an `ilink:` section on Web, Web-only keys on iLink.

const FAST = { WXBOT_SANDBOX_FAST: '1' };

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('wxbot: warning:'));

test('an ilink: section with transport web is reported key by key, with what to do', async () => {
  const dir = await tempDir({
    'wxbot.config.yaml': 'log: { level: warn }\nilink:\n  quotaPerTurn: 5\n  replyWindowHours: 12\n',
  });
  const run = launch(['start', '--sandbox'], dir, FAST);
  run.stdin.end('/quit\n');
  expect(await run.done).toBe(0);
  expect(warnings(run.err())).toEqual([
    'wxbot: warning: wxbot.config.yaml: `ilink.quotaPerTurn` is ignored: the transport is web. Set `transport: ilink` (or start with --transport ilink) to use iLink, or remove the ilink: section.',
    'wxbot: warning: wxbot.config.yaml: `ilink.replyWindowHours` is ignored: the transport is web. Set `transport: ilink` (or start with --transport ilink) to use iLink, or remove the ilink: section.',
  ]);
});

test('Web-only keys on iLink are reported; the same config on Web says nothing', async () => {
  const yaml =
    'log: { level: warn }\nlogin:\n  mode: web\n  autoRelogin: false\nlimits:\n  syncRequestsPerSecond: 2\n';
  const dir = await tempDir({ 'wxbot.config.yaml': yaml });
  const onIlink = launch(['start', '--sandbox', '--transport', 'ilink'], dir, FAST);
  onIlink.stdin.end('/quit\n');
  expect(await onIlink.done).toBe(0);
  const lines = warnings(onIlink.err());
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe(
    'wxbot: warning: wxbot.config.yaml: `login.mode` is ignored on iLink (Web WeChat only); iLink has one login (QR on the official bot API): remove it.',
  );
  expect(lines[1]).toContain('`login.autoRelogin` is ignored on iLink');
  expect(lines[1]).toContain('run `wxbot login`');
  expect(lines[2]).toContain('`limits.syncRequestsPerSecond` is ignored on iLink');

  const onWeb = launch(['start', '--sandbox'], dir, FAST);
  onWeb.stdin.end('/quit\n');
  expect(await onWeb.done).toBe(0);
  expect(warnings(onWeb.err())).toEqual([]);
});

test('defaults and keys both transports read give no warning', () => {
  expect(transportKeyWarnings({}, 'ilink', 'c.yaml')).toEqual([]);
  expect(transportKeyWarnings({ ilink: {} }, 'web', 'c.yaml')).toEqual([]);
  expect(
    transportKeyWarnings(
      { login: { sessionFile: 'x', maxQrAttempts: 3 }, outbox: { pacing: false }, limits: { maxPending: 9 } },
      'ilink',
      'c.yaml',
    ),
  ).toEqual([]);
  expect(transportKeyWarnings({ ilink: { baseUrl: 'http://x' } }, 'ilink', 'c.yaml')).toEqual([]);
});
