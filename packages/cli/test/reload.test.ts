import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { launch, run, tempDir } from './helpers.js';

// `wxbot start` watches its config: an edit reloads only the plugins whose options changed, with
// no new login; a bad edit is reported line by line and the running config stays.

const config = (url: string, reply: string, match: string = '{ equals: ping }') => `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - name: ping
          match: ${match}
          scope: private
          reply: ${reply}
outbox:
  pacing: false
hosts:
  connectTo: ${url}
log:
  level: info
`;

let sim: Simulator;
beforeEach(async () => {
  sim = await createSimulator({
    loginHoldMs: 100,
    syncHoldMs: 300,
    autoConfirm: { delayMs: 5 },
    cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] },
  });
});
afterEach(() => sim.close());

async function replyTo(text: string): Promise<string> {
  const since = sim.phone.sent.length;
  sim.phone.say('wxid_alice', text);
  return (await sim.phone.waitForSent(() => true, 8000, since)).text;
}

test('an edited config reloads the changed plugin without a new login; a bad edit keeps the old one', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': config(sim.url, 'pong') });
  const file = join(dir, 'wxbot.config.yaml');
  const bot = launch(['start'], dir, { WXBOT_RELOAD_DEBOUNCE_MS: '20' });
  try {
    await bot.waitFor(/^ready: /m, 15_000);
    expect(await replyTo('ping')).toBe('pong');
    const logins = bot.out().match(/logged in as/g)?.length;

    await writeFile(file, config(sim.url, 'PONG!'));
    await bot.waitFor(/config reloaded: plugins ~autoreply/);
    expect(await replyTo('ping')).toBe('PONG!');
    // No second login happened.
    expect(bot.out().match(/logged in as/g)?.length).toBe(logins);

    await writeFile(file, config(sim.url, 'never', '42'));
    await bot.waitFor(/config change not applied/);
    expect(bot.out()).toMatch(/plugins\[0\]\.options\.rules\[0\]\.match/);
    expect(await replyTo('ping')).toBe('PONG!');
  } finally {
    bot.abort();
    await bot.done;
  }
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('wxbot status shows the running plugins and their state from the health endpoint', async () => {
  const port = await freePort();
  const dir = await tempDir({ 'wxbot.config.yaml': `${config(sim.url, 'pong')}health:\n  port: ${port}\n` });
  const bot = launch(['start'], dir);
  try {
    await bot.waitFor(/^ready: /m, 15_000);
    const json = JSON.parse((await run(['status', '--json'], dir)).stdout);
    expect(json.pluginStates).toEqual([
      { name: 'autoreply', state: 'active', since: expect.any(Number), reloads: 0 },
    ]);
    expect((await run(['status'], dir)).stdout).toContain('plugin state: autoreply active');
  } finally {
    bot.abort();
    await bot.done;
  }
  const stopped = JSON.parse((await run(['status', '--json'], dir)).stdout);
  expect(stopped.pluginStates).toBeNull();
});
