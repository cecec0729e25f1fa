import { afterEach, test } from '@jest/globals';
import { createFakeModel, type FakeModel } from '@wxbot/simulator';
import { createTestBot } from '@wxbot/testing';
import { createLlmPlugin } from '../../src/index.js';
import { KEY_ENV, QUIET, TEST_KEY } from '../helpers.js';

// The answer is split into at most the transport's per-turn quota (`capabilities.perTurnQuota`, iLink
// 10), read from the bot at answer time: no host wiring needed.

let model: FakeModel | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await model?.close();
  model = undefined;
});

async function botWithQuota(perTurnQuota: number | undefined) {
  model = await createFakeModel({ apiKey: TEST_KEY });
  const plugin = createLlmPlugin({ env: { [KEY_ENV]: TEST_KEY }, random: () => 0 });
  const kit = await createTestBot({
    transport: 'memory',
    adapter: { capabilities: { perTurnQuota } },
    setup: (bot) =>
      bot.plugin(plugin, {
        baseURL: model!.url,
        model: 'fake-model',
        apiKeyEnv: KEY_ENV,
        timeoutMs: 2000,
        retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
        limits: { partChars: 20, maxParts: 5 },
      }),
  });
  stops.push(() => kit.stop());
  return { kit, model };
}

test('a transport with a per-turn quota of 2 gets at most 2 parts (the last cut with …)', async () => {
  const { kit, model } = await botWithQuota(2);
  model.script('aaaa bbbb cccc dddd. eeee ffff gggg hhhh. iiii jjjj kkkk llll. mmmm');
  const alice = kit.friend('alice');
  alice.says('long please');
  await alice.expectsReply('aaaa bbbb cccc dddd.');
  await alice.expectsReply(/…$/);
  await alice.expectNoReply(QUIET);
});

test('without a quota the answer uses maxParts', async () => {
  const { kit, model } = await botWithQuota(undefined);
  model.script('aaaa bbbb cccc dddd. eeee ffff gggg hhhh. iiii jjjj kkkk llll.');
  const alice = kit.friend('alice');
  alice.says('long please');
  await alice.expectsReply('aaaa bbbb cccc dddd.');
  await alice.expectsReply('eeee ffff gggg hhhh.');
  await alice.expectsReply('iiii jjjj kkkk llll.');
});
