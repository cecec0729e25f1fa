import { ConfigError, createBot } from '@wxbot/core';
import type { TestBot } from '@wxbot/testing';
import { type AutoreplyPluginConfig, autoreply, createAutoreplyPlugin } from '../../src/index.js';
import { QUIET, startAutoreply } from './kit.js';

// Owner commands typed in chats, reload from a loader, and bad rules at load time.
describe('owner commands in chat', () => {
  let kit: TestBot;
  let config: AutoreplyPluginConfig;

  beforeAll(async () => {
    config = { owners: ['olivia'], rules: [{ name: 'hi', match: 'hi', reply: 'hello {sender}' }] };
    // The loader plays the CLI re-reading wxbot.config.yaml.
    kit = await startAutoreply(config, { runtime: { load: () => config } });
  });
  afterAll(() => kit.stop());

  test('pause and resume apply to the chat they are typed in', async () => {
    const hikers = kit.group('Hikers');
    const cooks = kit.group('Cooks');
    hikers.member('olivia').says('/autoreply pause');
    await hikers.expectsReply(/^Auto-reply paused in this chat/);
    hikers.member('bob').says('@bot hi');
    await hikers.expectNoReply(QUIET);
    cooks.member('bob').says('@bot hi');
    await cooks.expectsReply(/hello bob$/);
    hikers.member('olivia').says('/autoreply resume');
    await hikers.expectsReply('Auto-reply resumed in this chat.');
    hikers.member('bob').says('@bot hi');
    await hikers.expectsReply(/hello bob$/);
  });

  test('the owner typing on the phone (the bot account) pauses a private chat', async () => {
    const alice = kit.friend('alice');
    kit.sim.phone.sendFromPhone(alice.handle, '/autoreply pause');
    await alice.expectsReply(/^Auto-reply paused in this chat/);
    alice.says('hi');
    await alice.expectNoReply(QUIET);
    kit.sim.phone.sendFromPhone(alice.handle, '/autoreply resume');
    await alice.expectsReply('Auto-reply resumed in this chat.');
    alice.says('hi');
    await alice.expectsReply('hello alice');
  });

  test('a non-owner cannot use commands', async () => {
    const mallory = kit.friend('mallory');
    mallory.says('/autoreply pause');
    await mallory.expectNoReply(QUIET);
    mallory.says('hi');
    await mallory.expectsReply('hello mallory');
  });

  test('rules and explain answer in the chat', async () => {
    const olivia = kit.friend('olivia');
    olivia.says('/autoreply rules');
    await olivia.expectsReply('1 rule(s):\nrules[0] (name "hi"): contains "hi" · private+group');
    olivia.says('/autoreply explain hi there');
    const explained = await olivia.expectsReply(/^message: text "hi there"/);
    expect(explained.text.split('\n')).toEqual([
      'message: text "hi there" in private chat with "olivia" from "olivia"',
      'decision: reply from rules[0] (name "hi"): "hello olivia"',
      'passes on to later plugins: no',
      'rules, in evaluation order (priority, then config order):',
      '  ✔ rules[0] (name "hi"): fires (stop)',
    ]);
  });

  test('reload swaps in changed rules; a bad reload keeps the old ones and says why', async () => {
    const olivia = kit.friend('olivia');
    config = {
      ...config,
      rules: [
        { name: 'hi', match: 'hi', reply: 'hi again, {sender}' },
        { name: 'bye', match: 'bye', reply: 'see you' },
      ],
    };
    olivia.says('/autoreply reload');
    await olivia.expectsReply('Reloaded: 2 rule(s) in force.');
    olivia.says('bye');
    await olivia.expectsReply('see you');
    olivia.says('hi');
    await olivia.expectsReply('hi again, olivia');

    config = { ...config, rules: [{ name: 'broken', match: { regex: '^天气(' }, reply: 'x' }] };
    olivia.says('/autoreply reload');
    const failed = await olivia.expectsReply(/^Reload failed, the old rules stay in force\./);
    expect(failed.text).toContain('rules[0] (name "broken")');
    expect(failed.text).toContain('rules[0].match.regex');
    olivia.says('bye');
    await olivia.expectsReply('see you');
  });
});

describe('bad rules at load time', () => {
  test('bot.plugin() fails with a ConfigError naming the rule and the field', async () => {
    const bot = createBot();
    const bad = {
      rules: [
        { name: 'ok', match: 'hi', reply: 'hello' },
        { name: 'weather', match: { regex: '^天气(' }, reply: 'x' },
        { match: 'x', reply: 'y', priorty: 3 },
      ],
    };
    // bot.plugin() validates before it returns: await it (or call it in an async function).
    const load = async () => bot.plugin(autoreply, bad as AutoreplyPluginConfig);
    const error = await load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(
      'plugin "autoreply": options.rules[1].match.regex: rules[1] (name "weather"): expected a valid regular expression',
    );
    expect(message).toContain('options.rules[2].priorty: unknown field "priorty" (did you mean "priority"?)');
    expect((error as ConfigError).path).toBe('options.rules[1].match.regex');
    expect(bot.pluginNames).toEqual([]);
  });

  test('reload without a loader says it is not available', async () => {
    const kit = await startAutoreply({ rules: [] }, { runtime: { load: undefined } });
    try {
      kit.sim.phone.sendFromPhone(kit.friend('alice').handle, '/autoreply reload');
      await kit.friend('alice').expectsReply(/no config loader was given/);
    } finally {
      await kit.stop();
    }
    expect(createAutoreplyPlugin().name).toBe('autoreply');
  });
});
