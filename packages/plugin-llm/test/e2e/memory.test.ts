import { afterEach, describe, expect, test } from '@jest/globals';
import { type LlmWorld, QUIET, startLlm, transcriptOf } from '../helpers.js';

let world: LlmWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('conversation memory', () => {
  test('earlier turns are sent with the next question, until the idle expiry', async () => {
    world = await startLlm({ persona: { default: 'Be brief.' }, memory: { idleExpiry: '10m' } });
    world.model.script('Nice to meet you, Ann.', 'Your name is Ann.', 'I do not know your name.');
    const alice = world.kit.friend('alice');
    alice.says('My name is Ann.');
    await alice.expectsReply('Nice to meet you, Ann.');
    world.clock.advance(9 * 60_000);
    alice.says('What is my name?');
    await alice.expectsReply('Your name is Ann.');
    expect(transcriptOf(world.model.completions[1]?.messages ?? [])).toEqual([
      'system: Be brief.',
      'user: My name is Ann.',
      'assistant: Nice to meet you, Ann.',
      'user: What is my name?',
    ]);
    world.clock.advance(10 * 60_000); // idle for the whole expiry: a fresh start
    alice.says('What is my name?');
    await alice.expectsReply('I do not know your name.');
    expect(transcriptOf(world.model.completions[2]?.messages ?? [])).toEqual([
      'system: Be brief.',
      'user: What is my name?',
    ]);
  });

  test('questions sent in quick succession are answered in order, each seeing the previous answer', async () => {
    world = await startLlm();
    world.model.script({ text: 'A1', delayMs: 100 }, 'A2');
    const alice = world.kit.friend('alice');
    alice.says('Q1');
    alice.says('Q2');
    await alice.expectsReply('A1');
    await alice.expectsReply('A2');
    expect(transcriptOf(world.model.completions[1]?.messages ?? []).slice(1)).toEqual([
      'user: Q1',
      'assistant: A1',
      'user: Q2',
    ]);
  });

  test('#清除记忆 clears the memory without asking the model', async () => {
    world = await startLlm();
    world.model.script('Noted: blue.', 'What colour?');
    const alice = world.kit.friend('alice');
    alice.says('My favourite colour is blue.');
    await alice.expectsReply('Noted: blue.');
    alice.says('#清除记忆');
    await alice.expectsReply('记忆已清除。');
    expect(world.model.completions).toHaveLength(1);
    alice.says('Which colour do I like?');
    await alice.expectsReply('What colour?');
    expect(world.model.completions[1]?.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  test('the token budget keeps only the most recent turns that fit', async () => {
    world = await startLlm({ persona: { default: 'S' }, memory: { maxTokens: 60 } });
    const alice = world.kit.friend('alice');
    const long = (n: number) => `message number ${n} `.repeat(4).trim();
    for (let i = 1; i <= 3; i += 1) {
      world.model.script(`ok ${i}`);
      alice.says(long(i));
      await alice.expectsReply(`ok ${i}`);
    }
    const last = world.model.completions[2]?.messages ?? [];
    // Everything sent fits the budget, the newest turn pair is kept, the oldest dropped.
    expect(last.at(-1)?.content).toBe(long(3));
    expect(last.map((m) => m.content)).toContain('ok 2');
    expect(last.map((m) => m.content)).not.toContain(long(1));
    expect(last[1]?.role).toBe('user');
  });

  test('groups: one memory per member by default, or one shared memory naming each speaker', async () => {
    world = await startLlm();
    const hikers = world.kit.group('Hikers');
    world.model.script('A1', 'B1');
    hikers.member('bob').says('@bot I am Bob');
    await hikers.expectsReply('@bob A1');
    hikers.member('carol').says('@bot who am I?');
    await hikers.expectsReply('@carol B1');
    expect(transcriptOf(world.model.completions[1]?.messages ?? []).slice(1)).toEqual(['user: who am I?']);
    await world.stop();

    world = await startLlm({ group: { memory: 'shared' } });
    const shared = world.kit.group('Hikers');
    world.model.script('A1', 'You are Carol; Bob spoke before.');
    shared.member('bob').says('@bot I am Bob');
    await shared.expectsReply('@bob A1');
    shared.member('carol').says('@bot who am I?');
    await shared.expectsReply('@carol You are Carol; Bob spoke before.');
    expect(transcriptOf(world.model.completions[1]?.messages ?? []).slice(1)).toEqual([
      'user: bob: I am Bob',
      'assistant: A1',
      'user: carol: who am I?',
    ]);
  });

  test('in a group the clear command must be addressed to the bot', async () => {
    world = await startLlm();
    const hikers = world.kit.group('Hikers');
    world.model.script('remembered');
    hikers.member('bob').says('@bot remember 42');
    await hikers.expectsReply('@bob remembered');
    hikers.member('bob').says('#清除记忆');
    await hikers.expectNoReply(QUIET);
    hikers.member('bob').says('@bot #清除记忆');
    await hikers.expectsReply('@bob 记忆已清除。');
  });
});
