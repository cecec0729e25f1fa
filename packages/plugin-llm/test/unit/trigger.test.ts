import { describe, expect, test } from '@jest/globals';
import { decide, type LlmInput, type LlmPluginConfig, llmOptionsSchema } from '../../src/index.js';

const opts = (o: Partial<LlmPluginConfig> = {}) => llmOptionsSchema.parse({ model: 'm', ...o });
const privateMsg = (text: string, extra: Partial<LlmInput> = {}): LlmInput => ({
  kind: 'text',
  text,
  chat: { kind: 'private', id: 'alice-id', name: 'Alice' },
  sender: { id: 'alice-id', name: 'Alice', names: ['Alice', 'ali'] },
  isMentioned: false,
  self: false,
  notAPerson: false,
  now: new Date('2026-03-02T10:00:00'),
  ...extra,
});
const groupMsg = (text: string, extra: Partial<LlmInput> = {}): LlmInput =>
  privateMsg(text, { chat: { kind: 'group', id: 'g1', name: 'Hikers' }, ...extra });

describe('decide', () => {
  test('never the bot itself, official accounts or other kinds', () => {
    expect(decide(privateMsg('hi', { self: true }), opts())).toMatchObject({ action: 'skip', code: 'self' });
    expect(decide(privateMsg('hi', { notAPerson: true }), opts())).toMatchObject({
      action: 'skip',
      code: 'not-a-person',
    });
    expect(decide(privateMsg('', { kind: 'voice' }), opts())).toMatchObject({ action: 'skip', code: 'kind' });
  });

  test('contacts are matched by any of their names or id, case-insensitively', () => {
    expect(decide(privateMsg('hi'), opts({ contacts: { deny: ['ALI'] } }))).toMatchObject({
      code: 'contact-denied',
    });
    expect(decide(privateMsg('hi'), opts({ contacts: { allow: ['bob'] } }))).toMatchObject({
      code: 'contact-not-allowed',
    });
    expect(decide(privateMsg('hi'), opts({ contacts: { allow: ['alice-id'] } }))).toMatchObject({
      action: 'ask',
    });
  });

  test('group triggers: mention (prefix stripped too), prefix, keyword; explains a miss', () => {
    const o = opts({ group: { prefixes: ['bot'], keywords: ['help'] } });
    expect(decide(groupMsg('bot what', { isMentioned: true }), o)).toMatchObject({
      action: 'ask',
      question: 'what',
    });
    expect(decide(groupMsg('bot  what'), o)).toMatchObject({
      action: 'ask',
      question: 'what',
      how: expect.stringContaining('prefix "bot"'),
    });
    expect(decide(groupMsg('I need HELP'), o)).toMatchObject({ action: 'ask', question: 'I need HELP' });
    const miss = decide(groupMsg('hello'), o);
    expect(miss).toMatchObject({ action: 'skip', code: 'not-triggered' });
    expect(miss.action === 'skip' && miss.reason).toBe(
      'a group message with no @mention, no prefix ("bot"), no keyword ("help")',
    );
  });

  test('an @all announcement is not a question to the bot', () => {
    expect(decide(groupMsg('meeting at 5', { isMentioned: true, mentionsAll: true }), opts())).toMatchObject({
      action: 'skip',
      code: 'not-triggered',
    });
  });

  test('memory keys: per member by default, shared on request', () => {
    const m = { isMentioned: true };
    expect(decide(groupMsg('x', m), opts())).toMatchObject({ memoryKey: 'group:g1:alice-id' });
    expect(decide(groupMsg('x', m), opts({ group: { memory: 'shared' } }))).toMatchObject({
      memoryKey: 'group:g1',
    });
  });

  test('clear commands, with or without the private prefix; an empty question is not asked', () => {
    const o = opts({ private: { prefixes: ['ai'] } });
    expect(decide(privateMsg('#清除记忆'), o)).toMatchObject({ action: 'clear' });
    expect(decide(privateMsg('ai #清除记忆'), o)).toMatchObject({ action: 'clear' });
    expect(decide(privateMsg('ai '), o)).toMatchObject({ action: 'skip', code: 'empty' });
  });

  test('service hours, overnight ranges and time zones', () => {
    const night = opts({ serviceHours: { from: '22:00', to: '06:00', timezone: 'Asia/Shanghai' } });
    // 15:00 UTC = 23:00 in Shanghai: open; 04:00 UTC = 12:00: closed.
    expect(decide(privateMsg('hi', { now: new Date('2026-03-02T15:00:00Z') }), night)).toMatchObject({
      action: 'ask',
    });
    expect(decide(privateMsg('hi', { now: new Date('2026-03-02T04:00:00Z') }), night)).toMatchObject({
      action: 'closed',
    });
  });
});
