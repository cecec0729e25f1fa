/**
 * How fast is a decision with many rules? 10,000 keyword rules + 50 regex rules, realistic
 * short texts; target ≤ 5 µs per message. Races the compiled matcher against a naive scan of
 * every rule (the baseline) and prints a small table.
 *
 *   node --import ./tools/ts-run/register.mjs packages/plugin-autoreply/bench/matcher.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { createAutoreply } from '../src/engine/autoreply.js';
import { compileRules } from '../src/engine/compile.js';
import { fold } from '../src/engine/fold.js';
import type { AutoreplyInput, CompiledRule } from '../src/engine/types.js';

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rng = mulberry(1);
const CJK =
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const word = (alphabet: string, min: number, max: number) => {
  const n = min + Math.floor(rng() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
};

const rules: unknown[] = [];
for (let i = 0; i < 10_000; i++) {
  const type = i % 10 === 0 ? 'equals' : i % 10 === 1 ? 'startsWith' : 'contains';
  const kw = i % 2 === 0 ? word(CJK, 2, 4) : word(LATIN, 4, 9);
  rules.push({ match: { [type]: kw }, reply: `reply ${i}`, priority: i % 7 });
}
for (let i = 0; i < 50; i++)
  rules.push({ match: { regex: `^${word(LATIN, 3, 5)}\\s*(\\d+)$` }, reply: 'r {1}' });

let t0 = performance.now();
const set = compileRules({ rules });
const compileMs = performance.now() - t0;

// Texts like a chat: mostly no hit, some hits, lengths 5-60.
const texts: string[] = [];
for (let i = 0; i < 2_000; i++) {
  const parts = Array.from({ length: 1 + Math.floor(rng() * 6) }, () =>
    rng() < 0.5 ? word(CJK, 2, 8) : word(LATIN, 2, 8),
  );
  texts.push(parts.join(rng() < 0.5 ? ' ' : ''));
}

const inputs: AutoreplyInput[] = texts.map((text, i) => ({
  kind: 'text',
  text,
  chat: { kind: 'private', id: `u${i % 50}`, name: `user ${i % 50}` },
  sender: { id: `u${i % 50}`, name: `user ${i % 50}` },
  now: new Date(0),
}));

function naiveMatch(rule: CompiledRule, text: string): boolean {
  const m = rule.match;
  if (m.type === 'any') return true;
  if (m.type === 'regex') return m.regex.re.test(text);
  const t = rule.ignoreCase ? fold(text) : text;
  return m.words.some((w) =>
    m.type === 'contains' ? t.includes(w) : m.type === 'equals' ? t === w : t.startsWith(w),
  );
}

function measure(label: string, rounds: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 2_000; i++) fn(i); // warm up
  const start = performance.now();
  let sink = 0;
  for (let i = 0; i < rounds; i++) sink += fn(i) === undefined ? 0 : 1;
  const us = ((performance.now() - start) * 1000) / rounds;
  if (sink < 0) console.log(label);
  return us;
}

const ar = createAutoreply({ rules });
t0 = performance.now();
const matchUs = measure('matcher', 200_000, (i) => set.matcher.candidates(texts[i % texts.length] ?? ''));
const decideUs = measure('decide', 200_000, (i) => ar.decide(inputs[i % inputs.length] as AutoreplyInput));
const naiveUs = measure('naive', 2_000, (i) =>
  set.ranked.filter((r) => naiveMatch(r, texts[i % texts.length] ?? '')),
);
const hits = texts.filter((t) => set.matcher.candidates(t).length > 0).length;

const row = (a: string, b: string, c: string) =>
  console.log(`${a.padEnd(34)}${b.padStart(14)}${c.padStart(12)}`);
console.log(
  `rules: 10,000 keyword + 50 regex; compile ${compileMs.toFixed(0)} ms; texts with a match: ${hits}/${texts.length}`,
);
row('what', 'µs/message', 'vs naive');
row('naive scan of every rule (baseline)', naiveUs.toFixed(2), '1.0x');
row('matcher.candidates (AC + regex)', matchUs.toFixed(2), `${(naiveUs / matchUs).toFixed(0)}x`);
row('Autoreply.decide (full decision)', decideUs.toFixed(2), `${(naiveUs / decideUs).toFixed(0)}x`);
console.log(`target ≤ 5 µs/message: ${decideUs <= 5 ? 'met' : 'NOT met'}`);
