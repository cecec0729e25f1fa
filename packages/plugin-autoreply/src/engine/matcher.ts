import { fold } from './fold.js';
import { type KeywordMode, KeywordTable } from './keyword-table.js';
import { type RegexMatch, type SafeRegex, type SafeRegexSet, safeRegexSet } from './regex.js';
import type { CompiledRule } from './types.js';

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

// Case-insensitive keyword rules are matched on the folded text with folded keywords; the
// others on the text as written (folding both would miss a case-sensitive keyword whose folded
// form depends on its neighbours, like a final Σ).
function keywordTables(ranked: readonly CompiledRule[]): {
  exact: KeywordTable | undefined;
  folded: KeywordTable | undefined;
} {
  const exact: { rank: number; mode: KeywordMode; word: string }[] = [];
  const folded: typeof exact = [];
  ranked.forEach((rule, rank) => {
    const m = rule.match;
    if (m.type === 'regex' || m.type === 'any') return;
    for (const word of m.words) {
      if (rule.ignoreCase) folded.push({ rank, mode: m.type, word: fold(word) });
      else exact.push({ rank, mode: m.type, word });
    }
  });
  return {
    exact: exact.length === 0 ? undefined : new KeywordTable(exact),
    folded: folded.length === 0 ? undefined : new KeywordTable(folded),
  };
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
 * (two when case-sensitive and case-insensitive keyword rules are mixed: see {@link KeywordTable});
 * regex rules (RE2, linear time) with the same flags are matched
 * together by one RE2 set, and only those that match run again for their groups; `any` rules
 * always match. Results come in rank order.
 */
export class RuleMatcher {
  readonly #exact: KeywordTable | undefined;
  readonly #folded: KeywordTable | undefined;
  readonly #regexGroups: readonly RegexGroup[];
  readonly #anyRanks: number[] = [];
  readonly #seen: Uint32Array;
  #stamp = 0;
  readonly #ranks: number[] = [];

  /** `ranked`: rules in evaluation order; their positions are the ranks reported. */
  constructor(ranked: readonly CompiledRule[]) {
    this.#seen = new Uint32Array(ranked.length);
    const regexRanks: number[] = [];
    ranked.forEach((rule, rank) => {
      if (rule.match.type === 'regex') regexRanks.push(rank);
      else if (rule.match.type === 'any') this.#anyRanks.push(rank);
    });
    const tables = keywordTables(ranked);
    this.#exact = tables.exact;
    this.#folded = tables.folded;
    this.#regexGroups = groupRegexes(ranked, regexRanks);
  }

  /** Rules whose `match` accepts `text` (trimmed first), in rank order. */
  candidates(text: string): Candidate[] {
    const t = text.trim();
    const out: Candidate[] = [];
    if (t !== '' && (this.#exact !== undefined || this.#folded !== undefined)) {
      const ranks = this.#ranks;
      ranks.length = 0;
      const stamp = this.#nextStamp();
      this.#exact?.collect(t, this.#seen, stamp, ranks);
      this.#folded?.collect(fold(t), this.#seen, stamp, ranks);
      for (const rank of ranks) out.push({ rank, match: undefined });
    }
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

  #nextStamp(): number {
    this.#stamp += 1;
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#stamp = 1;
    }
    return this.#stamp;
  }
}
