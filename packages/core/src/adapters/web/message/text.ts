import { decodeHTMLStrict, decodeXML } from 'entities';
import { decodeEmoji } from '../contacts/emoji.js';

export { decodeEmoji };

const BR = /<br\s?\/?>/g;

/** `<br/>` (as the server writes newlines) → `\n`. */
export function brToNewline(text: string): string {
  return text.includes('<br') ? text.replace(BR, '\n') : text;
}

/**
 * Cleans a text `Content` the way the official client does, in this order: emoji spans → Unicode,
 * `<br/>` → newline, HTML entities decoded. Built-in faces such as `[微笑]` stay as written.
 *
 * @example
 * cleanText('a &lt; b<br/>ok <span class="emoji emoji1f604"></span>[微笑]'); // 'a < b\nok 😄[微笑]'
 */
export function cleanText(content: string): string {
  const withEmoji = decodeEmoji(content);
  const withNewlines = brToNewline(withEmoji);
  return withNewlines.includes('&') ? decodeHTMLStrict(withNewlines) : withNewlines;
}

/** Decodes the five XML entities and numeric references, nothing else (no expansion). */
export function decodeXmlText(value: string): string {
  return value.includes('&') ? decodeXML(value) : value;
}
