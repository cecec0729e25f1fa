/** Keys whose numeric values are uint64 ids that `JSON.parse` would round (protocol.md §2.3). */
const ID_KEYS: ReadonlySet<string> = new Set(['message_id', 'msg_id', 'svr_id']);

/**
 * Rewrites the bare numbers of `message_id`, `msg_id` and `svr_id` into JSON strings, so that
 * `JSON.parse` keeps every digit of a uint64 id. A real tokenizer (not a regex): text inside strings,
 * escaped quotes and keys elsewhere are left alone.
 *
 * @example
 * quoteIdNumbers('{"message_id":7484409702373212424}') // '{"message_id":"7484409702373212424"}'
 */
export function quoteIdNumbers(json: string): string {
  let out = '';
  let copiedTo = 0;
  let lastString = '';
  let lastStringIsKey = false;
  let i = 0;
  const n = json.length;
  while (i < n) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      i++;
      while (i < n) {
        const d = json.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      lastString = json.slice(start, i);
      i++;
      let j = i;
      while (j < n && isSpace(json.charCodeAt(j))) j++;
      lastStringIsKey = json.charCodeAt(j) === 0x3a; /* : */
      continue;
    }
    if ((c === 0x2d || (c >= 0x30 && c <= 0x39)) && lastStringIsKey && ID_KEYS.has(lastString)) {
      const start = i;
      i++;
      while (i < n && isNumberChar(json.charCodeAt(i))) i++;
      out += `${json.slice(copiedTo, start)}"${json.slice(start, i)}"`;
      copiedTo = i;
      lastStringIsKey = false;
      continue;
    }
    if (c === 0x2c /* , */ || c === 0x7b /* { */ || c === 0x5b /* [ */) lastStringIsKey = false;
    i++;
  }
  return copiedTo === 0 ? json : out + json.slice(copiedTo);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * Parses an iLink JSON body without losing digits of uint64 ids: `message_id`, `msg_id` and `svr_id`
 * come out as strings, whether the server sent numbers or strings. Throws `SyntaxError` on bad JSON.
 */
export function parseIlinkJson(text: string): unknown {
  return JSON.parse(quoteIdNumbers(text));
}
