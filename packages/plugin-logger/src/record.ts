import type { Message, OutgoingMessage, SendReceipt } from '@wxbot/core';
import { scrubSecrets } from './secrets.js';
import { summarize } from './summary.js';

/** One logged message, incoming or outgoing: what the log line and the archive line hold. */
export interface MessageRecord {
  /** ISO time of the message (server time for incoming, send time for outgoing). */
  readonly time: string;
  readonly direction: 'in' | 'out';
  /** Stable id and display name of the conversation. */
  readonly chat: { readonly id: string; readonly name: string };
  readonly chatKind: 'private' | 'group';
  /** Who wrote it (the bot itself for its own sends; '' when unknown). */
  readonly sender: { readonly id: string; readonly name: string };
  /** Message kind (`text`, `image`, …). */
  readonly kind: string;
  /** The text, or a one-line summary of anything else. */
  readonly text: string;
  /** Server MsgId ('' for a send that failed). */
  readonly msgId: string;
  /** ClientMsgId of an outgoing message. */
  readonly clientMsgId?: string;
  /** Outgoing only: `sent`, or `failed` (then `error` says why). */
  readonly status?: 'sent' | 'failed';
  /** Why a send failed (secrets scrubbed). */
  readonly error?: string;
}

/** Build the record of an incoming (or synced-from-phone) message. */
export function incomingRecord(message: Message): MessageRecord {
  return {
    time: new Date(message.time).toISOString(),
    direction: message.self ? 'out' : 'in',
    chat: { id: message.chat.id, name: message.chat.name },
    chatKind: message.isGroup ? 'group' : 'private',
    sender: { id: message.sender.id, name: message.sender.name },
    kind: message.kind,
    text: summarize(message),
    msgId: message.id,
  };
}

/** What the logger knows about the target of an outgoing message. */
export interface OutgoingTarget {
  readonly id: string;
  readonly name: string;
  readonly isGroup: boolean;
}

/** Who the bot is, for the sender of outgoing records. */
export interface Sender {
  readonly id: string;
  readonly name: string;
}

function outgoingText(message: OutgoingMessage): string {
  if (message.kind === 'text') return message.text;
  if ('md5' in message) return `[emoticon ${message.md5}]`;
  const name = 'path' in message.media ? (message.media.name ?? message.media.path) : message.media.name;
  return `[${message.kind} ${name}]`;
}

// The fields every outgoing record shares, sent or failed.
function outgoingBase(message: OutgoingMessage, target: OutgoingTarget, now: Date, self: Sender) {
  return {
    time: now.toISOString(),
    direction: 'out' as const,
    chat: { id: target.id, name: target.name },
    chatKind: target.isGroup ? ('group' as const) : ('private' as const),
    sender: { id: self.id, name: self.name },
    kind: message.kind,
    text: outgoingText(message),
  };
}

/** Build the record of a message the bot sent. */
export function outgoingRecord(
  message: OutgoingMessage,
  receipt: SendReceipt,
  target: OutgoingTarget,
  now: Date,
  self: Sender = { id: '', name: '' },
): MessageRecord {
  return {
    ...outgoingBase(message, target, now, self),
    msgId: receipt.msgId,
    clientMsgId: receipt.clientMsgId,
    status: 'sent',
  };
}

/** Build the record of a message the outbox gave up on. */
export function failedRecord(
  message: OutgoingMessage,
  error: Error,
  target: OutgoingTarget,
  now: Date,
  self: Sender = { id: '', name: '' },
): MessageRecord {
  return {
    ...outgoingBase(message, target, now, self),
    msgId: '',
    status: 'failed',
    error: scrubSecrets(error.message),
  };
}
