/**
 * Record shapes exactly as the Web WeChat server writes them (protocol.md §4.5, §5.2, §6.1).
 * Field order in these interfaces is the order on the wire; the builders emit keys in this order.
 */

/** `RecommendInfo` of a message: always present, zero/empty unless the message is a card or friend request. */
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

/** `AppInfo` of a message: `{AppID: "", Type: 0}` unless an app message carries its source app id. */
export interface WireAppInfo {
  AppID: string;
  Type: number;
}

/**
 * One `AddMsgList` entry with every §6.1 field present. `NewMsgId` is a `bigint` because the real value
 * exceeds 2^53: serialize with {@link toWireJson} so it lands as an exact JSON number.
 */
export interface WireMessageRecord {
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
  AppInfo: WireAppInfo;
  HasProductId: number;
  Ticket: string;
  ImgHeight: number;
  ImgWidth: number;
  SubMsgType: number;
  NewMsgId: bigint;
  OriContent: string;
  EncryFileName: string;
}

/** A group member inside a group's `MemberList` (§4.5). */
export interface WireMemberRecord {
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

/** The full contact record of `webwxinit` `ContactList`, `webwxgetcontact` and `webwxbatchgetcontact`. */
export interface WireContactRecord {
  Uin: number;
  UserName: string;
  NickName: string;
  HeadImgUrl: string;
  ContactFlag: number;
  MemberCount: number;
  MemberList: WireMemberRecord[];
  RemarkName: string;
  HideInputBarFlag: number;
  Sex: number;
  Signature: string;
  VerifyFlag: number;
  OwnerUin: number;
  PYInitial: string;
  PYQuanPin: string;
  RemarkPYInitial: string;
  RemarkPYQuanPin: string;
  StarFriend: number;
  AppAccountFlag: number;
  Statues: number;
  AttrStatus: number;
  Province: string;
  City: string;
  Alias: string;
  SnsFlag: number;
  UniFriend: number;
  DisplayName: string;
  ChatRoomId: number;
  KeyWord: string;
  EncryChatRoomId: string;
  IsOwner: number;
}

/** The smaller `ModContactList` entry of `webwxsync` (§4.5): no Uin, no pinyin, has `ChatRoomOwner`. */
export interface WireModContactRecord {
  UserName: string;
  NickName: string;
  Sex: number;
  HeadImgUpdateFlag: number;
  ContactType: number;
  Alias: string;
  ChatRoomOwner: string;
  HeadImgUrl: string;
  ContactFlag: number;
  MemberCount: number;
  MemberList: WireMemberRecord[];
  HideInputBarFlag: number;
  Signature: string;
  VerifyFlag: number;
  RemarkName: string;
  Statues: number;
  AttrStatus: number;
  Province: string;
  City: string;
  SnsFlag: number;
  KeyWord: string;
}

/** A `DelContactList` entry. */
export interface WireDelContactRecord {
  UserName: string;
  ContactFlag: number;
}

/** The `User` object of `webwxinit`. */
export interface WireUserRecord {
  Uin: number;
  UserName: string;
  NickName: string;
  HeadImgUrl: string;
  RemarkName: string;
  PYInitial: string;
  PYQuanPin: string;
  RemarkPYInitial: string;
  RemarkPYQuanPin: string;
  HideInputBarFlag: number;
  StarFriend: number;
  Sex: number;
  Signature: string;
  AppAccountFlag: number;
  VerifyFlag: number;
  ContactFlag: number;
  WebWxPluginSwitch: number;
  HeadImgFlag: number;
  SnsFlag: number;
}

/** `{Buff: string}` wrapper used by `Profile`. */
export interface WireBuff {
  Buff: string;
}

/** The `Profile` object of every `webwxsync` response (BitFlag 190 when the bot's own profile changed). */
export interface WireProfileRecord {
  BitFlag: number;
  UserName: WireBuff;
  NickName: WireBuff;
  BindUin: number;
  BindEmail: WireBuff;
  BindMobile: WireBuff;
  Status: number;
  Sex: number;
  PersonalCard: number;
  Alias: string;
  HeadImgUpdateFlag: number;
  HeadImgUrl: string;
  Signature: string;
}

/** `{Key, Val}` pair of a SyncKey / SyncCheckKey. */
export interface WireSyncKeyItem {
  Key: number;
  Val: number;
}

/** `SyncKey` / `SyncCheckKey`. */
export interface WireSyncKey {
  Count: number;
  List: WireSyncKeyItem[];
}

/** `BaseResponse` of every JSON answer. */
export interface WireBaseResponse {
  Ret: number;
  ErrMsg: string;
}

/** A complete `webwxsync` response body, keys in wire order. */
export interface WireSyncResponse {
  BaseResponse: WireBaseResponse;
  AddMsgCount: number;
  AddMsgList: WireMessageRecord[];
  ModContactCount: number;
  ModContactList: WireModContactRecord[];
  DelContactCount: number;
  DelContactList: WireDelContactRecord[];
  ModChatRoomMemberCount: number;
  ModChatRoomMemberList: unknown[];
  Profile: WireProfileRecord;
  ContinueFlag: number;
  SyncKey: WireSyncKey;
  SKey: string;
  SyncCheckKey: WireSyncKey;
}

/**
 * What a message builder may learn about a contact, in plain text (real emoji, no markup):
 * the builders do the server's encoding themselves.
 */
export interface ContactInfo {
  /** Session UserName (`@…`, `@@…`, `filehelper`). */
  userName: string;
  /** Internal id: `wxid_…`, `…@chatroom`, `gh_…`, or a special name such as `filehelper`. */
  wxid: string;
  nickName: string;
  remarkName?: string;
  /** Group nickname (群昵称) in the chat at hand, if any. */
  displayName?: string;
  alias?: string;
  /** 0 unknown, 1 male, 2 female. */
  sex?: number;
  province?: string;
  city?: string;
  signature?: string;
  verifyFlag?: number;
  attrStatus?: number;
  snsFlag?: number;
}

/**
 * Everything a message builder needs besides the spec: ids, time, direction, and contact look-ups.
 *
 * @example
 * const { msgId, newMsgId } = newMsgIds();
 * const env: BuildEnv = { msgId, newMsgId, createTime: 1716881300, fromUserName: alice.userName,
 *   toUserName: me.userName, senderWxid: alice.wxid, receiverWxid: me.wxid,
 *   selfUserName: me.userName, lookup: (u) => contacts.get(u) };
 */
export interface BuildEnv {
  /** Decimal string, 19 digits (see {@link newMsgIds}). */
  msgId: string;
  /** The same digits as `msgId`. */
  newMsgId: bigint;
  /** Unix seconds. */
  createTime: number;
  fromUserName: string;
  toUserName: string;
  /**
   * Set for a group message *not* sent by the bot: its UserName becomes the `@sender:<br/>` prefix of
   * `Content`. Leave unset for messages the bot's own account sent (phone or web): no prefix.
   */
  groupSenderUserName?: string;
  /** wxid of the person who authored the message (for `fromusername` attributes). */
  senderWxid: string;
  /** wxid of the receiver (the bot, or the peer for messages the bot's phone sent). */
  receiverWxid: string;
  /** `…@chatroom` id when the chat is a group. */
  chatRoomWxid?: string;
  /** The bot's session UserName. */
  selfUserName: string;
  /** Find a contact by session UserName (cards, recall names, friend requests, statusNotify lists). */
  lookup(userName: string): ContactInfo | undefined;
}
