import { describe, expect, test } from '@jest/globals';
import { splitAnswer } from '../../src/index.js';

const opts = { maxChars: 2000, partChars: 600, maxParts: 3 };

describe('splitAnswer', () => {
  test('a short answer is one message, trimmed', () => {
    expect(splitAnswer('  hello  ', opts)).toEqual(['hello']);
  });

  test('breaks at paragraphs, then sentence ends (CJK punctuation too)', () => {
    expect(splitAnswer('第一段很长。\n\n第二段也很长。', { ...opts, partChars: 8 })).toEqual([
      '第一段很长。',
      '第二段也很长。',
    ]);
    expect(splitAnswer('今天下雨了。明天会晴天吗？后天呢', { ...opts, partChars: 10 })).toEqual([
      '今天下雨了。',
      '明天会晴天吗？后天呢',
    ]);
  });

  test('never splits an emoji or exceeds partChars; the last allowed part is cut with …', () => {
    const text = '😀'.repeat(25);
    const parts = splitAnswer(text, { maxChars: 2000, partChars: 10, maxParts: 2 });
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe('😀'.repeat(10));
    expect(parts[1]).toBe(`${'😀'.repeat(9)}…`);
    for (const p of parts) expect(Array.from(p).length).toBeLessThanOrEqual(10);
  });

  test('maxChars cuts the whole answer first', () => {
    expect(splitAnswer('abcdefghij', { ...opts, maxChars: 5 })).toEqual(['abcd…']);
  });

  test('a decimal point is not a sentence end', () => {
    expect(splitAnswer('Pi is 3.14159 roughly. Yes.', { ...opts, partChars: 24 })).toEqual([
      'Pi is 3.14159 roughly.',
      'Yes.',
    ]);
  });
});
