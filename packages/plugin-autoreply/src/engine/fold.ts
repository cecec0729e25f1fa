/**
 * Lower-cases text without changing its length, so that positions found in the folded text
 * are valid in the original. Characters whose lower case has another length (e.g. `İ`) are kept.
 */
export function fold(text: string): string {
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
