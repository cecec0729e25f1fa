/**
 * Shapes of what the Web WeChat server sends and expects, field for field (protocol.md §4–§7).
 * These are the raw wire records; the rest of wxbot works on normalized types built from them.
 */

/** `BaseResponse` carried by almost every JSON answer. `Ret` 0 means success. */
export interface WireBaseResponse {
  Ret: number;
  ErrMsg: string;
}

/** `BaseRequest` sent in every JSON POST body. */
export interface WireBaseRequest {
  Uin: number | string;
  Sid: string;
  Skey: string;
  DeviceID: string;
}

/** One `{Key, Val}` pair of a SyncKey / SyncCheckKey. */
export interface WireSyncKeyItem {
  Key: number;
  Val: number;
}

/** A SyncKey or SyncCheckKey set. Treat as opaque: echo back what the server gave. */
export interface WireSyncKey {
  Count: number;
  List: WireSyncKeyItem[];
}

/** A member record inside a group's `MemberList` (§4.5). */
export interface WireMember {
  Uin: number;
  UserName: string;
  NickName: string;
  AttrStatus: number;
  PYInitial: string;
  PYQuanPin: string;
  RemarkPYInitial: string;
  RemarkPYQuanPin: string;
  MemberStatus: number;
  DisplayName: string;
  KeyWord: string;
}

/**
 * A contact record from init / getcontact / batchgetcontact, or the smaller ModContactList shape.
 * Fields missing from the smaller shape are optional here.
 */
export interface WireContact {
  Uin?: number;
  UserName: string;
  NickName: string;
  HeadImgUrl?: string;
  ContactFlag?: number;
  MemberCount?: number;
  MemberList?: WireMember[];
  RemarkName?: string;
  HideInputBarFlag?: number;
  Sex?: number;
  Signature?: string;
  VerifyFlag?: number;
  OwnerUin?: number;
  PYInitial?: string;
  PYQuanPin?: string;
  RemarkPYInitial?: string;
  RemarkPYQuanPin?: string;
  StarFriend?: number;
  AppAccountFlag?: number;
  Statues?: number;
  AttrStatus?: number;
  Province?: string;
  City?: string;
  Alias?: string;
  SnsFlag?: number;
  UniFriend?: number;
  DisplayName?: string;
  ChatRoomId?: number;
  KeyWord?: string;
  EncryChatRoomId?: string;
  IsOwner?: number;
  /** ModContactList only: the owner's UserName. */
  ChatRoomOwner?: string;
  /** ModContactList only. */
  HeadImgUpdateFlag?: number;
  /** ModContactList only. */
  ContactType?: number;
}

/** `RecommendInfo` of friend requests (37) and cards (42). */
export interface WireRecommendInfo {
  UserName: string;
  NickName: string;
  QQNum: number;
  Province: string;
  City: string;
  Content: string;
  Signature: string;
  Alias: string;
  Scene: number;
  VerifyFlag: number;
  AttrStatus: number;
  Sex: number;
  Ticket: string;
  OpCode: number;
}

/** One entry of `AddMsgList` (§6.1). `MsgId` is the key; `NewMsgId` loses precision in JS. */
export interface WireMessage {
  MsgId: string;
  FromUserName: string;
  ToUserName: string;
  MsgType: number;
  Content: string;
  Status: number;
  ImgStatus: number;
  CreateTime: number;
  VoiceLength: number;
  PlayLength: number;
  FileName: string;
  FileSize: string;
  MediaId: string;
  Url: string;
  AppMsgType: number;
  StatusNotifyCode: number;
  StatusNotifyUserName: string;
  RecommendInfo: WireRecommendInfo;
  ForwardFlag: number;
  AppInfo: { AppID: string; Type: number };
  HasProductId: number;
  Ticket: string;
  ImgHeight: number;
  ImgWidth: number;
  SubMsgType: number;
  NewMsgId: number;
  OriContent: string;
  EncryFileName: string;
}

/** `Profile` block of a webwxsync answer. */
export interface WireProfile {
  BitFlag: number;
  UserName: { Buff: string };
  NickName: { Buff: string };
  BindUin?: number;
  BindEmail?: { Buff: string };
  BindMobile?: { Buff: string };
  Status?: number;
  Sex?: number;
  PersonalCard?: number;
  Alias?: string;
  HeadImgUpdateFlag?: number;
  HeadImgUrl?: string;
  Signature?: string;
}

/** A complete `webwxsync` answer. */
export interface WireSyncResponse {
  BaseResponse: WireBaseResponse;
  AddMsgCount: number;
  AddMsgList: WireMessage[];
  ModContactCount: number;
  ModContactList: WireContact[];
  DelContactCount: number;
  DelContactList: Array<{ UserName: string; ContactFlag: number }>;
  ModChatRoomMemberCount: number;
  ModChatRoomMemberList: unknown[];
  Profile: WireProfile;
  ContinueFlag: number;
  SyncKey: WireSyncKey;
  SyncCheckKey?: WireSyncKey;
  SKey: string;
}

/** MsgType values (§6.4). */
export const MsgType = {
  TEXT: 1,
  IMAGE: 3,
  VOICE: 34,
  VERIFY: 37,
  POSSIBLE_FRIEND: 40,
  CARD: 42,
  VIDEO: 43,
  EMOTICON: 47,
  LOCATION: 48,
  APP: 49,
  VOIP: 50,
  STATUS_NOTIFY: 51,
  VOIP_NOTIFY: 52,
  VOIP_INVITE: 53,
  MICRO_VIDEO: 62,
  SYS_NOTICE: 9999,
  SYS: 10000,
  RECALLED: 10002,
} as const;

/** AppMsgType values of MsgType 49 (§6.4). */
export const AppMsgType = {
  UNSUPPORTED: 0,
  TEXT: 1,
  IMAGE: 2,
  MUSIC: 3,
  VIDEO: 4,
  URL: 5,
  ATTACH: 6,
  OPEN: 7,
  EMOJI: 8,
  REALTIME_LOCATION: 17,
  CHAT_HISTORY: 19,
  MINI_PROGRAM: 33,
  MINI_PROGRAM_WEB: 36,
  QUOTE: 57,
  TRANSFER: 2000,
  RED_PACKET: 2001,
} as const;
