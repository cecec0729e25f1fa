import type { ContactKind } from '../contacts/types.js';

/** Who a message came from or which chat it belongs to, as seen at the time of the message. */
export interface Peer {
  /** Session-scoped UserName (`@…`, `@@…`, or a special id). */
  readonly userName: string;
  /** Stable id (survives re-login where possible); equals userName when nothing better is known. */
  readonly id: string;
  /** Display name: group nickname for group senders, else remark, else nickname; '' if unknown. */
  readonly name: string;
  readonly kind: ContactKind;
}

/** Fields every normalized message has. */
export interface MessageBase<K extends string> {
  readonly kind: K;
  /** The server's `MsgId` string. Never the rounded `NewMsgId`. */
  readonly id: string;
  /** Milliseconds since epoch (from `CreateTime`). */
  readonly time: number;
  /** The conversation: the group, or the other person in a private chat. */
  readonly chat: Peer;
  /** Who wrote it (the real member in groups; the bot itself when `self`). */
  readonly sender: Peer;
  /** True when the bot account sent it (from this session or from the phone). */
  readonly self: boolean;
  /** True when `chat` is a group. */
  readonly isGroup: boolean;
  /**
   * The adapter's untouched record (Web: the `WireMessage`; narrow it before reading fields).
   * An escape hatch: plugins that read it work on one transport only.
   */
  readonly raw: unknown;
}

/** Mention facts of a group text. */
export interface Mentions {
  /** Names that were @-mentioned, in order (as written, without the `@`). */
  readonly mentions: readonly string[];
  /** The bot was @-mentioned by name, or by @all. */
  readonly isMentioned: boolean;
  /** `@所有人` / `@all` was used. */
  readonly mentionsAll: boolean;
}

