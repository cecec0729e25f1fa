import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, tempDir } from './helpers.js';

const FAST = { WXBOT_SANDBOX_FAST: '1' };

const CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: { equals: ping }
          scope: private
          reply: pong
        - match: hello
          scope: group
          mentionOnly: true
          reply: { text: "Hi {sender}!", mention: true }
log: { level: warn }
`;

/** Runs main in fast sandbox mode with captured output; write to `stdin`, end it to finish. */
function start(argv: string[], cwd: string, env: NodeJS.ProcessEnv = FAST) {
  return launch(argv, cwd, env);
}

describe('wxbot start --sandbox', () => {
  test('a scripted conversation: private ping and a group @mention get their replies', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = start(['start', '--sandbox'], dir);
    run.stdin.end(['alice> ping', 'bob@Weekend Hikers> @bot hello', 'carol> not a rule', ''].join('\n'));
    const code = await run.done;
    const out = run.out();
    expect(code).toBe(0);
    expect(out).toMatch(/^ready: logged in as wxbot, 3 friends, 1 group, plugins: autoreply$/m);
    expect(out).toContain('Alice> ping');
    expect(out).toContain('bot → Alice: pong');
    expect(out).toContain('bot → Weekend Hikers: @Bob Hi Bob!');
    expect(out).not.toContain('bot → Carol');
    expect(out).toMatch(/sandbox: stopped; 3 message\(s\) typed, the bot received 3, sent 2, 0 failed/);
  });
});

describe('editing the config while the sandbox runs', () => {
  test('a changed rule answers at once, without a restart; a bad edit keeps the running rules', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = start(['start', '--sandbox'], dir);
    await run.waitFor(/^ready: /m);
    run.stdin.write('alice> ping\n');
    await run.waitFor(/bot → Alice: pong$/m);
    await writeFile(join(dir, 'wxbot.config.yaml'), CONFIG.replace('reply: pong', 'reply: pong, edited'));
    // The watcher applies the edit after a short quiet time; ask until the new answer comes.
    const edited = /bot → Alice: pong, edited$/m;
    for (let i = 0; i < 100 && !edited.test(run.out()); i++) {
      run.stdin.write('alice> ping\n');
      await new Promise((r) => setTimeout(r, 100));
    }
    await run.waitFor(edited);
    await writeFile(join(dir, 'wxbot.config.yaml'), CONFIG.replace('scope: private', 'scope: privte'));
    for (let i = 0; i < 100 && !/config change not applied/.test(run.err()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.err()).toMatch(/config change not applied, still running the previous config/);
    const before = run.out().match(/pong, edited/g)?.length ?? 0;
    run.stdin.end('alice> ping\n');
    expect(await run.done).toBe(0);
    expect(run.err()).toMatch(/rules\[0\]\.scope: expected one of private, group, both; got .*privte/);
    expect(run.out().match(/pong, edited/g)?.length ?? 0).toBeGreaterThan(before);
  });
});

describe('wxbot start --sandbox without a config file', () => {
  test('uses the built-in demo config with both bundled plugins and says so', async () => {
    const dir = await tempDir();
    const run = start(['start', '--sandbox'], dir);
    run.stdin.end('ping\n/as bob@weekend hikers\n@bot hello\n/who\n');
    const code = await run.done;
    const out = run.out();
    expect(code).toBe(0);
    expect(out).toMatch(/^sandbox: no config file found, using the built-in demo config/m);
    expect(out).toMatch(/^ready: logged in as wxbot, 3 friends, 1 group, plugins: autoreply, logger$/m);
    expect(out).toContain('Alice> ping');
    expect(out).toContain('now speaking as Bob@Weekend Hikers');
    expect(out).toContain('bot → Alice: pong');
    expect(out).toContain('bot → Weekend Hikers: @Bob Hi Bob! I am a wxbot demo.');
    expect(out).toContain('group Weekend Hikers: Alice, Bob, Carol');
  });
});

describe('stopping the sandbox', () => {
  test('SIGTERM during a burst of paced replies: every reply reaches the simulator before exit', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = start(['start', '--sandbox'], dir);
    await run.waitFor(/^ready: /m);
    // Pacing stays on (per-chat gap 2–3 s, 100× faster in fast mode): the replies queue up.
    run.stdin.write(`${Array.from({ length: 10 }, () => 'alice> ping').join('\n')}\n`);
    await run.waitFor(/bot → Alice: pong/);
    run.abort();
    const code = await run.done;
    const out = run.out();
    expect(code).toBe(0);
    // Replies are printed from the simulated phone's side: these reached the server.
    expect(out.match(/^bot → Alice: pong$/gm)).toHaveLength(10);
    expect(out).toContain('the bot received 10, sent 10, 0 failed');
  });

  test('/quit stops at once, and the sandbox leaves the real session file alone', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = start(['start', '--sandbox'], dir);
    run.stdin.write('/help\n/quit\n');
    expect(await run.done).toBe(0);
    expect(run.out()).toContain('/as NAME[@GROUP]');
    const status = start(['status', '--json'], dir);
    expect(await status.done).toBe(0);
    expect(JSON.parse(status.out())).toMatchObject({
      sessionSaved: false,
      sessionState: 'missing',
      account: null,
    });
  });

  test('an unknown speaker is explained, not sent', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const run = start(['start', '--sandbox'], dir);
    run.stdin.end('zed> ping\ndave@Weekend Hikers> hi\n');
    expect(await run.done).toBe(0);
    expect(run.out()).toContain('? no friend called "zed" (friends: Alice, Bob, Carol)');
    expect(run.out()).toContain('? dave is not in Weekend Hikers (members: Alice, Bob, Carol)');
    expect(run.out()).toContain('0 message(s) typed');
  });
});

describe('wxbot init then start --sandbox', () => {
  test('the starter config runs in the sandbox with its rules and cast', async () => {
    const dir = await tempDir();
    const init = start(['init', '--yes'], dir);
    expect(await init.done).toBe(0);
    const run = start(['start', '--sandbox'], dir);
    run.stdin.end('alice> ping\nbob@Weekend Hikers> @bot hello\n');
    expect(await run.done).toBe(0);
    const out = run.out();
    expect(out).toContain('sandbox: config wxbot.config.yaml');
    expect(out).toMatch(/^ready: logged in as wxbot, 3 friends, 1 group, plugins: autoreply, logger$/m);
    expect(out).toContain('bot → Alice: pong');
    expect(out).toContain('bot → Weekend Hikers: Hi Bob!');
  });
});
