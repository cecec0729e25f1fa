import { KeywordAutomaton } from './keyword-automaton.js';

/** How a keyword rule compares its keyword with the text. */
export type KeywordMode = 'contains' | 'equals' | 'startsWith';

const MODE = { contains: 0, equals: 1, startsWith: 2 } as const satisfies Record<KeywordMode, number>;

/**
 * Keyword rules (by rank) and their keywords, compiled into one {@link KeywordAutomaton}: one
 * pass over a text finds every rule whose keyword occurs as its mode asks. The text is compared
 * as given: callers fold both keywords and text for case-insensitive rules.
 *
 * @example
 * const table = new KeywordTable([{ rank: 0, mode: 'contains', word: 'hi' }]);
 * const ranks: number[] = [];
 * table.collect('oh hi', new Uint32Array(1), 1, ranks); // ranks = [0]
 */
export class KeywordTable {
  readonly #ac: KeywordAutomaton;
  // Rules per distinct keyword: keyword k owns entries start[k] … start[k + 1] - 1.
  readonly #start: Int32Array;
  readonly #rank: Int32Array;
  readonly #mode: Uint8Array;

  /** `entries`: one per (rule, keyword); keywords non-empty. */
  constructor(entries: readonly { rank: number; mode: KeywordMode; word: string }[]) {
    const byWord = new Map<string, { rank: number; mode: number }[]>();
    for (const e of entries) {
      const list = byWord.get(e.word);
      const entry = { rank: e.rank, mode: MODE[e.mode] };
      if (list === undefined) byWord.set(e.word, [entry]);
      else list.push(entry);
    }
    this.#start = new Int32Array(byWord.size + 1);
    this.#rank = new Int32Array(entries.length);
    this.#mode = new Uint8Array(entries.length);
    let at = 0;
    let k = 0;
    for (const list of byWord.values()) {
      this.#start[k++] = at;
      for (const e of list) {
        this.#rank[at] = e.rank;
        this.#mode[at] = e.mode;
        at++;
      }
    }
    this.#start[k] = at;
    this.#ac = new KeywordAutomaton([...byWord.keys()]);
  }

  /**
   * Appends to `into` the rank of every rule whose keyword matches `text`, once, skipping ranks
   * where `seen[rank] === stamp` and marking those it appends.
   */
  collect(text: string, seen: Uint32Array, stamp: number, into: number[]): void {
    const ac = this.#ac;
    const hits = ac.scan(text);
    const start = this.#start;
    const len = text.length;
    for (let h = 0; h < hits; h++) {
      const k = ac.hitKeyword[h] ?? 0;
      const end = ac.hitEnd[h] ?? 0;
      const begin = end - (ac.lengths[k] ?? 0);
      const last = start[k + 1] ?? 0;
      for (let e = start[k] ?? 0; e < last; e++) {
        const rank = this.#rank[e] ?? 0;
        if (seen[rank] === stamp) continue;
        const mode = this.#mode[e];
        if (mode === MODE.equals && (begin !== 0 || end !== len)) continue;
        if (mode === MODE.startsWith && begin !== 0) continue;
        seen[rank] = stamp;
        into.push(rank);
      }
    }
  }
}
