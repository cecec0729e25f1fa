import type { Message, MessageKind, OutgoingMessage } from '@wxbot/core';

/** A message as the Chats page shows it: kind, a text summary, and a media link when it has one. */
export interface MessageView {
  readonly id: string;
  readonly time: number;
  /** The chat's address (what a send from the page goes to). */
  readonly chat: string;
  /** Who wrote it ('' for the bot's own messages). */
  readonly from: string;
  readonly self: boolean;
  readonly kind: string;
  /** What it says, or a one-line description of non-text kinds. */
  readonly text: string;
  /** `/api/media/<id>` for images the page can show. */
  readonly image?: string;
  /** Failed to send (outgoing only). */
  readonly failed?: string;
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

// One line for every kind: the table is exhaustive, so a new kind fails to compile until described.
const DESCRIBE = {
  text: (m) => m.fullText,
  image: (m) => `[image ${m.width}×${m.height}]`,
  voice: (m) => `[voice ${Math.round(m.durationMs / 1000)} s]`,
  video: (m) => `[video ${m.durationSec} s, ${size(m.size)}]`,
  emoticon: () => '[sticker]',
  card: (m) => `[contact card: ${m.nickName}]`,
  link: (m) => `[link] ${m.title} ${m.url}`.trim(),
  file: (m) => `[file ${m.name}, ${size(m.size)}]`,
  location: (m) => `[location] ${m.poiName || m.label}`,
  miniProgram: (m) => `[mini program] ${m.title}`,
  transfer: (m) => `[transfer ${m.amount}] ${m.memo}`.trim(),
  redPacket: (m) => `[red packet] ${m.text}`.trim(),
  chatHistory: (m) => `[chat history] ${m.title}`,
  music: (m) => `[music] ${m.title}`,
  article: (m) => `[articles] ${m.articles.map((a) => a.title).join(' · ')}`,
  quote: (m) => `「${m.quotedName}: ${m.quotedText}」 ${m.text}`,
  friendRequest: (m) => `[friend request from ${m.nickName}] ${m.greeting}`,
  system: (m) => m.text,
  recall: (m) => m.replaceText || '[recalled a message]',
  statusNotify: () => '[status]',
  unknown: (m) => `[not understood: ${m.reason}]`,
} as const satisfies { [K in MessageKind]: (m: Extract<Message, { kind: K }>) => string };

const MAX_TEXT = 4000;

/** The page's view of an inbound (or phone-sent) message. No raw fields, no secrets. */
export function viewOfMessage(message: Message): MessageView {
  const describe = DESCRIBE[message.kind] as (m: Message) => string;
  const text = describe(message);
  return {
    id: message.id,
    time: message.time,
    chat: message.chat.userName,
    from: message.self ? '' : message.sender.name || message.sender.id,
    self: message.self,
    kind: message.kind,
    text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
    ...(message.kind === 'image' ? { image: `/api/media/${encodeURIComponent(message.id)}` } : {}),
  };
}

/** The page's view of something the bot sent through the outbox. */
export function viewOfOutgoing(
  message: OutgoingMessage,
  id: string,
  time: number,
  failed?: string,
): MessageView {
  const text =
    message.kind === 'text'
      ? message.text
      : 'media' in message
        ? `[${message.kind}${'name' in message.media && message.media.name ? ` ${message.media.name}` : ''}]`
        : `[${message.kind}]`;
  return {
    id,
    time,
    chat: message.to,
    from: '',
    self: true,
    kind: message.kind,
    text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
    ...(failed !== undefined ? { failed } : {}),
  };
}
