import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

const RULES = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - name: ping
          match: { equals: ping }
          scope: private
          reply: pong
        - name: hello
          match: hello
          scope: group
          reply: "Hi {sender}!"
`;

describe('config errors', () => {
  test('a bad config exits 3 and names the path, the expected value and what was found', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml': 'login:\n  mode: phone\noutbox:\n  globalPerMinute: -1\n',
    });
    for (const argv of [
      ['start'],
      ['start', '--sandbox'],
      ['login'],
      ['chat', '--sandbox'],
      ['explain', 'x'],
    ]) {
      const r = await run(argv, dir);
      expect(r.code).toBe(ExitCode.Config);
      expect(r.errLines).toContain(
        'wxbot.config.yaml: login.mode: expected one of "desktop", "web", got "phone"',
      );
      expect(r.errLines).toContain(
        'wxbot.config.yaml: outbox.globalPerMinute: expected a number > 0, got -1',
      );
    }
  });

  test('bad auto-reply rules exit 3 before anything starts', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml':
        'plugins:\n  - name: "@wxbot/plugin-autoreply"\n    options:\n      rules:\n        - match: hi\n',
    });
    const r = await run(['start', '--sandbox'], dir);
    expect(r.code).toBe(ExitCode.Config);
    expect(r.stderr).toContain('plugins[0].options');
    expect(r.stderr).toContain('reply');
  });
});

describe('wxbot explain', () => {
  test('says which rule answers and why the others do not', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': RULES });
    const priv = await run(['explain', 'ping', '--from', 'Alice'], dir);
    expect(priv.code).toBe(0);
    expect(priv.stdout).toMatch(/ping/);
    expect(priv.stdout).toContain('pong');
    const group = await run(['explain', '@bot hello', '--group', 'Weekend Hikers', '--from', 'Bob'], dir);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('Hi Bob!');
    const unmentioned = await run(['explain', 'hello', '--group', 'Weekend Hikers'], dir);
    expect(unmentioned.stdout).not.toContain('Hi ');
    expect(unmentioned.stdout).not.toBe(group.stdout);
  });

  test('without the auto-reply plugin in the config it exits 1 and says why', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'log: { level: warn }\n' });
    const r = await run(['explain', 'ping'], dir);
    expect(r.code).toBe(ExitCode.Failure);
    expect(r.stderr).toContain('has no enabled @wxbot/plugin-autoreply entry');
  });
});

describe('against a simulated WeChat (hosts.connectTo)', () => {
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
    `${RULES}login:\n  qrPngFile: .wxbot/qr.png\noutbox:\n  pacing: false\nhosts:\n  connectTo: ${sim.url}\nlog:\n  level: warn\n`;

  test('start shows the QR (terminal and PNG), answers, stops on SIGTERM; status, resume, logout', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': config() });
    const first = launch(['start'], dir);
    await first.waitFor(/Scan this QR code/);
    await first.waitFor(/also saved as/);
    expect(existsSync(join(dir, '.wxbot/qr.png'))).toBe(true);
    sim.phone.login();
    await first.waitFor(/^ready: logged in as Shop Bot, 1 friend, 0 groups, plugins: autoreply$/m);
    // Logged in: the PNG (a credential while its code is valid) is gone.
    expect(existsSync(join(dir, '.wxbot/qr.png'))).toBe(false);
    sim.phone.say('wxid_alice', 'ping');
    expect((await sim.phone.waitForSent()).text).toBe('pong');
    first.abort();
    expect(await first.done).toBe(0);
    expect(first.out()).toContain('stopped: queue sent, session saved');

    const status = await run(['status', '--json'], dir);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({
      sessionSaved: true,
      sessionState: 'active',
      account: 'Shop Bot',
      host: 'wx2.qq.com',
    });
    expect(Date.parse(report.sessionSavedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(status.stdout).not.toMatch(/skey|pass_?ticket|wxsid|cookie/i);
    const text = await run(['status'], dir);
    expect(text.stdout).toContain('account:  Shop Bot on wx2.qq.com');

    // A second start resumes the saved session: no QR code.
    const second = launch(['start'], dir);
    await second.waitFor(/^ready: logged in as Shop Bot/m);
    second.abort();
    expect(await second.done).toBe(0);
    expect(second.out()).not.toContain('Scan this QR code');

    const logout = await run(['logout'], dir);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('logged out on the server; deleted .wxbot/session.json');
    expect(existsSync(join(dir, '.wxbot/session.json'))).toBe(false);
    const again = await run(['logout'], dir);
    expect(again.stdout).toContain('no saved session');
  });

  test('with health.port set, start serves /healthz (200 while logged in) and /metrics', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': `${config()}health:\n  port: 0\n` });
    const bot = launch(['start'], dir);
    await bot.waitFor(/Scan this QR code/);
    sim.phone.login();
    await bot.waitFor(/^ready: .*, health: http:\/\/\S+\/healthz$/m);
    const base = /health: (http:\/\/\S+)\/healthz/.exec(bot.out())?.[1];
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^wxbot_logged_in 1$/m);
    expect(metrics).toMatch(/^wxbot_plugin_active\{plugin="autoreply",state="active"\} 1$/m);
    expect(metrics).not.toMatch(/skey|pass_?ticket|wxsid|@crypt_/i);
    bot.abort();
    expect(await bot.done).toBe(0);
  });

  test('login logs in, saves the session and exits; SIGTERM before the scan exits 130', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': config() });
    const login = launch(['login'], dir);
    await login.waitFor(/Scan this QR code/);
    sim.phone.login();
    // With the output, so a failure says why (a loaded CI machine once exited 1 here).
    expect({ code: await login.done, stderr: login.err() }).toEqual({ code: 0, stderr: login.err() });
    expect(login.out()).toContain(
      'logged in with a new QR code: Shop Bot; session saved to .wxbot/session.json',
    );
    expect(existsSync(join(dir, '.wxbot/qr.png'))).toBe(false);
    const status = await run(['status', '--json'], dir);
    expect(JSON.parse(status.stdout)).toMatchObject({ sessionState: 'active', account: 'Shop Bot' });
    const resumed = await run(['login'], dir);
    expect(resumed.stdout).toContain('resumed the saved session (no QR code needed): Shop Bot');
    expect(resumed.stdout).not.toContain('Scan this QR code');

    const other = await tempDir({ 'wxbot.config.yaml': config() });
    const waiting = launch(['login'], other);
    await waiting.waitFor(/Scan this QR code/);
    waiting.abort();
    expect(await waiting.done).toBe(ExitCode.Interrupted);
    expect(waiting.err()).toContain('wxbot: interrupted');
  });

  test('a refused login (ret 1203 in web mode) exits 4 with the way out', async () => {
    sim.phone.setWebLoginAllowed(false);
    const dir = await tempDir({ 'wxbot.config.yaml': config().replace('login:\n', 'login:\n  mode: web\n') });
    const r = launch(['start'], dir);
    await r.waitFor(/Scan this QR code/);
    sim.phone.login();
    expect(await r.done).toBe(ExitCode.Login);
    expect(r.err()).toMatch(/^wxbot: login failed: .*desktop/m);
  });
});
