import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { tempDir } from './helpers.js';
import { drivePty, hasPty } from './support/pty-live.js';

// `wxbot chat` and `wxbot login` on iLink in a real pseudo-terminal, against the iLink simulator
// over HTTP; this test plays the simulator's scripted user (QR scan, verify code, messages).

let sim: IlinkSimulator;
beforeEach(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
});
afterEach(async () => {
  await sim.close();
});

const config = (extra = '') =>
  [
    'transport: ilink',
    'log: { level: warn }',
    'plugins:',
    '  - name: "@wxbot/plugin-autoreply"',
    '    options:',
    '      rules: [{ match: { equals: ping }, reply: pong }]',
    'outbox:',
    '  pacing: false',
    'ilink:',
    `  baseUrl: ${sim.url}`,
    extra,
    '',
  ].join('\n');

/** Retries `step` (which throws until the simulator's state allows it) every 20 ms, for at most `ms`. */
async function eventually<T>(step: () => T, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return step();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

// Generous bounds on each wait (they only matter when something hangs): a loaded CI machine may
// take seconds to start the CLI from source.
const STEP_TIMEOUT_S = 30;

(hasPty ? describe : describe.skip)('iLink in a pseudo-terminal', () => {
  test('wxbot chat: direct messages with the user, the reply window shown, a send past the quota refused with why', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': config('  quotaPerTurn: 2') });
    const pty = drivePty(
      ['chat'],
      [
        // The plugins run in the chat: the auto-reply answers the user.
        { expect: 'me: pong', send: '/open 1\r' },
        {
          expect: 'reply window: open until \\S+, 1 of 2 messages left this turn',
          send: 'hi from the terminal\r',
        },
        { expect: 'me: hi from the terminal', send: 'one too many\r' },
        { expect: 'not sent: The bot already sent 2 messages since this person last wrote' },
        { expect: 'reply window: open until \\S+, 0 of 2 messages left this turn', send: '/quit\r' },
        { expect: 'chat: stopped' },
      ],
      dir,
      {},
      STEP_TIMEOUT_S,
    );
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr(30_000));
    // Each printed line redraws the prompt, so `chat> ` can show before this line does: wait for the line.
    await pty.waitFor(
      /direct messages only; you can write to people who wrote to the bot in the last 24 h, at most 2 messages per turn/,
    );
    alice.says('ping');
    const { code, screen } = await pty.done;
    expect(code).toBe(ExitCode.Ok);
    expect(screen).toContain(`${alice.userId}: ping`);
    expect(alice.received.map((m) => m.text)).toEqual(['pong', 'hi from the terminal']);
    // Nothing was thrown at the server past the quota.
    expect(sim.sendLog.filter((m) => m.outcome !== 'delivered')).toEqual([]);
  }, 90_000);

  test('wxbot chat --sandbox --transport ilink: /sim writes as the one user, who shows by name', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml':
        'log: { level: warn }\noutbox: { pacing: false }\nplugins:\n  - name: "@wxbot/plugin-autoreply"\n    options:\n      rules: [{ match: { equals: ping }, reply: pong }]\n',
    });
    const pty = drivePty(
      ['chat', '--sandbox', '--transport', 'ilink'],
      [
        { expect: 'chat> ', send: '/sim Alice> ping\r' },
        { expect: '\\[Alice\\] me: pong', send: '/open alice\r' },
        { expect: 'reply window: open until \\S+, 9 of 10 messages left this turn', send: '/sim Bob> hi\r' },
        { expect: 'on iLink only Alice writes to the bot', send: '/quit\r' },
        { expect: 'chat: stopped' },
      ],
      dir,
      { WXBOT_SANDBOX_FAST: '1' },
      STEP_TIMEOUT_S,
    );
    const { code, screen } = await pty.done;
    expect(code).toBe(ExitCode.Ok);
    expect(screen).toContain('── Alice ──');
    expect(screen).toContain('Alice: ping');
  }, 90_000);

  test('wxbot login: the verify code is typed, a wrong one asks again, the right one logs in', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': config() });
    const codeFile = join(dir, 'code.txt');
    const pty = drivePty(
      ['login'],
      [
        { expect: 'Type the number shown on your phone', send: '000000\r' },
        { expect: 'That number was wrong \\(1 wrong so far', sendFrom: codeFile },
        { expect: 'logged in with a new QR code' },
      ],
      dir,
      {},
      STEP_TIMEOUT_S,
    );
    const alice = sim.user('alice');
    const qr = await alice.waitForQr(30_000);
    alice.scan(qr, { verifyCode: true });
    await pty.waitFor(/That number was wrong/);
    await writeFile(codeFile, `${alice.verifyCodeFor(qr)}\r`);
    // Once the code is accepted the phone confirms.
    await eventually(() => alice.confirm(qr));
    const { code, screen } = await pty.done;
    expect(code).toBe(ExitCode.Ok);
    expect(screen).toContain('session saved to .wxbot/session.ilink.json');
    // The user is bound to the bot that logged in.
    expect(alice.bot?.botId).toEqual(expect.any(String));
  }, 90_000);

  test('wxbot login: after too many wrong codes the login ends with what to do, and no new QR', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': config() });
    const pty = drivePty(
      ['login'],
      [
        { expect: 'Type the number shown on your phone', send: '000000\r' },
        { expect: '1 wrong so far', send: '000001\r' },
        { expect: '2 wrong so far', send: '000002\r' },
        { expect: 'too many wrong numbers' },
      ],
      dir,
      {},
      STEP_TIMEOUT_S,
    );
    const alice = sim.user('alice');
    alice.scan(await alice.waitForQr(30_000), { verifyCode: true });
    const { code, screen } = await pty.done;
    expect(code).toBe(ExitCode.Login);
    expect(screen).toContain(
      'wxbot: login failed: too many wrong numbers: WeChat blocked this QR code. Run `wxbot login` again',
    );
    // One QR only: the CLI did not go on to show another by itself.
    expect(screen.match(/Scan this QR code/g)).toHaveLength(1);
  }, 90_000);
});
