import fc from 'fast-check';
import { fold, isCaselessUnit } from '../../src/engine/fold.js';
import { KeywordAutomaton } from '../../src/engine/keyword-automaton.js';
import { compileRegex } from '../../src/engine/regex.js';

function hits(ac: KeywordAutomaton, text: string): string[] {
  const n = ac.scan(text);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${ac.hitKeyword[i]}@${ac.hitEnd[i]}`);
  return out.sort();
}

// Every occurrence of every keyword, by indexOf.
function naiveHits(keywords: readonly string[], text: string): string[] {
  const out: string[] = [];
  keywords.forEach((k, i) => {
    for (let at = text.indexOf(k); at >= 0; at = text.indexOf(k, at + 1)) out.push(`${i}@${at + k.length}`);
  });
  return out.sort();
}

describe('KeywordAutomaton', () => {
  test('finds overlapping keywords and keywords inside others', () => {
    const ac = new KeywordAutomaton(['he', 'she', 'his', 'hers']);
    expect(hits(ac, 'ushers')).toEqual(['0@4', '1@4', '3@6']);
    expect(hits(ac, 'nothing')).toEqual([]);
  });

  test('matches CJK, surrogate pairs and lone surrogates by code unit', () => {
    const ac = new KeywordAutomaton(['天气', '😀', '\ud83d', 'a😀b']);
    expect(hits(ac, '今天气好😀')).toEqual(['0@3', '1@6', '2@5']);
    expect(hits(ac, 'xa😀b')).toEqual(['1@4', '2@3', '3@5']);
  });

  test('reports more hits than its first buffer holds', () => {
    const ac = new KeywordAutomaton(['a', 'aa']);
    expect(ac.scan('a'.repeat(500))).toBe(999);
    expect(ac.hitEnd[998]).toBe(500);
  });

  test('refuses empty and repeated keywords', () => {
    expect(() => new KeywordAutomaton(['a', ''])).toThrow('empty');
    expect(() => new KeywordAutomaton(['ab', 'ab'])).toThrow('twice');
  });

  test('agrees with indexOf on random keyword sets and texts', () => {
    const unit = fc.constantFrom('a', 'b', 'c', '天', '气', '\ud83d', '\ude00', ' ', 'A');
    const word = (min: number, max: number) =>
      fc.array(unit, { minLength: min, maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word(1, 5), { minLength: 1, maxLength: 40 }),
        word(0, 30),
        (keywords, text) => {
          expect(hits(new KeywordAutomaton(keywords), text)).toEqual(naiveHits(keywords, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('builds 20,000 keywords over a wide alphabet', () => {
    const keywords: string[] = [];
    for (let i = 0; i < 20_000; i++)
      keywords.push(String.fromCharCode(0x4e00 + ((i * 7919) % 3000), 0x4e00 + (i % 2000), 0x61 + (i % 26)));
    const ac = new KeywordAutomaton([...new Set(keywords)]);
    expect(ac.scan(`xx${keywords[12_345]}yy`)).toBeGreaterThan(0);
  });
});

describe('fold', () => {
  test('the code units it skips are unchanged by toLowerCase (checked for all of them)', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (!isCaselessUnit(c)) continue;
      const s = String.fromCharCode(c);
      if (s.toLowerCase() !== s) throw new Error(`U+${c.toString(16)} changes when lower-cased`);
    }
  });

  test('lower-cases, keeping the length (İ kept, Σ folded in context)', () => {
    expect(fold('Hello 天气')).toBe('hello 天气');
    expect(fold('İstanbul')).toBe('İstanbul');
    expect(fold('ΑΣ ΑΣΑ')).toBe('ας ασα');
    expect(fold('已经 lower')).toBe('已经 lower');
  });
});

describe('regex anchoring', () => {
  test('RE2 says which patterns can only match at the start of the text', () => {
    const anchored = (written: string) => compileRegex(written, true).re.anchoredAtStart;
    expect(anchored('^abc\\s*(\\d+)$')).toBe(true);
    expect(anchored('\\Aabc')).toBe(true);
    expect(anchored('^(?:a|b)c')).toBe(true);
    expect(anchored('a|^b')).toBe(false);
    expect(anchored('/^b/m')).toBe(false);
    expect(anchored('abc$')).toBe(false);
  });
});
