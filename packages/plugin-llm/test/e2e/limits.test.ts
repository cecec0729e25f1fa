import { afterEach, describe, expect, test } from '@jest/globals';
import { type LlmWorld, QUIET, startLlm } from '../helpers.js';

let world: LlmWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('limits', () => {
  test('a person over the rate limit gets one polite refusal, then silence, until the window frees', async () => {
    world = await startLlm({ limits: { perUser: { max: 2, per: '1m' } } });
    world.model.script('one', 'two', 'three');
    const alice = world.kit.friend('alice');
    alice.says('q1');
    await alice.expectsReply('one');
    alice.says('q2');
    await alice.expectsReply('two');
    alice.says('q3');
    await alice.expectsReply('你问得太快了，请稍等一会儿再问我。');
    alice.says('q4');
    await alice.expectNoReply(QUIET);
    expect(world.model.completions).toHaveLength(2);
    world.clock.advance(61_000);
    alice.says('q5');
    await alice.expectsReply('three');
  });

  test('a per-chat limit counts every member of a group together', async () => {
    world = await startLlm({
      limits: { perChat: { max: 1, per: '1h' }, refusal: 'Too many questions here.' },
    });
    world.model.script('first');
    const hikers = world.kit.group('Hikers');
    hikers.member('bob').says('@bot q1');
    await hikers.expectsReply('@bob first');
    hikers.member('carol').says('@bot q2');
    await hikers.expectsReply('@carol Too many questions here.');
    // Another chat has its own window.
    world.model.script('private answer');
    world.kit.friend('alice').says('hi');
    await world.kit.friend('alice').expectsReply('private answer');
  });

  test('a long answer is split into several messages, in order, at sentence ends', async () => {
    world = await startLlm({ limits: { partChars: 40, maxParts: 3 } });
    const sentences = [
      'First part is about hiking boots.',
      'Second part is about tents and poles.',
      'Third part covers water.',
    ];
    world.model.script(sentences.join(' '));
    const alice = world.kit.friend('alice');
    alice.says('tell me everything');
    for (const s of sentences) await alice.expectsReply(s);
    // Memory keeps the whole answer as one turn.
    world.model.script('ok');
    alice.says('thanks');
    await alice.expectsReply('ok');
    expect(world.model.completions[1]?.messages.at(-2)?.content).toBe(sentences.join('\n'));
  });

  test('no more than maxParts messages (the last cut with …), and the send-quota hook lowers it', async () => {
    world = await startLlm({ limits: { partChars: 20, maxParts: 2 } });
    world.model.script('aaaa bbbb cccc dddd. eeee ffff gggg hhhh. iiii jjjj kkkk llll. mmmm');
    const alice = world.kit.friend('alice');
    alice.says('long please');
    await alice.expectsReply('aaaa bbbb cccc dddd.');
    await alice.expectsReply(/^eeee ffff gggg hhhh.*…$/);
    await alice.expectNoReply(QUIET);
    await world.stop();

    world = await startLlm(
      { limits: { partChars: 20, maxParts: 5 } },
      { runtime: { sendQuotaPerTurn: () => 1 } },
    );
    world.model.script('aaaa bbbb cccc dddd. eeee ffff gggg hhhh.');
    const olivia = world.kit.friend('olivia');
    olivia.says('long please');
    const only = await olivia.expectsReply(/…$/);
    expect(Array.from(only.text).length).toBeLessThanOrEqual(20);
    await olivia.expectNoReply(QUIET);
  });

  test('answers longer than maxAnswerChars are cut; questions longer than maxQuestionChars too', async () => {
    world = await startLlm({ limits: { maxAnswerChars: 30, maxQuestionChars: 10 } });
    world.model.script('x'.repeat(100));
    const alice = world.kit.friend('alice');
    alice.says('0123456789abcdef');
    await alice.expectsReply(`${'x'.repeat(29)}…`);
    expect(world.model.completions[0]?.messages.at(-1)?.content).toBe('012345678…');
  });
});
