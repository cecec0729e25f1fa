import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfig, main } from '@wxbot/cli';
import { createAutoreplyPlugin } from '@wxbot/plugin-autoreply';
import { createTestBot, type IlinkTestBot, type TestBot } from '@wxbot/testing';
import { shopAssistant } from '../src/index.js';

// The same config and plugins on both transports: the test kit on the Web WeChat simulator and
// on the iLink simulator, and `wxbot start --sandbox` with the example's config file on each.

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(DIR, 'wxbot.config.yaml');

/** The plugin options exactly as the example's config file gives them. */
async function optionsFromConfig(): Promise<{ autoreply: unknown; shop: unknown }> {
  const { config } = await loadConfig({ cwd: DIR, file: 'wxbot.config.yaml' });
  return { autoreply: config.plugins[0]?.options, shop: config.plugins[1]?.options };
}

async function kitOn(transport: 'web' | 'ilink'): Promise<TestBot | IlinkTestBot> {
  const options = await optionsFromConfig();
  const plugins = [
    [createAutoreplyPlugin(), options.autoreply],
    [shopAssistant, options.shop],
  ] as const;
  return transport === 'ilink'
    ? createTestBot({ transport: 'ilink', owner: 'alice', pacing: false, plugins })
    : createTestBot({ transport: 'web', cast: { friends: ['alice'] }, pacing: false, plugins });
}

describe.each(['web', 'ilink'] as const)('shop assistant on %s', (transport) => {
  let kit: TestBot | IlinkTestBot;
  beforeAll(async () => {
    kit = await kitOn(transport);
  });
  afterAll(() => kit.stop());

  test('answers the config rules and the code plugin the same way', async () => {
    const alice = kit.friend('alice');
    alice.says('hours');
    await alice.expectsReply('We are open 9:00–18:00, Monday to Saturday.', { timeoutMs: 8000 });
    alice.says('order 1001');
    await alice.expectsReply('Order 1001: shipped.', { timeoutMs: 8000 });
    alice.says('order 42');
    await alice.expectsReply("I can't find order 42; check the number on your receipt.", { timeoutMs: 8000 });
    alice.says('/help');
    await alice.expectsReply(/^Ask me: "hours"/, { timeoutMs: 8000 });
  });
});

async function sandbox(transport: 'web' | 'ilink', lines: string[]): Promise<{ code: number; out: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stdin.end(`${lines.join('\n')}\n`);
  const code = await main(
    ['start', '--sandbox', '--transport', transport, '-c', CONFIG],
    { WXBOT_SANDBOX_FAST: '1' },
    { stdin, stdout, stderr: stdout, cwd: DIR },
  );
  return { code, out };
}

test.each(['web', 'ilink'] as const)(
  'the config file runs unchanged in the %s sandbox',
  async (transport) => {
    const { code, out } = await sandbox(transport, ['hours', 'order 1002']);
    expect(code).toBe(0);
    expect(out).toMatch(/^ready: .*plugins: autoreply, shop-assistant/m);
    const replies = out.split('\n').filter((l) => l.startsWith('bot → '));
    expect(replies).toEqual([
      'bot → Alice: We are open 9:00–18:00, Monday to Saturday.',
      'bot → Alice: Order 1002: being packed.',
    ]);
  },
);
