import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { ExitCode } from '../src/exit-codes.js';
import { launch, tempDir } from './helpers.js';

// A verify code asked for while the input is not a terminal (a service, a pipe): the start ends
// with what to do, not with a misleading "interrupted". (The prompt itself: ilink-pty.test.ts.)

let sim: IlinkSimulator;
beforeEach(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
});
afterEach(async () => {
  await sim.close();
});

test('wxbot start without a terminal: a verify-code QR ends the login with exit 4 and says to run wxbot login in a terminal', async () => {
  const dir = await tempDir({
    'wxbot.config.yaml': `transport: ilink\nlog: { level: warn }\nilink:\n  baseUrl: ${sim.url}\n`,
  });
  const bot = launch(['start'], dir);
  const alice = sim.user('alice');
  alice.scan(await alice.waitForQr(30_000), { verifyCode: true });
  expect(await bot.done).toBe(ExitCode.Login);
  expect(bot.err()).toContain(
    'wxbot: login failed: the phone shows a number to type, but the input is not a terminal. Run `wxbot login` in a terminal once',
  );
  expect(bot.err()).not.toContain('interrupted');
}, 60_000);
