/** Options of {@link escapeContent} / {@link emojiToSpans}. */
export interface EscapeOptions {
  /**
   * Reproduce the server's known emoji mis-mappings (😁 sent as `1f63c`, 😂 as `1f639`, …; clients
   * map them back, protocol.md §6.2). Default `true`.
   */
  serverEmojiQuirks?: boolean;
  /** Reproduce the rare truncated span `<span class="emoji emoji1f450"></span` (no `>`). Default `false`. */
  truncatedSpanBug?: boolean;
}

// The server writes these code points under a wrong neighbour; clients undo it (ItChat, OFF).
const SERVER_MISMAP: Readonly<Record<string, string>> = {
  '1f601': '1f63c',
  '1f602': '1f639',
  '1f603': '1f63a',
  '1f616': '1f4ab',
  '1f614': '1f64d',
  '1f60d': '1f63b',
  '1f618': '1f63d',
  '1f621': '1f64e',
  '1f622': '1f63f',
};

const VS16 = 0xfe0f;
const ZWJ = 0x200d;
const KEYCAP = 0x20e3;
const PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

const isRegional = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff;
const isModifier = (cp: number): boolean => cp >= 0x1f3fb && cp <= 0x1f3ff;
const isKeycapBase = (cp: number): boolean => (cp >= 0x30 && cp <= 0x39) || cp === 0x23 || cp === 0x2a;
const hex = (cp: number): string => cp.toString(16).padStart(4, '0');

function span(code: string, opts: EscapeOptions): string {
  const mapped = opts.serverEmojiQuirks === false ? code : (SERVER_MISMAP[code] ?? code);
  const close = opts.truncatedSpanBug && mapped === '1f450' ? '</span' : '</span>';
  return `<span class="emoji emoji${mapped}">${close}`;
}

/**
 * Replace emoji by the server's `<span class="emoji emoji{hex}"></span>` markup, leaving all other
 * text untouched. One span per emoji: lower-case hex code points concatenated (each padded to 4
 * digits), so flags give 10 hex digits (`1f1e81f1f3`), keycaps 8 (`003120e3`), a skin-toned emoji the
 * base + modifier. VS16 (U+FE0F) is dropped; ZWJ sequences become one span per component (the web
 * server predates them). A pictograph counts as emoji when it has emoji presentation by default or is
 * followed by VS16 (so `©` and `☀` stay text, `☀️` becomes `emoji2600`).
 *
 * @example
 * emojiToSpans('ok 😄'); // 'ok <span class="emoji emoji1f604"></span>'
 */
export function emojiToSpans(text: string, opts: EscapeOptions = {}): string {
  const cps = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
  let out = '';
  let i = 0;
  while (i < cps.length) {
    const cp = cps[i] ?? 0;
    const next = cps[i + 1];
    if (isRegional(cp) && next !== undefined && isRegional(next)) {
      out += span(hex(cp) + hex(next), opts);
      i += 2;
      continue;
    }
    if (isKeycapBase(cp)) {
      const skip = next === VS16 ? 1 : 0;
      if (cps[i + 1 + skip] === KEYCAP) {
        out += span(hex(cp) + hex(KEYCAP), opts);
        i += 2 + skip;
        continue;
      }
      out += String.fromCodePoint(cp);
      i += 1;
      continue;
    }
    const ch = String.fromCodePoint(cp);
    const emoji = PRESENTATION.test(ch) || isModifier(cp) || (PICTOGRAPHIC.test(ch) && next === VS16);
    if (!emoji) {
      out += ch;
      i += 1;
      continue;
    }
    let code = hex(cp);
    i += 1;
    if (cps[i] === VS16) i += 1;
    const mod = cps[i];
    if (mod !== undefined && isModifier(mod) && !isModifier(cp)) {
      code += hex(mod);
      i += 1;
    }
    out += span(code, opts);
    // A ZWJ joining two emoji disappears; the next component gets its own span.
    if (cps[i] === ZWJ && i + 1 < cps.length) i += 1;
  }
  return out;
}

/** `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`; quotes untouched (the server does not escape them). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Line breaks (`\r\n`, `\n`, `\r`) → `<br/>`. Tabs stay literal. */
export function breakLines(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '<br/>');
}

/**
 * Encode user text the way the server writes it into `Content` (protocol.md §6.2): HTML-escape
 * `& < >` (not quotes), newlines to `<br/>`, tabs literal, emoji to spans. Built-in faces such as
 * `[微笑]` need nothing.
 *
 * @example
 * escapeContent('a < b && c\n第二行 😄'); // 'a &lt; b &amp;&amp; c<br/>第二行 <span class="emoji emoji1f604"></span>'
 */
export function escapeContent(text: string, opts: EscapeOptions = {}): string {
  return emojiToSpans(breakLines(escapeHtml(text)), opts);
}

/**
 * Encode an XML payload for `Content` (§6.2): HTML-escape it as a whole (so `&amp;` inside the XML
 * becomes `&amp;amp;`, `&quot;` becomes `&amp;quot;`), keep its pretty-printing with line breaks as
 * `<br/>` and tabs literal. Emoji are left as characters.
 *
 * @example
 * escapeXmlPayload('<msg>\n\t<img a="1" />\n</msg>\n'); // '&lt;msg&gt;<br/>\t&lt;img a="1" /&gt;<br/>&lt;/msg&gt;<br/>'
 */
export function escapeXmlPayload(xml: string): string {
  return breakLines(escapeHtml(xml));
}

/**
 * Escape a value for an XML attribute or element text inside a payload, before
 * {@link escapeXmlPayload}: `& < > "` become entities.
 */
export function xmlText(value: string | number): string {
  return escapeHtml(String(value)).replace(/"/g, '&quot;');
}

/** `<![CDATA[…]]>` (a `]]>` inside is split the standard way). */
export function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * A mention as the phone apps write it: `@` + name + U+2005 (FOUR-PER-EM SPACE).
 *
 * @example
 * { kind: 'text', text: `${mentionText('测试机器人')}帮我查一下` }
 */
export function mentionText(name: string): string {
  return `@${name}\u2005`;
}
