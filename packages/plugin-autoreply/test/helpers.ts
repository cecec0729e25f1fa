import type { AutoreplyInput } from '../src/engine/types.js';

/** A private text from `from` (id = name). */
export function dm(text: string, from = 'Alice', extra: Partial<AutoreplyInput> = {}): AutoreplyInput {
  return {
    kind: 'text',
    text,
    chat: { kind: 'private', id: from, name: from },
    sender: { id: from, name: from },
    ...extra,
  };
}

/** A group text in `group` from `from`; `mentioned` says whether the bot was @-mentioned. */
export function inGroup(
  text: string,
  group = 'Hikers',
  from = 'Bob',
  mentioned = true,
  extra: Partial<AutoreplyInput> = {},
): AutoreplyInput {
  return {
    kind: 'text',
    text,
    chat: { kind: 'group', id: `id-${group}`, name: group },
    sender: { id: `id-${from}`, name: from },
    isMentioned: mentioned,
    ...extra,
  };
}

/** A deterministic RNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clock tests move by hand. */
export function fakeClock(start = Date.UTC(2025, 0, 6, 10, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Texts of the replies of a decision. */
export function texts(d: { replies: readonly { text?: string | undefined }[] }): (string | undefined)[] {
  return d.replies.map((r) => r.text);
}
