import type { Message, Peer } from '@wxbot/core';
import type { IlinkContentItem, IlinkItem, IlinkMessage } from '../messages/types.js';

/** Display names known for iLink user ids (iLink sends none; a config or a plugin may set them). */
export type NameOf = (userId: string) => string;

const NO_MENTIONS = { mentions: [] as readonly string[], isMentioned: false, mentionsAll: false };

function peer(userId: string, name: string, self: boolean): Peer {
  return { userName: userId, id: userId, name, kind: self ? 'self' : 'friend' };
}

/** The text a quoted item stands for (its words, or a short label for media). */
function quotedTextOf(item: IlinkContentItem | undefined, title: string | undefined): string {
  if (item?.kind === 'text') return item.text;
  if (item?.kind === 'voice' && item.transcript) return item.transcript;
  if (title) return title;
  if (item?.kind === 'file') return `[file] ${item.fileName}`;
  return item && item.kind !== 'unknown' ? `[${item.kind}]` : '';
}

/**
 * Maps a normalized iLink message to the shared {@link Message} union. iLink is DM-only: the chat is
 * always the other person (`chat` = `sender`, `isGroup` false). A voice note with the server's
 * transcript becomes a text message (its words are what handlers match; the audio stays downloadable
 * through `raw`), a voice note without one a voice message. `raw` is the wire `WeixinMessage`.
 *
 * @example
 * const message = toMessage(normalizeMessage(raw, { botId }), botId, () => '');
 */
export function toMessage(
  msg: IlinkMessage,
  botId: string | undefined,
  nameOf: NameOf,
  now: number,
): Message {
  const self = msg.fromBot;
  // The chat is the user: for the bot's own echoes that is the recipient.
  const user = self ? (msg.to && msg.to !== botId ? msg.to : msg.from) : msg.from;
  const chat = peer(user, nameOf(user), false);
  const sender = self ? peer(botId ?? msg.from, 'self', true) : chat;
  const base = { id: msg.id, time: msg.createdAtMs ?? now, chat, sender, self, isGroup: false, raw: msg.raw };
  const item: IlinkItem | undefined = msg.items[0];
  if (!item) return { kind: 'unknown', reason: 'message without items', ...base };
  switch (item.kind) {
    case 'text':
      return { kind: 'text', text: item.text.trim(), fullText: item.text, ...NO_MENTIONS, ...base };
    case 'image':
      return {
        kind: 'image',
        width: item.thumbWidth ?? 0,
        height: item.thumbHeight ?? 0,
        size: item.cipherSize ?? 0,
        md5: '',
        ...base,
      };
    case 'voice':
      if (item.transcript)
        return {
          kind: 'text',
          text: item.transcript.trim(),
          fullText: item.transcript,
          ...NO_MENTIONS,
          ...base,
        };
      return { kind: 'voice', durationMs: item.durationMs ?? 0, ...base };
    case 'file': {
      const dot = item.fileName.lastIndexOf('.');
      return {
        kind: 'file',
        name: item.fileName,
        size: item.size ?? 0,
        mediaId: item.itemId ?? '',
        ext: dot > 0 ? item.fileName.slice(dot + 1).toLowerCase() : '',
        ...base,
      };
    }
    case 'video':
      return {
        kind: 'video',
        durationSec: item.playLength ?? 0,
        thumbWidth: 0,
        thumbHeight: 0,
        size: item.cipherSize ?? 0,
        micro: false,
        ...base,
      };
    case 'quote':
      return {
        kind: 'quote',
        quotedName: '',
        quotedText: quotedTextOf(item.quoted.item, item.quoted.title),
        text: item.text.trim(),
        ...NO_MENTIONS,
        ...base,
      };
    case 'unknown':
      return { kind: 'unknown', reason: `iLink: ${item.reason}`, ...base };
  }
}
