import type { MediaRef } from '../media/download.js';
import type { MessageItem, WeixinMessage } from '../protocol/types.js';

/** Fields every normalized item has. */
interface ItemBase {
  /** The item's `msg_id` (`v1:<uint64>`), when sent. */
  readonly itemId: string | undefined;
  /** The wire item, as an escape hatch. */
  readonly raw: MessageItem;
}

/** A text item. */
export interface IlinkTextItem extends ItemBase {
  readonly kind: 'text';
  readonly text: string;
}

/** An image; `media` downloads the original, `thumb` the thumbnail. */
export interface IlinkImageItem extends ItemBase {
  readonly kind: 'image';
  readonly media: MediaRef;
  readonly thumb: MediaRef | undefined;
  /** Ciphertext bytes of the original (`mid_size`), when sent. */
  readonly cipherSize: number | undefined;
  readonly thumbWidth: number | undefined;
  readonly thumbHeight: number | undefined;
}

/** A voice note: the server's transcript (may be wrong outside Chinese) and the SILK audio. */
export interface IlinkVoiceItem extends ItemBase {
  readonly kind: 'voice';
  readonly transcript: string | undefined;
  readonly durationMs: number | undefined;
  /** 6 = SILK (the usual), see protocol.md §6.5. */
  readonly encodeType: number | undefined;
  readonly sampleRate: number | undefined;
  /** The encrypted audio; undefined when the server sent only a transcript. */
  readonly media: MediaRef | undefined;
}

/** A file. `size` is the plaintext size, `md5` the plaintext MD5 (checked on download). */
export interface IlinkFileItem extends ItemBase {
  readonly kind: 'file';
  readonly fileName: string;
  readonly size: number | undefined;
  readonly md5: string | undefined;
  readonly media: MediaRef;
}

/** A video (MP4). `playLength` is in the server's unit (unverified: seconds or ms). */
export interface IlinkVideoItem extends ItemBase {
  readonly kind: 'video';
  readonly media: MediaRef;
  readonly thumb: MediaRef | undefined;
  readonly playLength: number | undefined;
  readonly cipherSize: number | undefined;
  readonly md5: string | undefined;
}

/** An item the client does not understand (new type, or missing what its type needs). */
export interface IlinkUnknownItem extends ItemBase {
  readonly kind: 'unknown';
  /** The wire `type`. */
  readonly type: number | undefined;
  /** Why it could not be read, e.g. `unsupported item type 7`, `image without media`. */
  readonly reason: string;
}

/** A quoted substring of the quoted message (`partial_text`). */
export interface PartialQuote {
  readonly start: string;
  readonly end: string;
  readonly startIndex: number;
  readonly endIndex: number;
  /** MD5 (hex) of the selected text. */
  readonly md5: string | undefined;
}

/** The message a quote refers to. */
export interface QuotedMessage {
  /** The quoted message's `message_id` (`svr_id` or the quoted item's `msg_id`), when sent. */
  readonly id: string | undefined;
  /** The server's summary (often the quoted text). */
  readonly title: string | undefined;
  /**
   * The quoted content: from the message itself, or from `lookupQuoted` when the server sent only
   * an id; undefined when neither knows it.
   */
  readonly item: IlinkContentItem | undefined;
  readonly partial: PartialQuote | undefined;
}

/** The user's words with the message they quote. */
export interface IlinkQuoteItem extends ItemBase {
  readonly kind: 'quote';
  /** What the user wrote (the item's own text; empty for a media reply). */
  readonly text: string;
  /** The user's own item when it is not text (e.g. an image sent in reply), else undefined. */
  readonly reply: IlinkContentItem | undefined;
  readonly quoted: QuotedMessage;
}

/** Every item but a quote (what a quote can contain). */
export type IlinkContentItem =
  | IlinkTextItem
  | IlinkImageItem
  | IlinkVoiceItem
  | IlinkFileItem
  | IlinkVideoItem
  | IlinkUnknownItem;

/** One normalized item. Narrow on `kind`. */
export type IlinkItem = IlinkContentItem | IlinkQuoteItem;

/** A normalized inbound message. */
export interface IlinkMessage {
  /** Stable id: `message_id` (uint64 as text), else the first item's `msg_id`, else a content hash (`h:`). */
  readonly id: string;
  readonly seq: number | undefined;
  /** The sender (`…@im.wechat`, case-sensitive). */
  readonly from: string;
  /** The bot (`…@im.bot`). */
  readonly to: string;
  /** The reply credential; echo it in sends to this user. */
  readonly contextToken: string | undefined;
  /** `create_time_ms`, when sent. */
  readonly createdAtMs: number | undefined;
  /** True for the bot's own messages (`message_type` 2 or sent by the bot id): skip them to avoid loops. */
  readonly fromBot: boolean;
  /** Set only if the server ever fills `group_id` (not observed). */
  readonly groupId: string | undefined;
  /** Usually one item. */
  readonly items: readonly IlinkItem[];
  /** The wire message, as an escape hatch. */
  readonly raw: WeixinMessage;
}
