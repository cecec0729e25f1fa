import { launch, tempDir } from './helpers.js';

// `wxbot start --sandbox --transport ilink`: the same config and autoreply plugin on the in-process
// iLink simulator, driven through main() with piped stdin.

const FAST = { WXBOT_SANDBOX_FAST: '1' };

const CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: { equals: ping }
          scope: private
          reply: pong
        - name: hello
          match: hello
          scope: group
          mentionOnly: true
          reply: { text: "Hi {sender}!", mention: true }
log: { level: warn }
`;

describe('wxbot start --sandbox --transport ilink', () => {
  test('the user confirms the QR by itself; ping gets pong; the group rule is reported inert once', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = launch(['start', '--sandbox', '--transport', 'ilink'], dir, FAST);
    run.stdin.end(['ping', 'not a rule', ''].join('\n'));
    const code = await run.done;
    const out = run.out();
    expect(code).toBe(0);
    expect(out).toMatch(/^ready: logged in as .*plugins: autoreply$/m);
    expect(out).toContain('Alice> ping');
    expect(out).toContain('bot → Alice: pong');
    expect(out.match(/bot → /g)).toHaveLength(1);
    expect(out).toMatch(/sandbox: stopped; 2 message\(s\) typed, the bot received 2, sent 1, 0 refused/);
    const warnings = run
      .err()
      .split('\n')
      .filter((l) => l.includes('inert on iLink'));
    expect(warnings).toEqual([
      'wxbot: warning: 1 auto-reply rule(s) only for groups (hello) are inert on iLink: it has direct messages only',
    ]);
  });

  test('on Web the same config gives no inert-rules warning', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = launch(['start', '--sandbox'], dir, FAST);
    run.stdin.end('alice> ping\n');
    expect(await run.done).toBe(0);
    expect(run.out()).toContain('bot → Alice: pong');
    expect(run.err()).not.toContain('inert');
  });
});
