import type { TestBot } from '@wxbot/testing';
import { createAutoreply } from '../../src/index.js';
import { QUIET, startAutoreply } from './kit.js';

describe('regex rules cannot freeze the bot (linear-time engine)', () => {
  let kit: TestBot;
  beforeAll(async () => {
    kit = await startAutoreply({
      rules: [
        { name: 'redos', match: { regex: '^(a+)+$' }, reply: 'only a' },
        { name: 'ping', match: 'ping', reply: 'pong' },
      ],
    });
  });
  afterAll(() => kit.stop());

  test('`^(a+)+$` against 29 a + "b" (exponential on a backtracking engine) answers at once, and the bot stays responsive', async () => {
    const alice = kit.friend('alice');
    const started = Date.now();
    alice.says(`${'a'.repeat(29)}b`);
    alice.says('ping');
    await alice.expectsReply('pong');
    // On V8's backtracking engine this one message alone took ~17 s (more on a loaded machine);
    // RE2 needs microseconds. The bound leaves a loaded machine room and still catches that.
    expect(Date.now() - started).toBeLessThan(10_000);
    alice.says('a'.repeat(40));
    await alice.expectsReply('only a');
  });
});

describe('unsupported regex features are refused at load, naming the rule', () => {
  test('a back-reference', () => {
    expect(() =>
      createAutoreply({ rules: [{ name: 'twice', match: { regex: '(a)\\1' }, reply: 'x' }] }),
    ).toThrow(/rules\[0\]\.match\.regex.*back-references/s);
  });
  test('a look-ahead', () => {
    expect(() => createAutoreply({ rules: [{ match: '/foo(?=bar)/', reply: 'x' }] })).toThrow(
      /rules\[0\]\.match.*look-ahead/s,
    );
  });
});

describe('mentionAll: false — @所有人 does not count for mentionOnly rules', () => {
  let kit: TestBot;
  beforeAll(async () => {
    kit = await startAutoreply({
      rules: [
        { name: 'named-only', scope: 'group', match: 'report', mentionAll: false, reply: 'report ready' },
        { name: 'all-ok', scope: 'group', match: 'meeting', reply: 'noted' },
      ],
    });
  });
  afterAll(() => kit.stop());

  test('@所有人 alone is ignored by the rule, a real @bot mention is answered', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('bob').says('@所有人 report please');
    await hikers.expectNoReply(QUIET);
    hikers.member('bob').says('@bot report please');
    await hikers.expectsReply('report ready');
  });

  test('rules keep the default (mentionAll: true): @所有人 counts', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('carol').says('@所有人 meeting at 5');
    await hikers.expectsReply('noted');
  });
});
