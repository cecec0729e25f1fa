import { describe, expect, test } from '@jest/globals';
import { ConversationMemory, estimateTokens, fitHistory, turn } from '../../src/index.js';

describe('ConversationMemory', () => {
  const make = () => new ConversationMemory({ maxMessages: 4, idleExpiryMs: 1000, maxConversations: 2 });

  test('keeps the last messages, never starting with an answer', () => {
    const m = make();
    m.remember(
      'a',
      [turn('user', 'q1'), turn('assistant', 'a1'), turn('user', 'q2'), turn('assistant', 'a2')],
      0,
    );
    m.remember('a', [turn('user', 'q3'), turn('assistant', 'a3')], 1);
    expect(m.history('a', 2).map((t) => t.content)).toEqual(['q2', 'a2', 'q3', 'a3']);
  });

  test('forgets after the idle expiry, on clear, and the least recently used beyond maxConversations', () => {
    const m = make();
    m.remember('a', [turn('user', 'q')], 0);
    expect(m.history('a', 999)).toHaveLength(1);
    expect(m.history('a', 1000)).toHaveLength(0);
    m.remember('a', [turn('user', 'q')], 0);
    expect(m.clear('a')).toBe(true);
    expect(m.clear('a')).toBe(false);
    m.remember('x', [turn('user', 'q')], 0);
    m.remember('y', [turn('user', 'q')], 0);
    m.remember('z', [turn('user', 'q')], 0);
    expect(m.history('x', 1)).toHaveLength(0);
    expect(m.size).toBe(2);
    expect(m.sweep(5000)).toBe(2);
  });
});

describe('fitHistory and the token estimate', () => {
  test('CJK text costs about a token per character, Latin about a token per word', () => {
    const zh = estimateTokens('今天天气怎么样我们去爬山吧') - estimateTokens('');
    const en = estimateTokens('how is the weather today shall we go hiking') - estimateTokens('');
    expect(zh).toBeGreaterThanOrEqual(8);
    expect(zh).toBeLessThanOrEqual(16);
    expect(en).toBeGreaterThanOrEqual(6);
    expect(en).toBeLessThanOrEqual(14);
  });

  test('keeps the newest messages that fit, dropping a leading answer', () => {
    const history = [
      turn('user', 'q1'),
      turn('assistant', 'a1'),
      turn('user', 'q2'),
      turn('assistant', 'a2'),
    ];
    const q = turn('user', 'q3');
    const each = history[0]?.tokens ?? 0;
    expect(fitHistory(history, 0, q, q.tokens + 4 * each)).toHaveLength(4);
    // Room for three: the oldest kept would be an answer, so only the last pair goes.
    expect(fitHistory(history, 0, q, q.tokens + 3 * each).map((t) => t.content)).toEqual(['q2', 'a2']);
    expect(fitHistory(history, 10_000, q, 100)).toHaveLength(0);
  });
});
