import { fold } from './fold.js';
import { KeywordAutomaton } from './keyword-automaton.js';
import { type RegexMatch, type SafeRegex, type SafeRegexSet, safeRegexSet } from './regex.js';
import type { CompiledRule } from './types.js';

const CONTAINS = 0;
const EQUALS = 1;
const STARTS = 2;

/** Rules per distinct keyword, flattened: keyword k owns entries `start[k]` … `start[k + 1] - 1`. */
interface KeywordEntries {
  readonly start: Int32Array;
  readonly rank: Int32Array;
  readonly mode: Uint8Array;
  /** The keyword as written, checked against the original text when the rule is case-sensitive. */
  readonly word: readonly (string | undefined)[];
}

interface RegexGroup {
  /** All members in one pass: which of them match. Undefined: test them one by one. */
  readonly set: SafeRegexSet | undefined;
  readonly members: readonly { readonly rank: number; readonly re: SafeRegex }[];
}

// Regexes with the same flags are matched together by one RE2 set (one scan of the text that
// says which members match, instead of one scan per rule); those anchored at the start of the
// text get their own set, which gives up after the first characters that fit none of them.
function groupRegexes(ranked: readonly CompiledRule[], ranks: readonly number[]): RegexGroup[] {
  const groups = new Map<string, { rank: number; re: SafeRegex }[]>();
  for (const rank of ranks) {
    const m = ranked[rank]?.match;
    if (m?.type !== 'regex') continue;
    const re = m.regex.re;
    const key = `${re.anchoredAtStart ? '^' : ''}/${re.flags}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [{ rank, re }]);
    else list.push({ rank, re });
  }
  return [...groups.values()].map((members): RegexGroup => {
    const first = members[0]?.re;
    const set =
      first === undefined || members.length < 2
        ? undefined
        : safeRegexSet(
            members.map((x) => x.re.source),
            first.flags,
            first.anchoredAtStart,
          );
    return { set, members };
  });
}

function keywordIndex(
  ranked: readonly CompiledRule[],
  folded: boolean,
): { keywords: string[]; entries: KeywordEntries } {
  const byKey = new Map<string, { rank: number; mode: number; word: string | undefined }[]>();
  let total = 0;
  ranked.forEach((rule, rank) => {
    const m = rule.match;
    if (m.type === 'regex' || m.type === 'any') return;
    const mode = m.type === 'equals' ? EQUALS : m.type === 'startsWith' ? STARTS : CONTAINS;
    for (const word of m.words) {
      const key = folded ? fold(word) : word;
      const entry = { rank, mode, word: folded && !rule.ignoreCase ? word : undefined };
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [entry]);
      else list.push(entry);
      total++;
    }
  });
  const start = new Int32Array(byKey.size + 1);
  const rank = new Int32Array(total);
  const mode = new Uint8Array(total);
  const word: (string | undefined)[] = [];
  let at = 0;
  let k = 0;
  for (const list of byKey.values()) {
    start[k++] = at;
    for (const e of list) {
      rank[at] = e.rank;
      mode[at] = e.mode;
      word.push(e.word);
      at++;
    }
  }
  start[k] = at;
  return { keywords: [...byKey.keys()], entries: { start, rank, mode, word } };
}

/** A rule that matched the text, by rank (index in `RuleSet.ranked`). */
export interface Candidate {
  readonly rank: number;
  /** The regex match, for regex rules (templates use its groups). */
  readonly match: RegexMatch | undefined;
}

/**
 * Finds which rules' `match` accepts a text, without looking at every rule: all keyword rules
 * (`contains`, `equals`, `startsWith`) share one Aho-Corasick automaton run once over the text
 * ({@link KeywordAutomaton}); regex rules (RE2, linear time) with the same flags are matched
 * together by one RE2 set, and only those that match run again for their groups; `any` rules
 * always match. Results come in rank order.
 */
export class RuleMatcher {
  readonly #ac: KeywordAutomaton | undefined;
  readonly #entries: KeywordEntries;
  readonly #regexGroups: readonly RegexGroup[];
  readonly #anyRanks: number[] = [];
  // Keywords are stored folded unless every keyword rule is case-sensitive.
  readonly #folded: boolean;
  readonly #seen: Uint32Array;
  #stamp = 0;

  /** `ranked`: rules in evaluation order; their positions are the ranks reported. */
  constructor(ranked: readonly CompiledRule[]) {
    this.#seen = new Uint32Array(ranked.length);
    this.#folded = ranked.some((r) => r.ignoreCase && r.match.type !== 'regex' && r.match.type !== 'any');
    const regexRanks: number[] = [];
    ranked.forEach((rule, rank) => {
      if (rule.match.type === 'regex') regexRanks.push(rank);
      else if (rule.match.type === 'any') this.#anyRanks.push(rank);
    });
    const { keywords, entries } = keywordIndex(ranked, this.#folded);
    this.#entries = entries;
    this.#ac = keywords.length === 0 ? undefined : new KeywordAutomaton(keywords);
    this.#regexGroups = groupRegexes(ranked, regexRanks);
  }

  /** Rules whose `match` accepts `text` (trimmed first), in rank order. */
  candidates(text: string): Candidate[] {
    const t = text.trim();
    const out: Candidate[] = [];
    if (this.#ac !== undefined && t !== '') this.#keywordCandidates(this.#ac, t, out);
    for (const group of this.#regexGroups) {
      if (group.set === undefined) {
        for (const { rank, re } of group.members) {
          const m = re.exec(t);
          if (m !== null) out.push({ rank, match: m });
        }
        continue;
      }
      for (const i of group.set.matching(t)) {
        const member = group.members[i];
        const m = member?.re.exec(t) ?? null;
        if (member !== undefined && m !== null) out.push({ rank: member.rank, match: m });
      }
    }
    for (const rank of this.#anyRanks) out.push({ rank, match: undefined });
    if (out.length > 1) out.sort((a, b) => a.rank - b.rank);
    return out;
  }

  #keywordCandidates(ac: KeywordAutomaton, t: string, out: Candidate[]): void {
    const hits = ac.scan(this.#folded ? fold(t) : t);
    if (hits === 0) return;
    const stamp = this.#nextStamp();
    const seen = this.#seen;
    const { start, rank, mode, word } = this.#entries;
    const len = t.length;
    for (let h = 0; h < hits; h++) {
      const k = ac.hitKeyword[h] ?? 0;
      const end = ac.hitEnd[h] ?? 0;
      const begin = end - (ac.lengths[k] ?? 0);
      const last = start[k + 1] ?? 0;
      for (let e = start[k] ?? 0; e < last; e++) {
        const r = rank[e] ?? 0;
        if (seen[r] === stamp) continue;
        const m = mode[e];
        if (m === EQUALS && (begin !== 0 || end !== len)) continue;
        if (m === STARTS && begin !== 0) continue;
        const w = word[e];
        if (w !== undefined && !t.startsWith(w, begin)) continue;
        seen[r] = stamp;
        out.push({ rank: r, match: undefined });
      }
    }
  }

  #nextStamp(): number {
    this.#stamp += 1;
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#stamp = 1;
    }
    return this.#stamp;
  }
}
