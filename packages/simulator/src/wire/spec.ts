import type { WireMessageRecord } from './types.js';

/**
 * What the scripted phone can make a contact send. Each kind maps to one real server record
 * shape (see `shared/fixtures/sync-*.json`); {@link buildMessage} turns a spec plus a
 * {@link BuildEnv} into that record. Text fields are plain text: the builders do the escaping.
 * Optional fields left out get realistic invented values (aeskeys, md5s, CDN urls, tickets).
 *
 * @example
 * buildMessage({ kind: 'text', text: 'hi 😄 [微笑]' }, env);
 * buildMessage({ kind: 'image', data: pngBytes, thumbWidth: 90, thumbHeight: 120 }, env);
 */
export type PhoneMessageSpec =
  | TextSpec
  | QuoteSpec
  | ImageSpec
  | VoiceSpec
  | VideoSpec
  | EmoticonSpec
  | CardSpec
  | LinkSpec
  | FileSpec
  | LocationSpec
  | MiniProgramSpec
  | TransferSpec
  | RedPacketSpec
  | ChatHistorySpec
  | MusicSpec
  | ArticleSpec
  | RealtimeLocationSpec
  | FriendRequestSpec
  | FriendAddedSpec
  | StrangerWarningSpec
  | GroupInviteSpec
  | GroupQrJoinSpec
  | GroupRemoveSpec
  | GroupRenameSpec
  | PatSpec
  | LocationShareEndedSpec
  | SelfRecalledSpec
  | SystemTextSpec
  | RecallSpec
  | StatusNotifySpec
  | RawSpec;

/** The `kind` names of {@link PhoneMessageSpec}. */
export type PhoneMessageKind = PhoneMessageSpec['kind'];

/** Language of server-generated system texts (the `lang` query parameter). */
export type SystemLang = 'zh_CN' | 'en_US';

/**
 * MsgType 1. Emoji become `<span class="emoji …">`, `[微笑]` faces stay as written. Write a mention as
 * `@Name` + U+2005 (see {@link mentionText}).
 */
export interface TextSpec {
  kind: 'text';
  text: string;
}

/** A quote/reply as the web receives it: MsgType 1 with `「name：text」<br/>- - - …<br/>reply`. */
export interface QuoteSpec {
  kind: 'quote';
  quotedName: string;
  quotedText: string;
  reply: string;
}

/** MsgType 3. `thumbWidth`/`thumbHeight` become `ImgWidth`/`ImgHeight`. */
export interface ImageSpec {
  kind: 'image';
  /** Bytes the bot can download with `webwxgetmsgimg`. */
  data?: Uint8Array;
  thumbWidth?: number;
  thumbHeight?: number;
  /** Size in bytes (default: `data.length`). */
  length?: number;
  md5?: string;
  aesKey?: string;
  cdnThumbLength?: number;
}

/** MsgType 34. */
export interface VoiceSpec {
  kind: 'voice';
  durationMs: number;
  /** mp3 bytes for `webwxgetvoice`. */
  data?: Uint8Array;
  length?: number;
  bufId?: string;
}

/** MsgType 43, or 62 when `micro` (小视频). */
export interface VideoSpec {
  kind: 'video';
  durationSec: number;
  micro?: boolean;
  /** mp4 bytes for `webwxgetvideo`. */
  data?: Uint8Array;
  thumbWidth?: number;
  thumbHeight?: number;
  length?: number;
  md5?: string;
  aesKey?: string;
}

/** MsgType 47: a custom sticker (md5 + urls) or, with `store: true`, a store sticker (empty Content). */
export interface EmoticonSpec {
  kind: 'emoticon';
  store?: boolean;
  md5?: string;
  /** gif bytes for `webwxgetmsgimg?type=big`. */
  data?: Uint8Array;
  length?: number;
  width?: number;
  height?: number;
  aesKey?: string;
}

