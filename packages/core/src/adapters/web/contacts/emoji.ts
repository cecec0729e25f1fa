/**
 * Emoji span decoding (protocol.md §6.2). It lives in `contacts/` because names need it as much as
 * message texts do, and `contacts` is the lower layer (`message/` imports from here, never the reverse).
 */

// Single code points the server maps to the wrong picture; every client fixes them the same way.
const WRONG_MAPPINGS: Readonly<Record<string, string>> = {
  '1f63c': '1f601',
  '1f639': '1f602',
  '1f63a': '1f603',
  '1f4ab': '1f616',
  '1f64d': '1f614',
  '1f63b': '1f60d',
  '1f63d': '1f618',
  '1f64e': '1f621',
  '1f63f': '1f622',
};

// `</span` without `>` is a known server bug, hence the optional `>`. Bounded hex run: linear time.
const EMOJI_SPAN = /<span class=["']emoji emoji([0-9a-fA-F]{1,20})["']><\/span>?/g;

/** Splits a concatenated hex run (`1f1e81f1f3`) into code points; undefined when it is not one. */
function hexToCodePoints(hex: string): number[] | undefined {
  const points: number[] = [];
  let i = 0;
  while (i < hex.length) {
    const rest = hex.length - i;
    // Supplementary-plane emoji are 5 hex digits and start with '1'; BMP ones are 4.
    const width = rest >= 5 && hex[i] === '1' && rest !== 8 ? 5 : 4;
    if (rest < 4) return undefined;
    const cp = Number.parseInt(hex.slice(i, i + width), 16);
    if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0) return undefined;
    points.push(cp);
    i += width;
  }
  return points.length > 0 ? points : undefined;
}

/**
 * Turns the server's emoji markup into Unicode: `<span class="emoji emoji1f604"></span>` → 😄.
 * Fixes the server's known wrong mappings, multi-code-point spans (flags, keycaps) and the broken
 * `</span` without `>`. A span that is not valid hex is removed.
 *
 * @example
 * decodeEmoji('hi<span class="emoji emoji1f44d"></span>'); // 'hi👍'
 */
export function decodeEmoji(text: string): string {
  if (!text.includes('<span')) return text;
  return text.replace(EMOJI_SPAN, (_match, rawHex: string) => {
    const lower = rawHex.toLowerCase();
    const hex = WRONG_MAPPINGS[lower] ?? lower;
    const points = hexToCodePoints(hex);
    return points ? String.fromCodePoint(...points) : '';
  });
}
