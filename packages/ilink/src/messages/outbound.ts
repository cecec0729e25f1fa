import { randomBytes } from 'node:crypto';
import {
  type MessageItem,
  MessageItemType,
  MessageState,
  MessageType,
  type WeixinMessage,
} from '../protocol/types.js';

/** A new `client_id`, unique per request: `wxbot:<ms>-<8 hex>`. */
export function newClientId(now: number = Date.now()): string {
  return `wxbot:${now}-${randomBytes(4).toString('hex')}`;
}

/** A text item. */
export function textItem(text: string): MessageItem {
  return { type: MessageItemType.TEXT, text_item: { text } };
}

/**
 * The `msg` of a `sendmessage` request: one item, bot-to-user, finished, with the user's latest
 * context token (omitted when unknown: such sends are usually dropped, §8.4).
 *
 * @example
 * await api.sendMessage(outboundMessage(user, textItem('hi'), token));
 */
export function outboundMessage(
  toUserId: string,
  item: MessageItem,
  contextToken: string | undefined,
  clientId = newClientId(),
): WeixinMessage {
  return {
    from_user_id: '',
    to_user_id: toUserId,
    client_id: clientId,
    message_type: MessageType.BOT,
    message_state: MessageState.FINISH,
    item_list: [item],
    ...(contextToken ? { context_token: contextToken } : {}),
  };
}

/** Options of {@link splitText}. */
export interface SplitTextOptions {
  /** Longest part in characters (code points) (default 2000, what is safe on iLink). */
  readonly maxChars?: number | undefined;
  /** Most parts (e.g. the quota left); the last part is cut with `…` when the text needs more. */
  readonly maxParts?: number | undefined;
}

/**
 * Splits a long text into parts for separate messages, preferring paragraph, line and sentence
 * breaks, never splitting a surrogate pair. With `maxParts`, the text is cut so that it fits.
 *
 * @example
 * splitText(longAnswer, { maxChars: 2000, maxParts: verdict.left + 1 })
 */
export function splitText(text: string, options: SplitTextOptions = {}): string[] {
  const max = Math.max(1, options.maxChars ?? 2000);
  const maxParts = Math.max(1, options.maxParts ?? Number.POSITIVE_INFINITY);
  const chars = Array.from(text);
  const parts: string[] = [];
  let pos = 0;
  while (pos < chars.length) {
    if (parts.length === maxParts - 1 && chars.length - pos > max) {
      parts.push(`${chars.slice(pos, pos + max - 1).join('')}…`);
      return parts;
    }
    if (chars.length - pos <= max) {
      parts.push(chars.slice(pos).join(''));
      break;
    }
    const window = chars.slice(pos, pos + max);
    let cut = max;
    for (const sep of ['\n\n', '\n', '。', '. ', '！', '？', '! ', '? ', ' ']) {
      const joined = window.join('');
      const at = joined.lastIndexOf(sep);
      if (at > 0) {
        const candidate = Array.from(joined.slice(0, at + sep.length)).length;
        if (candidate >= max / 2) {
          cut = candidate;
          break;
        }
      }
    }
    parts.push(chars.slice(pos, pos + cut).join(''));
    pos += cut;
  }
  return parts.length > 0 ? parts : [''];
}
