import { createFakeModel, type FakeModel } from '@wxbot/simulator';
import { createTestBot, type IlinkTestBot } from '@wxbot/testing';
import { createLlmPlugin } from '../../src/index.js';
import { KEY_ENV, TEST_KEY } from '../helpers.js';

// On iLink a bot may send only so many messages per user turn. A long answer is split within that
// quota, read from the transport's capabilities with no host hook: every part is delivered, none
// is refused by the quota.

let model: FakeModel;
let kit: IlinkTestBot;

beforeAll(async () => {
  model = await createFakeModel({ apiKey: TEST_KEY });
  kit = await createTestBot({
    transport: 'ilink',
    pacing: false,
    // The quota the adapter enforces (and reports in its capabilities): 2 messages per turn.
    adapter: { rules: { quotaPerTurn: 2 } },
    setup: async (bot) => {
      await bot.plugin(createLlmPlugin({ env: { [KEY_ENV]: TEST_KEY }, random: () => 0 }), {
        baseURL: model.url,
        model: 'fake-model',
        apiKeyEnv: KEY_ENV,
        timeoutMs: 2000,
        retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
        limits: { partChars: 20, maxParts: 5 },
      });
    },
  });
});
afterAll(async () => {
  await kit?.stop();
  await model?.close();
});

test('a long answer on iLink is split into at most the per-turn quota, all parts delivered', async () => {
  expect(kit.bot.capabilities.perTurnQuota).toBe(2);
  model.script('aaaa bbbb cccc dddd. eeee ffff gggg hhhh. iiii jjjj kkkk llll. mmmm');
  const alice = kit.friend('alice');
  alice.says('long please');
  const first = await alice.expectsReply('aaaa bbbb cccc dddd.', { timeoutMs: 8000 });
  const second = await alice.expectsReply(/^eeee ffff gggg hhhh.*…$/, { timeoutMs: 8000 });
  // Within the quota: the simulator delivered both (none answered "over quota").
  expect(first.raw.outcome).toBe('delivered');
  expect(second.raw.outcome).toBe('delivered');
  await alice.expectNoReply({ withinMs: 300 });
});
