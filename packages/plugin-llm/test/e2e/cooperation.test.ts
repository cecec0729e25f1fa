import { afterEach, describe, expect, test } from '@jest/globals';
import { createAutoreplyPlugin } from '@wxbot/plugin-autoreply';
import { type LlmWorld, QUIET, startLlm } from '../helpers.js';

let world: LlmWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const rules = {
  rules: [
    { name: 'ping', match: { equals: 'ping' }, reply: 'pong' },
    { name: 'hours', match: 'hours', reply: 'We open at 9.', stop: false },
  ],
};

describe('auto-reply rules and the LLM together', () => {
  test('listed after the auto-reply plugin, the LLM answers only what no rule answered', async () => {
    const autoreply = createAutoreplyPlugin();
    world = await startLlm({}, { before: async (bot) => void (await bot.plugin(autoreply, rules)) });
    const alice = world.kit.friend('alice');
    alice.says('ping');
    await alice.expectsReply('pong');
    // A rule that lets the message go on (stop: false) still marks it answered: the LLM stays out.
    alice.says('opening hours?');
    await alice.expectsReply('We open at 9.');
    await alice.expectNoReply(QUIET);
    world.model.script('The LLM answers this.');
    alice.says('tell me a joke');
    await alice.expectsReply('The LLM answers this.');
    expect(world.model.completions).toHaveLength(1);
  });

  test('listed before the auto-reply plugin, the LLM answers first; what it leaves goes to the rules', async () => {
    const autoreply = createAutoreplyPlugin();
    world = await startLlm(
      { private: { prefixes: ['ai '] } },
      { after: async (bot) => void (await bot.plugin(autoreply, rules)) },
    );
    const alice = world.kit.friend('alice');
    world.model.script('LLM says pong');
    alice.says('ai ping');
    await alice.expectsReply('LLM says pong');
    await alice.expectNoReply(QUIET);
    alice.says('ping');
    await alice.expectsReply('pong');
  });
});
