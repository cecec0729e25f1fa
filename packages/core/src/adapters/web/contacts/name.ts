import { decodeHTMLStrict } from 'entities';
import { decodeEmoji } from './emoji.js';

/**
 * Cleans a name field of a contact record (`NickName`, `RemarkName`, `DisplayName`, `Signature`):
 * the server writes them like message text, with emoji spans and `<`, `>`, `&` as HTML entities
 * (a friend called `Tom & Jerry` arrives as `Tom &amp; Jerry`).
 *
 * @example
 * decodeName('R&amp;D &lt;core&gt; <span class="emoji emoji1f680"></span>'); // 'R&D <core> 🚀'
 */
export function decodeName(text: string): string {
  const withEmoji = decodeEmoji(text);
  return withEmoji.includes('&') ? decodeHTMLStrict(withEmoji) : withEmoji;
}