export interface TextMessage extends MessageBase<'text'>, Mentions {
  /** Clean text with the bot's own @mention removed and trimmed. */
  readonly text: string;
  /** Clean text as written (mentions kept). */
  readonly fullText: string;
}
export interface ImageMessage extends MessageBase<'image'> {
  readonly width: number;
  readonly height: number;
  readonly size: number;
  readonly md5: string;
}
export interface VoiceMessage extends MessageBase<'voice'> {
  readonly durationMs: number;
}
export interface VideoMessage extends MessageBase<'video'> {
  readonly durationSec: number;
  readonly thumbWidth: number;
  readonly thumbHeight: number;
  readonly size: number;
  /** MsgType 62 (小视频). */
  readonly micro: boolean;
}
export interface EmoticonMessage extends MessageBase<'emoticon'> {
  readonly md5: string;
  /** CDN url when given ('' otherwise). */
  readonly url: string;
  /** A store sticker (HasProductId): cannot be forwarded. */
  readonly fromStore: boolean;
}
export interface CardMessage extends MessageBase<'card'> {
  /** Session UserName of the card target (from RecommendInfo), '' if not given. */
  readonly userName: string;
  readonly nickName: string;
  readonly alias: string;
  readonly province: string;
  readonly city: string;
  readonly isOfficial: boolean;
}
export interface LinkMessage extends MessageBase<'link'> {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly thumbUrl: string;
  readonly sourceApp: string;
}
export interface FileMessage extends MessageBase<'file'> {
  readonly name: string;
  readonly size: number;
  readonly mediaId: string;
  readonly ext: string;
}
export interface LocationMessage extends MessageBase<'location'> {
  readonly lat: number;
  readonly lng: number;
  readonly label: string;
  readonly poiName: string;
  readonly mapUrl: string;
}
export interface MiniProgramMessage extends MessageBase<'miniProgram'> {
  readonly title: string;
  readonly appId: string;
  readonly pagePath: string;
  readonly sourceName: string;
  readonly url: string;
}
export interface TransferMessage extends MessageBase<'transfer'> {
  /** As shown, e.g. `￥0.10`. */
  readonly amount: string;
  readonly description: string;
  readonly memo: string;
  readonly transferId: string;
  /** 1 = sent to you, 3 = accepted. */
  readonly paySubType: number;
}
export interface RedPacketMessage extends MessageBase<'redPacket'> {
  readonly direction: 'received' | 'sent' | 'collection';
  readonly text: string;
}
export interface ChatHistoryMessage extends MessageBase<'chatHistory'> {
  readonly title: string;
  readonly text: string;
}
export interface MusicMessage extends MessageBase<'music'> {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly dataUrl: string;
  readonly sourceApp: string;
}
export interface Article {
  readonly title: string;
  readonly url: string;
  readonly digest: string;
  readonly cover: string;
  /** Publication time in ms since epoch (0 when not given). */
  readonly pubTime: number;
}
export interface ArticleMessage extends MessageBase<'article'> {
  readonly articles: readonly Article[];
}
export interface QuoteMessage extends MessageBase<'quote'>, Mentions {
  readonly quotedName: string;
  readonly quotedText: string;
  /** The reply text (mention of the bot removed). */
  readonly text: string;
}
export interface FriendRequestMessage extends MessageBase<'friendRequest'> {
  /** Session UserName of the requester (needed to accept). */
  readonly userName: string;
  readonly nickName: string;
  readonly greeting: string;
  readonly ticket: string;
  readonly scene: number;
  readonly alias: string;
  readonly province: string;
  readonly city: string;
}
/** What a system line (MsgType 10000) says happened. */
export type SystemEvent =
  | {
      readonly type: 'join';
      readonly inviter: string;
      readonly members: readonly string[];
      readonly via: 'invite' | 'qrcode';
    }
  | { readonly type: 'invitedSelf'; readonly inviter: string }
  | { readonly type: 'leave'; readonly member: string; readonly by: string }
  | { readonly type: 'removedSelf'; readonly by: string }
  | { readonly type: 'rename'; readonly by: string; readonly topic: string }
  | { readonly type: 'redPacket'; readonly direction: 'received' | 'sent' | 'collection' }
  | { readonly type: 'selfRecalled' }
  | { readonly type: 'friendAdded'; readonly name: string; readonly byMe: boolean }
  | { readonly type: 'pat'; readonly from: string; readonly to: string }
  | { readonly type: 'locationShareEnded' }
  /** Real-time location sharing started (MsgType 49 / AppMsgType 17). */
  | { readonly type: 'locationShareStarted' }
  | { readonly type: 'other' };
export interface SystemMessage extends MessageBase<'system'> {
  readonly text: string;
  readonly event: SystemEvent;
}
export interface RecallMessage extends MessageBase<'recall'> {
  /** MsgId of the recalled message. */
  readonly recalledId: string;
  readonly replaceText: string;
}
export interface StatusNotifyMessage extends MessageBase<'statusNotify'> {
  readonly code: number;
  readonly userNames: readonly string[];
  /**
   * Code 4 only: the internal wxids from the XML `<username>` list, index-aligned with `userNames`
   * (feed both to `ContactStore.mapWxids`); empty otherwise or when the lists do not align.
   */
  readonly wxids: readonly string[];
}
export interface UnknownMessage extends MessageBase<'unknown'> {
  /** Why it was not understood (e.g. `MsgType 50`, `bad XML`). */
  readonly reason: string;
}

/** Every normalized message, discriminated by `kind`. */
export type Message =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | EmoticonMessage
  | CardMessage
  | LinkMessage
  | FileMessage
  | LocationMessage
  | MiniProgramMessage
  | TransferMessage
  | RedPacketMessage
  | ChatHistoryMessage
  | MusicMessage
  | ArticleMessage
  | QuoteMessage
  | FriendRequestMessage
  | SystemMessage
  | RecallMessage
  | StatusNotifyMessage
  | UnknownMessage;

/** The `kind` of any message. */
export type MessageKind = Message['kind'];

/** The message type for a given kind: `MessageOf<'text'>` is `TextMessage`. */
export type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;
