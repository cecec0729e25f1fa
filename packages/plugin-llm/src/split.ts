/** How an answer is cut into messages. */
export interface SplitOptions {
  /** Longest answer, in characters (code points); longer is cut with "…". */
  readonly maxChars: number;
  /** Longest single message, in characters. */
  readonly partChars: number;
  /** Most messages; the last is cut with "…" when the answer needs more. */
  readonly maxParts: number;
}

const ELLIPSIS = '…';

// Where a message may end, best first: a paragraph, a line, a sentence, a clause, a space.
const BREAKS: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[。！？!?.](?=\s|$|[^\d.])/gu, /[；;，,、]/g, /\s/g];

function cut(chars: readonly string[], max: number): string {
  if (chars.length <= max) return chars.join('');
  return (
    chars
      .slice(0, Math.max(0, max - 1))
      .join('')
      .trimEnd() + ELLIPSIS
  );
}

/** The best place (a code point index) to end a message of at most `max` characters. */
function breakAt(chars: readonly string[], max: number): number {
  const window = chars.slice(0, max + 1).join('');
  for (const re of BREAKS) {
    let best = -1;
    re.lastIndex = 0;
    for (let m = re.exec(window); m !== null; m = re.exec(window)) {
      const end = Array.from(window.slice(0, m.index + m[0].length)).length;
      if (end <= max && end >= max / 3) best = end;
    }
    if (best > 0) return best;
  }
  return max;
}

/**
 * Cuts an answer into chat messages: the whole answer at most `maxChars`, each message at most
 * `partChars`, broken at a paragraph, line, sentence or clause end where possible (CJK
 * punctuation included), and never more than `maxParts` messages. Characters are code points,
 * so an emoji or a Chinese character is never split.
 *
 * @example
 * splitAnswer('第一段。\n\n第二段。', { maxChars: 2000, partChars: 5, maxParts: 3 }); // ['第一段。', '第二段。']
 */
export function splitAnswer(text: string, options: SplitOptions): string[] {
  const partChars = Math.max(1, options.partChars);
  const maxParts = Math.max(1, options.maxParts);
  let rest = Array.from(cut(Array.from(text.trim()), options.maxChars));
  const parts: string[] = [];
  while (rest.length > 0) {
    if (parts.length === maxParts - 1 || rest.length <= partChars) {
      parts.push(cut(rest, partChars));
      break;
    }
    const at = breakAt(rest, partChars);
    const piece = rest.slice(0, at).join('').trim();
    if (piece !== '') parts.push(piece);
    rest = Array.from(rest.slice(at).join('').trimStart());
  }
  return parts.filter((p) => p !== '');
}