/** MsgType 42: a person's or an official account's card. `target` is the carded contact's UserName. */
export interface CardSpec {
  kind: 'card';
  target: string;
  /** e.g. `CN_Zhejiang_Hangzhou`. */
  regionCode?: string;
  /** RecommendInfo.AttrStatus (32 in the captured card). */
  attrStatus?: number;
  certInfo?: string;
}

/** MsgType 49 / AppMsgType 5: a shared link. */
export interface LinkSpec {
  kind: 'link';
  title: string;
  description?: string;
  url: string;
  thumbUrl?: string;
  appName?: string;
  appId?: string;
}

/** MsgType 49 / AppMsgType 6: a file (as sent from the desktop client). */
export interface FileSpec {
  kind: 'file';
  name: string;
  /** Bytes (default: `data.length`). */
  size?: number;
  /** Extension without dot (default: from `name`). */
  ext?: string;
  /** Bytes for `webwxgetmedia`. */
  data?: Uint8Array;
  md5?: string;
  mediaId?: string;
}

/** Location: MsgType 1 with SubMsgType 48 (MsgType 48 never reaches the web). */
export interface LocationSpec {
  kind: 'location';
  lat: number | string;
  lng: number | string;
  /** Address line (`label`). */
  label: string;
  /** Place name (default `[位置]`). */
  poiName?: string;
}

/** MsgType 49 / AppMsgType 33. */
export interface MiniProgramSpec {
  kind: 'miniProgram';
  title: string;
  /** `wx…` app id. */
  appId?: string;
  /** `gh_…@app`. */
  userName?: string;
  displayName: string;
  pagePath?: string;
  iconUrl?: string;
  version?: number;
}

/** MsgType 49 / AppMsgType 2000 (微信转账). */
export interface TransferSpec {
  kind: 'transfer';
  /** Yuan with two decimals, e.g. `'0.10'` (numbers are formatted with `toFixed(2)`). */
  amount: string | number;
  /** 1 = sent to you (default), 3 = accepted. */
  paySubType?: number;
  memo?: string;
  transactionId?: string;
  transferId?: string;
}

/** Red packet: the web only gets the MsgType 10000 notice. `sent` = the bot's phone sent one. */
export interface RedPacketSpec {
  kind: 'redPacket';
  sent?: boolean;
}

/** Merged chat history: MsgType 49 AppMsgType 0 with the "unsupported" placeholder. */
export interface ChatHistorySpec {
  kind: 'chatHistory';
}

/** MsgType 49 / AppMsgType 3. */
export interface MusicSpec {
  kind: 'music';
  title: string;
  singer?: string;
  url: string;
  dataUrl?: string;
  lowDataUrl?: string;
  thumbUrl?: string;
  appId?: string;
  appName?: string;
}

/** One article of an official-account push. */
export interface ArticleItem {
  title: string;
  url: string;
  digest?: string;
  /** Cover image url; emitted as `url|width|height`. */
  cover?: string;
  coverWidth?: number;
  coverHeight?: number;
  /** Unix seconds (default: the message's CreateTime). */
  pubTime?: number;
}

/** Official-account push (MsgType 49 / AppMsgType 5 with `<mmreader>`), sent by an official account. */
export interface ArticleSpec {
  kind: 'article';
  items: ArticleItem[];
}

/** Real-time location sharing start (MsgType 49 / AppMsgType 17). The end is {@link LocationShareEndedSpec}. */
export interface RealtimeLocationSpec {
  kind: 'realtimeLocation';
}

/**
 * MsgType 37 from `fmessage`. `requester` is the stranger's session UserName (looked up for nick,
 * wxid, sex, province…); FromUserName is forced to `fmessage`.
 */
