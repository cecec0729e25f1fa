/**
 * Lower-cases text without changing its length, so that positions found in the folded text
 * are valid in the original. Characters whose lower case has another length (e.g. `İ`) are kept.
 */
export function fold(text: string): string {
  if (isCaseless(text)) return text;
  const lower = text.toLowerCase();
  // Only a few characters change length when lower-cased; the common case keeps positions aligned.
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Code units that no lower-casing changes, alone or in context: ASCII other than `A`–`Z`, CJK
 * symbols, kana, Hangul jamo and syllables, CJK ideographs (U+3000–U+9FFF, U+AC00–U+D7A3) and
 * CJK punctuation forms (U+FE30–U+FE4F, U+FF01–U+FF20). A test checks every one of them.
 */
export function isCaselessUnit(c: number): boolean {
  if (c < 0x80) return c < 0x41 || c > 0x5a;
  return (
    (c >= 0x3000 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff01 && c <= 0xff20)
  );
}

// Chat text is mostly lower-case Latin, digits and CJK: then there is nothing to fold, and
// toLowerCase (slow on strings with CJK) can be skipped.
function isCaseless(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isCaselessUnit(text.charCodeAt(i))) return false;
  return true;
}
