import type { AesKeyEncoding } from './crypto.js';

/** `MessageItemType` numbers (protocol.md §6.2) and the names the simulator records them under. */
export const ITEM_KINDS = {
  0: 'none',
  1: 'text',
  2: 'image',
  3: 'voice',
  4: 'file',
  5: 'video',
  11: 'tool_call_start',
  12: 'tool_call_result',
} as const satisfies Record<number, string>;

/** The kind of a sent item. */
export type IlinkItemKind = (typeof ITEM_KINDS)[keyof typeof ITEM_KINDS] | 'unknown';

/** What became of one `sendmessage` call. */
export type IlinkSendOutcome = 'delivered' | 'dropped' | 'refused' | 'rate-limited' | 'invalid';

/** The media of a sent item, decrypted from the CDN. */
export interface IlinkSentMedia {
  /** The decrypted bytes (what the user's phone shows). */
  bytes: Buffer;
  encryptQueryParam: string;
  /** How `aes_key` was written: the official client writes `base64-hex`. */
  keyEncoding: AesKeyEncoding;
  fileName: string | undefined;
}

/** One `sendmessage` call as the simulator recorded it. */
export interface IlinkSentMessage {
  /** Position in {@link IlinkSimulator.sendLog} (every call, in order). */
  index: number;
  botId: string;
  /** `to_user_id` exactly as sent. */
  toUserId: string;
  /** Name of the scripted user it went to, when known. */
  user: string | undefined;
  clientId: string | undefined;
  contextToken: string | undefined;
  runId: string | undefined;
  messageState: number | undefined;
  itemType: number | undefined;
  kind: IlinkItemKind;
  /** Text of a TEXT item. */
  text: string | undefined;
  media: IlinkSentMedia | undefined;
  /** Why the media could not be read (wrong key, unknown param…). */
  mediaError: string | undefined;
  /** The item as the bot sent it. */
  item: unknown;
  /** Server id given to the message (also when the answer did not carry it). */
  messageId: bigint;
  timeMs: number;
  outcome: IlinkSendOutcome;
  /** Why it was refused or dropped (`window closed`, `quota used up`, `no context_token`…). */
  reason: string | undefined;
}

/** A typing change the bot sent. */
export interface IlinkTypingEvent {
  botId: string;
  userId: string;
  status: number;
  timeMs: number;
}
