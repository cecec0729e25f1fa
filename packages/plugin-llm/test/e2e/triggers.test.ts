import { afterEach, describe, expect, test } from '@jest/globals';
import { KEY_ENV, type LlmWorld, QUIET, startLlm, TEST_KEY, transcriptOf } from '../helpers.js';

let world: LlmWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('when the LLM answers', () => {
  test('a private message is answered by the model, with the key and the persona sent over HTTP', async () => {
    world = await startLlm({ persona: { default: 'You are Wx, helping {sender}.' } });
    world.model.script('你好，Alice！');
    const alice = world.kit.friend('alice');
    alice.says('你好');
    await alice.expectsReply('你好，Alice！');
    const [request] = world.model.completions;
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(request?.model).toBe('fake-model');
    expect(transcriptOf(request?.messages ?? [])).toEqual([
      'system: You are Wx, helping alice.',
      'user: 你好',
    ]);
    expect((request?.body as { max_tokens?: number } | undefined)?.max_tokens).toBe(800);
  });

  test('with private prefixes, only prefixed messages are answered and the prefix is not sent', async () => {
    world = await startLlm({ private: { prefixes: ['bot', '机器人'], replyPrefix: '[bot] ' } });
    const alice = world.kit.friend('alice');
    alice.says('just chatting');
    await alice.expectNoReply(QUIET);
    expect(world.model.completions).toHaveLength(0);
    world.model.script('4');
    alice.says('机器人 2+2?');
    await alice.expectsReply('[bot] 4');
    expect(world.model.completions[0]?.messages.at(-1)?.content).toBe('2+2?');
  });

  test('in a group, only an @mention triggers it, and the answer @-mentions the asker', async () => {
    world = await startLlm();
    const hikers = world.kit.group('Hikers');
    hikers.member('bob').says('what a day');
    await hikers.expectNoReply(QUIET);
    expect(world.model.completions).toHaveLength(0);
    world.model.script('Sunny all weekend.');
    hikers.member('bob').says('@bot weather this weekend?');
    const sent = await hikers.expectsReply(/^@bob Sunny all weekend\.$/);
    expect(sent.kind).toBe('text');
    expect(world.model.completions[0]?.messages.at(-1)?.content).toBe('weather this weekend?');
  });

  test('group prefixes and keywords trigger it too; deny lists and the allow list keep it out', async () => {
    world = await startLlm({
      group: { prefixes: ['ai '], keywords: ['天气'], allow: ['Hikers'], deny: [] },
      contacts: { deny: ['carol'] },
    });
    const hikers = world.kit.group('Hikers');
    world.model.script('prefix answer', 'keyword answer');
    hikers.member('bob').says('ai what is 1+1');
    await hikers.expectsReply('@bob prefix answer');
    hikers.member('bob').says('明天天气好吗');
    await hikers.expectsReply('@bob keyword answer');
    expect(world.model.completions.map((r) => r.messages.at(-1)?.content)).toEqual([
      'what is 1+1',
      '明天天气好吗',
    ]);
    // carol is denied everywhere; Cooks is not in group.allow.
    hikers.member('carol').says('@bot hello?');
    await hikers.expectNoReply(QUIET);
    const cooks = world.kit.group('Cooks');
    cooks.member('bob').says('@bot hello?');
    await cooks.expectNoReply(QUIET);
    world.model.script('still here');
    hikers.member('bob').says('@bot still there?');
    await hikers.expectsReply('@bob still here');
    expect(world.model.completions.map((r) => r.messages.at(-1)?.content)).toEqual([
      'what is 1+1',
      '明天天气好吗',
      'still there?',
    ]);
  });

  test('outside the service hours it stays silent, or says the closed reply', async () => {
    world = await startLlm({
      serviceHours: { from: '08:00', to: '22:00', closedReply: 'I am asleep, back at 8.' },
    });
    world.clock.advance(13 * 3_600_000); // 10:00 → 23:00 (the test clock starts at 10:00 local time)
    const alice = world.kit.friend('alice');
    alice.says('still up?');
    await alice.expectsReply('I am asleep, back at 8.');
    expect(world.model.completions).toHaveLength(0);
    world.clock.advance(10 * 3_600_000); // 09:00 next day
    world.model.script('Good morning!');
    alice.says('morning');
    await alice.expectsReply('Good morning!');
  });

  test('images are ignored by default; with vision on, a private image goes to the model as a data URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    world = await startLlm();
    const alice = world.kit.friend('alice');
    alice.says({ kind: 'image', data: png });
    // Messages of one chat are handled in order: the answer to this text proves the image was skipped.
    alice.says('and a text');
    await alice.expectsReply('[offline model] You said: and a text', { timeoutMs: 10_000 });
    expect(world.model.completions).toHaveLength(1);
    await world.stop();

    world = await startLlm({ vision: { enabled: true, prompt: 'What is this?' } });
    world.model.script('A tiny picture.');
    const olivia = world.kit.friend('olivia');
    olivia.says({ kind: 'image', data: png });
    // An image takes a download on top of the model's answer: more room on a busy machine.
    await olivia.expectsReply('A tiny picture.', { timeoutMs: 10_000 });
    const content = world.model.completions[0]?.messages.at(-1)?.content;
    expect(Array.isArray(content)).toBe(true);
    const parts = content as readonly { type: string; text?: string; image_url?: { url: string } }[];
    expect(parts[0]).toEqual({ type: 'text', text: 'What is this?' });
    expect(parts[1]?.image_url?.url).toMatch(/^data:image\/[a-z]+;base64,/);
    expect(Buffer.from(parts[1]?.image_url?.url.split(',')[1] ?? '', 'base64')).toEqual(png);
  });

  test('a missing API key variable fails at start with a message naming the variable, not a key', async () => {
    const failing = startLlm({ apiKeyEnv: 'WXBOT_TEST_MISSING_KEY' });
    await expect(failing).rejects.toThrow(
      /WXBOT_TEST_MISSING_KEY .*is not set; export WXBOT_TEST_MISSING_KEY=/,
    );
    expect(KEY_ENV).not.toBe('WXBOT_TEST_MISSING_KEY');
  });
});
