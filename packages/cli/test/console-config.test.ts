import { describe, expect, test } from '@jest/globals';
import { run, tempDir } from './helpers.js';

const fast = { WXBOT_SANDBOX_FAST: '1' };

describe('console: in the config', () => {
  test('a public host without a token is refused before anything logs in (exit 3)', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'console:\n  host: 0.0.0.0\n' });
    const r = await run(['start', '--sandbox'], dir, '', fast);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refusing to serve the console on 0\.0\.0\.0 without a configured token/);
    expect(r.stderr).toMatch(/console\.token/);
    expect(r.stdout).not.toContain('ready:');
  });

  test('a short token is a config error that says how long it must be', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'console:\n  token: abc\n' });
    const r = await run(['start', '--sandbox'], dir, '', fast);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/console\.token.*at least 16 characters/);
  });

  test('WXBOT_CONSOLE_TOKEN gives the token; --console prints the URL once', async () => {
    const dir = await tempDir({});
    const token = 'env-token-0123456789abcdef';
    const r = await run(['start', '--sandbox', '--console'], dir, '', {
      ...fast,
      WXBOT_CONSOLE_TOKEN: token,
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('console: '));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^console: http://127\\.0\\.0\\.1:\\d+/\\?token=${token}$`)),
    ]);
    expect(r.stderr).not.toContain(token);
  });
});
