import fc from 'fast-check';
import { compileRules } from '../../src/engine/compile.js';
import { fold } from '../../src/engine/fold.js';
import type { CompiledRule } from '../../src/engine/types.js';

// Code units that make matching hard: case pairs, characters whose folding depends on the
// neighbours (Σ) or changes length (İ), case-fold orbits beyond toLowerCase (K Kelvin, ſ long s),
// CJK, an emoji (a surrogate pair), a lone surrogate, spaces (the text is trimmed), digits.
const UNITS = [
  'a',
  'b',
  'A',
  'B',
  'k',
  'K',
  '\u212a',
  's',
  'S',
  'ſ',
  'ß',
  'Σ',
  'σ',
  'ς',
  'İ',
  'i',
  '天',
  '气',
  '😀',
  '\ud83d',
  ' ',
  '1',
];
const unitString = (min: number, max: number) =>
  fc.array(fc.constantFrom(...UNITS), { minLength: min, maxLength: max }).map((a) => a.join(''));

const PATTERNS = [
  '^a(b)?',
  '(?<x>k)s',
  'ſ',
  '/K/i',
  '\\d+$',
  '天(气)+',
  '^$',
  '😀',
  '/^b/m',
  '.',
  'a|^b',
  '(?:Σ|σ)$',
  '^(a|b)b',
  '\\Aab',
  '^天(?<w>气?)',
  '/^s/i',
  '/^k\\s*(\\d)/i',
  '^İ',
];

const ruleArb = fc.record({
  type: fc.constantFrom('contains', 'equals', 'startsWith', 'regex', 'any'),
  words: fc.array(unitString(1, 4), { minLength: 1, maxLength: 3 }),
  pattern: fc.constantFrom(...PATTERNS),
  ignoreCase: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
});

type RuleInput = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function toConfig(r: RuleInput): unknown {
  const match =
    r.type === 'any' ? { any: true } : r.type === 'regex' ? { regex: r.pattern } : { [r.type]: r.words };
  return { match, ignoreCase: r.ignoreCase, reply: 'x', priority: r.priority };
}

// The obvious, slow reference: every rule on its own, keywords compared with plain string calls.
function naive(rule: CompiledRule, text: string): { match: unknown } | undefined {
  const t = text.trim();
  const m = rule.match;
  if (m.type === 'any') return { match: undefined };
  if (m.type === 'regex') {
    const r = m.regex.re.exec(t);
    return r === null ? undefined : { match: r };
  }
  const tt = rule.ignoreCase ? fold(t) : t;
  const hit = m.words.some((word) => {
    const w = rule.ignoreCase ? fold(word) : word;
    return m.type === 'contains' ? tt.includes(w) : m.type === 'equals' ? tt === w : tt.startsWith(w);
  });
  return hit ? { match: undefined } : undefined;
}

describe('the matcher gives exactly the candidates of a naive scan of every rule', () => {
  test('random rule sets and texts (keywords, case folding, surrogates, regex sets)', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 30 }),
        fc.array(unitString(0, 12), { minLength: 1, maxLength: 8 }),
        (rules, texts) => {
          const set = compileRules({ rules: rules.map(toConfig) });
          // Texts that contain the rules' keywords too, with and without surroundings.
          const all = [...texts];
          for (const r of rules)
            for (const w of r.words)
              all.push(w, `${texts[0] ?? ''}${w}`, `${w}${texts.at(-1) ?? ''}`, w.toUpperCase());
          for (const text of all) {
            const got = set.matcher.candidates(text).map((c) => ({ rank: c.rank, match: c.match }));
            const want = set.ranked.flatMap((rule, rank) => {
              const n = naive(rule, text);
              return n === undefined ? [] : [{ rank, match: n.match }];
            });
            expect({ text, got }).toEqual({ text, got: want });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a case-sensitive keyword is found where folding the text would change it (final Σ)', () => {
    const set = compileRules({
      rules: [
        { match: 'ΑΣ', ignoreCase: false, reply: 'exact' },
        { match: 'hello', reply: 'folded' },
      ],
    });
    // Folded as a whole, "ΑΣΑ" is "ασα" while "ΑΣ" alone is "ας": only an unfolded scan finds it.
    expect(set.matcher.candidates('ΑΣΑ').map((c) => set.ranked[c.rank]?.ref.index)).toEqual([0]);
  });

  test('regex rules of one flag group: only the matching ones are returned, with their groups', () => {
    const set = compileRules({
      rules: [
        { match: { regex: '^weather\\s*(?<city>\\S+)$' }, reply: '{city}' },
        { match: { regex: '^time\\s*(\\S+)$' }, reply: '{1}' },
        { match: { regex: '(\\d+)\\s*km' }, reply: '{1}' },
        { match: { regex: 'rain' }, reply: 'x' },
      ],
    });
    const c = set.matcher.candidates('WEATHER Berlin');
    expect(c.map((x) => x.rank)).toEqual([0]);
    expect(c[0]?.match?.groups?.city).toBe('Berlin');
    expect(set.matcher.candidates('12 km in the rain').map((x) => x.rank)).toEqual([2, 3]);
    expect(set.matcher.candidates('nothing here')).toEqual([]);
  });
});

describe('compiling large rule sets', () => {
  test('10,000 keyword rules (Latin, CJK, emoji) + 50 regex rules compile and match', () => {
    const rules: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      const word = i % 3 === 0 ? `kw${i}` : i % 3 === 1 ? `天${String.fromCharCode(0x4e00 + i)}` : `😀${i}`;
      const type = ['contains', 'equals', 'startsWith'][i % 3] ?? 'contains';
      rules.push({ match: { [type]: word }, reply: `r${i}`, priority: i % 5 });
    }
    for (let i = 0; i < 50; i++) rules.push({ match: { regex: `^cmd${i}\\s+(\\d+)$` }, reply: '{1}' });
    const set = compileRules({ rules });
    expect(set.rules).toHaveLength(10_050);
    const index = (text: string) => set.matcher.candidates(text).map((c) => set.ranked[c.rank]?.ref.index);
    expect(index('say kw9999 now')).toEqual([9, 99, 999, 9999]); // kw9 … kw999 occur in it too
    expect(index(`天${String.fromCharCode(0x4e00 + 4)}`)).toEqual([4]);
    expect(index('😀5 and more')).toEqual([5]);
    expect(index('cmd7 42')).toEqual([10_007]);
  });
});
