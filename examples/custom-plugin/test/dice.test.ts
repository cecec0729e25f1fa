import { ConfigError } from '@wxbot/core';
import { createTestBot, type TestBot } from '@wxbot/testing';
import { createDicePlugin, dice, parseRoll } from '../src/index.js';

// A "random" source that cycles through known values: 0.0 → 1, 0.5 → 4, 0.99 → 6 on a d6.
function cycle(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('parseRoll', () => {
  test.each([
    ['', { count: 1, sides: 6 }],
    ['3', { count: 3, sides: 6 }],
    ['2d20', { count: 2, sides: 20 }],
    ['d8', { count: 1, sides: 8 }],
  ])('%j', (spec, expected) => {
    expect(parseRoll(spec, 6)).toEqual(expected);
  });

  test.each(['x', '2d', '0', '1d1', '-3'])('rejects %j', (spec) => {
    expect(parseRoll(spec, 6)).toBeUndefined();
  });
});

describe('dice plugin on a simulated WeChat', () => {
  let kit: TestBot;
  afterEach(() => kit?.stop());

  test('rolls in a private chat and in a group (as a command after @bot)', async () => {
    kit = await createTestBot({
      plugins: [[createDicePlugin({ rng: cycle([0, 0.5, 0.99]) }), { sides: 6 }]],
      cast: { friends: ['Alice'], groups: [{ topic: 'Board Games', members: ['Alice', 'Bob'] }] },
    });
    kit.friend('Alice').says('/roll 3');
    await kit.friend('Alice').expectsReply('You rolled 1 + 4 + 6 = 11 (d6)');
    kit.group('Board Games').member('Bob').says('@bot /roll d20');
    await kit.group('Board Games').expectsReply('Bob rolled 1 (d20)');
  });

  test('refuses too many dice and explains the usage', async () => {
    kit = await createTestBot({ plugins: [[dice, { maxDice: 2 }]], cast: { friends: ['Alice'] } });
    kit.friend('Alice').says('/roll 5');
    await kit.friend('Alice').expectsReply('at most 2 dice, please');
    kit.friend('Alice').says('/roll banana');
    await kit.friend('Alice').expectsReply('usage: /roll, /roll 3, /roll 2d20');
    kit.friend('Alice').says('roll 2');
    await kit.friend('Alice').expectNoReply({ withinMs: 100 });
  });

  test('bad options fail at load with the path', async () => {
    await expect(createTestBot({ plugins: [[dice, { sides: 1 }]] })).rejects.toThrow(ConfigError);
    await expect(createTestBot({ plugins: [[dice, { sides: 1 }]] })).rejects.toThrow(/options\.sides/);
  });
});
