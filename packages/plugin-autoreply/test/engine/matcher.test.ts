import { compileRules } from '../../src/engine/compile.js';
import { fold } from '../../src/engine/fold.js';
import type { CompiledRule } from '../../src/engine/types.js';
import { seeded } from '../helpers.js';

const ALPHABET = ['a', 'b', 'c', 'A', 'B', '天', '气', 'İ', ' '];

function randomWord(rng: () => number, min: number, max: number): string {
  const n = min + Math.floor(rng() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
  return s;
}

const foldCache = new WeakMap<readonly string[], string[]>();
function foldedWords(words: readonly string[]): string[] {
  let f = foldCache.get(words);
  if (f === undefined) {
    f = words.map(fold);
    foldCache.set(words, f);
  }
  return f;
}

// The obvious, slow reference: look at every rule (keywords folded once, up front).
function naive(rule: CompiledRule, text: string, folded: string): boolean {
  const t = text.trim();
  const m = rule.match;
  if (m.type === 'any') return true;
  if (m.type === 'regex') return m.regex.re.test(t);
  const tt = rule.ignoreCase ? folded : t;
  const words = rule.ignoreCase ? foldedWords(m.words) : m.words;
  return words.some((w) =>
    m.type === 'contains' ? tt.includes(w) : m.type === 'equals' ? tt === w : tt.startsWith(w),
  );
}

describe('the compiled matcher agrees with a naive scan', () => {
  test('10,000 keyword rules + 50 regex rules, 1,000 random texts', () => {
    const rng = seeded(42);
    const types = ['contains', 'equals', 'startsWith'] as const;
    const rules: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      const type = types[i % 3] ?? 'contains';
      const words = Array.from(
        { length: 1 + Math.floor(rng() * 3) },
        () => randomWord(rng, 2, 5).trim() || 'ab',
      );
      rules.push({
        match: { [type]: words },
        reply: 'x',
        priority: Math.floor(rng() * 5),
        ignoreCase: rng() < 0.7,
      });
    }
    const patterns = [
      '^a.b',
      '[ab]{3}',
      '天气$',
      'c+A',
      '^(\\w)\\w',
      'B\\s?c',
      '(?:ab|ba)c',
      '^$',
      '(?<n>a)b',
      '/(?<n>b)a/i',
    ];
    for (let i = 0; i < 50; i++)
      rules.push({
        match: { regex: patterns[i % patterns.length] ?? 'a' },
        ignoreCase: i % 2 === 0,
        reply: 'r',
      });
    rules.push({ match: { any: true }, reply: 'any', priority: -1 });

    const set = compileRules({ rules });
    for (let i = 0; i < 1_000; i++) {
      const text = randomWord(rng, 0, 30);
      const got = set.matcher.candidates(text).map((c) => c.rank);
      const folded = fold(text.trim());
      const want = set.ranked.flatMap((r, rank) => (naive(r, text, folded) ? [rank] : []));
      expect({ text, got }).toEqual({ text, got: want });
    }
  });

  test('candidates come in rank order and regex candidates carry their match', () => {
    const set = compileRules({
      rules: [
        { match: 'b', reply: 'x' },
        { match: { regex: '(a)(b)' }, reply: 'x', priority: 3 },
        { match: 'a', reply: 'x', priority: 1 },
      ],
    });
    const c = set.matcher.candidates('xab');
    expect(c.map((x) => set.ranked[x.rank]?.ref.index)).toEqual([1, 2, 0]);
    expect(c[0]?.match?.[2]).toBe('b');
  });
});