export interface FriendRequestSpec {
  kind: 'friendRequest';
  requester: string;
  greeting: string;
  /** `v2_…@stranger` (invented when omitted). */
  ticket?: string;
  /** 14 = via a group (default when `chatRoomWxid` is set), 3 = other (default otherwise). */
  scene?: number;
  /** `…@chatroom` the requester found the bot in. */
  chatRoomWxid?: string;
  /** Province/city as written in the XML (pinyin there; RecommendInfo uses the contact's values). */
  xmlProvince?: string;
  xmlCity?: string;
  shortPy?: string;
}

/** MsgType 10000 after a new friendship. `by: 'me'` = the bot added them (default), `'them'` = they added the bot. */
export interface FriendAddedSpec {
  kind: 'friendAdded';
  name: string;
  by?: 'me' | 'them';
  lang?: SystemLang;
}

/** MsgType 10000 `如果陌生人主动添加你为朋友，请谨慎核实对方身份。` */
export interface StrangerWarningSpec {
  kind: 'strangerWarning';
}

/**
 * MsgType 10000 group join by invitation. `inviter` omitted = the bot invited. `invitees` omitted with
 * `youWereInvited` = the bot was invited, `others` lists the other members.
 */
export interface GroupInviteSpec {
  kind: 'groupInvite';
  inviter?: string;
  invitees: string[];
  youWereInvited?: boolean;
  lang?: SystemLang;
}

/** MsgType 10000 join via QR code. `sharer` omitted = the bot shared it. */
export interface GroupQrJoinSpec {
  kind: 'groupQrJoin';
  joiner: string;
  sharer?: string;
  lang?: SystemLang;
}

/** MsgType 10000: the bot removed `member`, or (with `botRemovedBy`) the bot was removed. */
export interface GroupRemoveSpec {
  kind: 'groupRemove';
  member?: string;
  botRemovedBy?: string;
  lang?: SystemLang;
}

/** MsgType 10000 group rename. `by` omitted = the bot renamed it. */
export interface GroupRenameSpec {
  kind: 'groupRename';
  by?: string;
  topic: string;
  lang?: SystemLang;
}

/** MsgType 10000 `"{name}" 拍了拍我`. */
export interface PatSpec {
  kind: 'pat';
  name: string;
}

/** MsgType 10000 `位置共享已经结束`, Status 4. */
export interface LocationShareEndedSpec {
  kind: 'locationShareEnded';
}

/** MsgType 10000 `你撤回了一条消息`. */
export interface SelfRecalledSpec {
  kind: 'selfRecalled';
}

/** Any other MsgType 10000 grey line. `text` is plain text (escaped like any Content). */
export interface SystemTextSpec {
  kind: 'systemText';
  text: string;
  /** 3 (default) or 4. */
  status?: number;
}

/** MsgType 10002: the author recalls an earlier message. */
export interface RecallSpec {
  kind: 'recall';
  /** `MsgId` of the recalled message. */
  msgId: string;
  /** Name in `replacemsg` (default: the author's nick; `你` form when the author is the bot). */
  name?: string;
  /** 32-bit legacy id (invented when omitted). */
  oldMsgId?: number;
}

/** An unread-chat entry of a statusNotify code 4 payload. */
export interface UnreadChat {
  /** Internal id (wxid, `…@chatroom`, or pseudo ids like `MomentsUnreadMsgStatus`). */
  wxid: string;
  lastReadTime: number;
}

/**
 * MsgType 51. Code 4 (SYNC_CONV): `chats` are session UserNames, the XML lists their wxids in the same
 * order; From = To = the bot. Codes 2/5 (enter/quit a chat on the phone): `chat` is that chat, Content
 * empty, From = the bot, To = the chat.
 */
export interface StatusNotifySpec {
  kind: 'statusNotify';
  code: number;
  chats?: string[];
  chat?: string;
  unread?: UnreadChat[];
}

/** Escape hatch for hostile-input tests: a default record overlaid with any fields (not escaped). */
export interface RawSpec {
  kind: 'raw';
  fields: Partial<WireMessageRecord>;
}
