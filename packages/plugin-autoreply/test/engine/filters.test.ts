import { createAutoreply } from '../../src/engine/autoreply.js';
import { dm, inGroup, texts } from '../helpers.js';

describe('groups and mentions', () => {
  const ar = createAutoreply({
    rules: [
      { name: 'help', match: 'help', reply: { text: 'how can I help?', mention: true } },
      { name: 'morning', match: '早上好', mentionOnly: false, scope: 'group', reply: '早!' },
      { name: 'dm-only', match: 'secret', scope: 'private', reply: 'psst' },
    ],
  });

  test('in a group a rule needs an @mention by default', () => {
    expect(ar.decide(inGroup('help', 'Hikers', 'Bob', false)).replies).toEqual([]);
    const d = ar.decide(inGroup('help', 'Hikers', 'Bob', true));
    expect(d.replies).toEqual([expect.objectContaining({ text: 'how can I help?', mention: true })]);
  });

  test('mention: true has no effect in a private chat', () => {
    expect(ar.decide(dm('help')).replies).toEqual([
      expect.objectContaining({ text: 'how can I help?', mention: false }),
    ]);
  });

  test('mentionOnly: false answers without @; scope: group skips private chats', () => {
    expect(texts(ar.decide(inGroup('大家早上好', 'Hikers', 'Bob', false)))).toEqual(['早!']);
    expect(ar.decide(dm('早上好')).replies).toEqual([]);
  });

  test('scope: private skips groups', () => {
    expect(ar.decide(inGroup('secret', 'Hikers', 'Bob', true)).replies).toEqual([]);
    expect(texts(ar.decide(dm('secret')))).toEqual(['psst']);
  });
});

describe('allow and deny lists', () => {
  const ar = createAutoreply({
    rules: [
      { name: 'g-allow', match: 'a', mentionOnly: false, groups: ['Hikers', 'id-Cooks'], reply: 'A' },
      { name: 'g-deny', match: 'b', mentionOnly: false, groups: { deny: ['Spam'] }, reply: 'B' },
      { name: 'c-allow', match: 'c', contacts: { allow: ['Alice', 'wx_carol'] }, reply: 'C' },
      { name: 'c-deny', match: 'd', contacts: { deny: ['id-Mallory'] }, mentionOnly: false, reply: 'D' },
    ],
  });

  test('group allow list by name or id', () => {
    expect(texts(ar.decide(inGroup('a', 'Hikers', 'Bob', false)))).toEqual(['A']);
    expect(texts(ar.decide(inGroup('a', 'Cooks', 'Bob', false)))).toEqual(['A']);
    expect(ar.decide(inGroup('a', 'Other', 'Bob', false)).replies).toEqual([]);
  });

  test('group allow lists do not restrict private chats', () => {
    expect(texts(ar.decide(dm('a')))).toEqual(['A']);
  });

  test('group deny list', () => {
    expect(ar.decide(inGroup('b', 'Spam', 'Bob', false)).replies).toEqual([]);
    expect(texts(ar.decide(inGroup('b', 'Hikers', 'Bob', false)))).toEqual(['B']);
  });

  test('contact allow list by name or alias', () => {
    expect(texts(ar.decide(dm('c', 'Alice')))).toEqual(['C']);
    expect(ar.decide(dm('c', 'Bob')).replies).toEqual([]);
    const carol = { ...dm('c', 'Carol'), sender: { id: 'x1', name: 'Carol', alias: 'wx_carol' } };
    expect(texts(ar.decide(carol))).toEqual(['C']);
  });

  test('contact deny list by id, also for group members', () => {
    expect(ar.decide(inGroup('d', 'Hikers', 'Mallory', false)).replies).toEqual([]);
    expect(texts(ar.decide(inGroup('d', 'Hikers', 'Bob', false)))).toEqual(['D']);
  });
});

test("the bot's own messages are never answered", () => {
  const ar = createAutoreply({ rules: [{ match: { any: true }, reply: 'x' }] });
  const d = ar.decide(dm('hello', 'Alice', { self: true }));
  expect(d.reason).toBe('self');
  expect(d.replies).toEqual([]);
});
