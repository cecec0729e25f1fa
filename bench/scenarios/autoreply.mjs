/**
 * Auto-reply matching (issue 10 §4): 10 / 1,000 / 10,000 keyword rules + 50 regex rules, µs per
 * message (target ≤ 5 µs at 10,000 rules).
 *
 *   node bench/scenarios/autoreply.mjs [--texts 2000] [--rounds 100000] [--json]
 *
 * What is timed: `Autoreply.decide(input)` of @wxbot/plugin-autoreply's engine — the whole decision
 * for one incoming text (matcher candidates, rule filters, priority, cooldowns, reply choice), not
 * the bot around it. Rules are a mix like a real config: equals / startsWith / contains, CJK and
 * Latin keywords, priorities; texts are chat-like (5–60 chars, mostly no hit). `matchUs*` is the
 * compiled matcher alone (`rules.matcher.candidates(text)`).
 */
import { createAutoreply } from '@wxbot/plugin-autoreply';
import { round } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { prng } from '../lib/workload.mjs';

const CJK =
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** A keyword of `min`–`max` characters of `alphabet`. */
function wordOf(rand, alphabet, min, max) {
  const n = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

/** `keywords` keyword rules + 50 regex rules, deterministic. */
function ruleSet(keywords) {
  const rand = prng(1);
  const rules = [];
  for (let i = 0; i < keywords; i++) {
    const type = i % 10 === 0 ? 'equals' : i % 10 === 1 ? 'startsWith' : 'contains';
    const kw = i % 2 === 0 ? wordOf(rand, CJK, 2, 4) : wordOf(rand, LATIN, 4, 9);
    rules.push({ match: { [type]: kw }, reply: `reply ${i}`, priority: i % 7 });
  }
  for (let i = 0; i < 50; i++)
    rules.push({ match: { regex: `^${wordOf(rand, LATIN, 3, 5)}\\s*(\\d+)$` }, reply: 'r {1}' });
  return rules;
}

/** Chat-like inputs: 1–6 CJK/Latin words, private chats of 50 people. */
function inputs(count) {
  const rand = prng(2);
  const out = [];
  for (let i = 0; i < count; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
      rand() < 0.5 ? wordOf(rand, CJK, 2, 8) : wordOf(rand, LATIN, 2, 8),
    );
    const text = parts.join(rand() < 0.5 ? ' ' : '');
    const who = { id: `u${i % 50}`, name: `user ${i % 50}` };
    out.push({ kind: 'text', text, chat: { kind: 'private', ...who }, sender: who, now: new Date(0) });
  }
  return out;
}

/** µs per call of `fn(i)` over `rounds` calls (after a warm-up). */
function timeUs(rounds, fn) {
  let sink = 0;
  for (let i = 0; i < 5_000; i++) sink += fn(i) ? 1 : 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) sink += fn(i) ? 1 : 0;
  const us = Number(process.hrtime.bigint() - t0) / 1000 / rounds;
  if (sink < 0) console.log(sink);
  return us;
}

await runScenarioMain('autoreply', async (args) => {
  const texts = inputs(numArg(args, 'texts', 2000));
  const rounds = numArg(args, 'rounds', 100_000);
  /** @type {Record<string, number>} */
  const metrics = {};
  const notes = [];
  for (const n of [10, 1000, 10_000]) {
    const t0 = performance.now();
    const ar = createAutoreply({ rules: ruleSet(n) });
    const compileMs = performance.now() - t0;
    const hits = texts.filter((t) => ar.decide(t).replies.length > 0).length;
    metrics[`us${n}`] = round(
      timeUs(rounds, (i) => ar.decide(texts[i % texts.length])),
      3,
    );
    metrics[`matchUs${n}`] = round(
      timeUs(rounds, (i) => ar.rules.matcher.candidates(texts[i % texts.length].text).length),
      3,
    );
    metrics[`compileMs${n}`] = round(compileMs, 1);
    notes.push(
      `${n} keyword rules + 50 regex: compile ${compileMs.toFixed(0)} ms, ${hits}/${texts.length} texts answered`,
    );
  }
  return { client: 'autoreply', metrics, notes };
});
