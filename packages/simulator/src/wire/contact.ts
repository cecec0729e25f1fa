import { escapeContent } from './escape.js';
import type {
  WireContactRecord,
  WireDelContactRecord,
  WireMemberRecord,
  WireModContactRecord,
  WireProfileRecord,
  WireUserRecord,
} from './types.js';

/**
 * Input of the contact builders: wire field names, every field optional except `UserName` and
 * `NickName`. The text fields `NickName`, `RemarkName`, `DisplayName` and `Signature` are **plain
 * text**: the builders escape them and turn emoji into spans, as the server does.
 */
export type ContactRecordInput = Partial<WireContactRecord> & { UserName: string; NickName: string };

/** Input of {@link buildMemberRecord} (same conventions as {@link ContactRecordInput}). */
export type MemberRecordInput = Partial<WireMemberRecord> & { UserName: string; NickName: string };

/** Input of {@link buildModContactRecord} (same conventions as {@link ContactRecordInput}). */
export type ModContactRecordInput = Partial<WireModContactRecord> & {
  UserName: string;
  NickName: string;
};

/** Input of {@link buildUserRecord} (same conventions as {@link ContactRecordInput}). */
export type UserRecordInput = Partial<WireUserRecord> & { UserName: string; NickName: string };

const enc = (text: string | undefined): string => (text ? escapeContent(text) : '');

/**
 * The relative avatar path the server puts in `HeadImgUrl`: `webwxgetheadimg` for groups,
 * `webwxgeticon` otherwise, plus `&chatroomid=` for a member fetched through its group.
 *
 * @example
 * headImgUrl('@@9c8b…', skey, { seq: 625238710 });
 * // '/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=625238710&username=@@9c8b…&skey=@crypt_…'
 */
export function headImgUrl(
  userName: string,
  skey: string,
  opts: { seq?: number; chatRoomId?: string } = {},
): string {
  const endpoint = userName.startsWith('@@') ? 'webwxgetheadimg' : 'webwxgeticon';
  const room = opts.chatRoomId ? `&chatroomid=${opts.chatRoomId}` : '';
  return `/cgi-bin/mmwebwx-bin/${endpoint}?seq=${opts.seq ?? 0}&username=${userName}&skey=${skey}${room}`;
}

/** `KeyWord` of a contact: the first three characters of its internal id (`wxi`, `gh_`, `fil`…). */
export function keyWordOf(wxid: string): string {
  return wxid.slice(0, 3);
}

/**
 * A group member record (§4.5), keys in wire order.
 *
 * @example
 * buildMemberRecord({ UserName: bob.userName, NickName: 'Bob 李', AttrStatus: 102501, KeyWord: 'wxi' });
 */
export function buildMemberRecord(input: MemberRecordInput): WireMemberRecord {
  return {
    Uin: input.Uin ?? 0,
    UserName: input.UserName,
    NickName: enc(input.NickName),
    AttrStatus: input.AttrStatus ?? 0,
    PYInitial: input.PYInitial ?? '',
    PYQuanPin: input.PYQuanPin ?? '',
    RemarkPYInitial: input.RemarkPYInitial ?? '',
    RemarkPYQuanPin: input.RemarkPYQuanPin ?? '',
    MemberStatus: input.MemberStatus ?? 0,
    DisplayName: enc(input.DisplayName),
    KeyWord: input.KeyWord ?? '',
  };
}

// escapeContent memo for memberRecordJson: the same names come back in every batchgetcontact.
const ENC_MEMO_MAX = 200_000;
const encMemo = new Map<string, string>();
function encMemoized(text: string | undefined): string {
  if (!text) return '';
  let out = encMemo.get(text);
  if (out === undefined) {
    out = escapeContent(text);
    if (encMemo.size >= ENC_MEMO_MAX) encMemo.clear();
    encMemo.set(text, out);
  }
  return out;
}

const jsonNum = (n: number | undefined, fallback = 0): string => {
  const v = n ?? fallback;
  return Number.isFinite(v) ? String(v) : 'null';
};
const jsonStr = (s: string | undefined): string => JSON.stringify(s ?? '');

/**
 * `toWireJson(buildMemberRecord(input))`, written directly (no object, no generic walk): the
 * simulator serializes 100,000 of these when a client loads 200 groups of 500.
 *
 * @example
 * memberRecordJson({ UserName: '@abc', NickName: 'Bob' });
 * // '{"Uin":0,"UserName":"@abc","NickName":"Bob","AttrStatus":0,…,"KeyWord":""}'
 */
export function memberRecordJson(input: MemberRecordInput): string {
  return (
    `{"Uin":${jsonNum(input.Uin)},"UserName":${jsonStr(input.UserName)},` +
    `"NickName":${jsonStr(encMemoized(input.NickName))},"AttrStatus":${jsonNum(input.AttrStatus)},` +
    `"PYInitial":${jsonStr(input.PYInitial)},"PYQuanPin":${jsonStr(input.PYQuanPin)},` +
    `"RemarkPYInitial":${jsonStr(input.RemarkPYInitial)},"RemarkPYQuanPin":${jsonStr(input.RemarkPYQuanPin)},` +
    `"MemberStatus":${jsonNum(input.MemberStatus)},"DisplayName":${jsonStr(encMemoized(input.DisplayName))},` +
    `"KeyWord":${jsonStr(input.KeyWord)}}`
  );
}

/**
 * The full contact record of `webwxinit`, `webwxgetcontact` and `webwxbatchgetcontact`, keys in wire
 * order, every field present. `MemberCount` defaults to `MemberList.length`. `MemberList` entries are
 * taken as already built (see {@link buildMemberRecord}).
 *
 * @example
 * buildContactRecord({ UserName: alice.userName, NickName: '小明🌛', ContactFlag: 3, Sex: 1, KeyWord: 'xm_' });
 */
export function buildContactRecord(input: ContactRecordInput): WireContactRecord {
  const members = input.MemberList ?? [];
  return {
    Uin: input.Uin ?? 0,
    UserName: input.UserName,
    NickName: enc(input.NickName),
    HeadImgUrl: input.HeadImgUrl ?? '',
    ContactFlag: input.ContactFlag ?? 0,
    MemberCount: input.MemberCount ?? members.length,
    MemberList: members,
    RemarkName: enc(input.RemarkName),
    HideInputBarFlag: input.HideInputBarFlag ?? 0,
    Sex: input.Sex ?? 0,
    Signature: enc(input.Signature),
    VerifyFlag: input.VerifyFlag ?? 0,
    OwnerUin: input.OwnerUin ?? 0,
    PYInitial: input.PYInitial ?? '',
    PYQuanPin: input.PYQuanPin ?? '',
    RemarkPYInitial: input.RemarkPYInitial ?? '',
    RemarkPYQuanPin: input.RemarkPYQuanPin ?? '',
    StarFriend: input.StarFriend ?? 0,
    AppAccountFlag: input.AppAccountFlag ?? 0,
    Statues: input.Statues ?? 0,
    AttrStatus: input.AttrStatus ?? 0,
    Province: input.Province ?? '',
    City: input.City ?? '',
    Alias: input.Alias ?? '',
    SnsFlag: input.SnsFlag ?? 0,
    UniFriend: input.UniFriend ?? 0,
    DisplayName: enc(input.DisplayName),
    ChatRoomId: input.ChatRoomId ?? 0,
    KeyWord: input.KeyWord ?? '',
    EncryChatRoomId: input.EncryChatRoomId ?? '',
    IsOwner: input.IsOwner ?? 0,
  };
}

/**
 * A `ModContactList` entry (§4.5, §5.4), keys in wire order. For a group, pass `ChatRoomOwner` (the
 * owner's UserName) and the full `MemberList`; `HeadImgUpdateFlag` defaults to 1 as in captures.
 *
 * @example
 * buildModContactRecord({ UserName: group.userName, NickName: '周末爬山群', ContactFlag: 3, Statues: 1,
 *   ChatRoomOwner: me.userName, MemberList: members });
 */
export function buildModContactRecord(input: ModContactRecordInput): WireModContactRecord {
  const members = input.MemberList ?? [];
  return {
    UserName: input.UserName,
    NickName: enc(input.NickName),
    Sex: input.Sex ?? 0,
    HeadImgUpdateFlag: input.HeadImgUpdateFlag ?? 1,
    ContactType: input.ContactType ?? 0,
    Alias: input.Alias ?? '',
    ChatRoomOwner: input.ChatRoomOwner ?? '',
    HeadImgUrl: input.HeadImgUrl ?? '',
    ContactFlag: input.ContactFlag ?? 0,
    MemberCount: input.MemberCount ?? members.length,
    MemberList: members,
    HideInputBarFlag: input.HideInputBarFlag ?? 0,
    Signature: enc(input.Signature),
    VerifyFlag: input.VerifyFlag ?? 0,
    RemarkName: enc(input.RemarkName),
    Statues: input.Statues ?? 0,
    AttrStatus: input.AttrStatus ?? 0,
    Province: input.Province ?? '',
    City: input.City ?? '',
    SnsFlag: input.SnsFlag ?? 0,
    KeyWord: input.KeyWord ?? '',
  };
}

/** A `DelContactList` entry: `{UserName, ContactFlag: 0}`. */
export function buildDelContactRecord(userName: string): WireDelContactRecord {
  return { UserName: userName, ContactFlag: 0 };
}

/**
 * The `User` object of `webwxinit` (the bot itself), keys in wire order. `Uin` must be the account uin.
 *
 * @example
 * buildUserRecord({ Uin: 2912345678, UserName: me.userName, NickName: '测试机器人', Sex: 1, HeadImgFlag: 1 });
 */
export function buildUserRecord(input: UserRecordInput): WireUserRecord {
  return {
    Uin: input.Uin ?? 0,
    UserName: input.UserName,
    NickName: enc(input.NickName),
    HeadImgUrl: input.HeadImgUrl ?? '',
    RemarkName: enc(input.RemarkName),
    PYInitial: input.PYInitial ?? '',
    PYQuanPin: input.PYQuanPin ?? '',
    RemarkPYInitial: input.RemarkPYInitial ?? '',
    RemarkPYQuanPin: input.RemarkPYQuanPin ?? '',
    HideInputBarFlag: input.HideInputBarFlag ?? 0,
    StarFriend: input.StarFriend ?? 0,
    Sex: input.Sex ?? 0,
    Signature: enc(input.Signature),
    AppAccountFlag: input.AppAccountFlag ?? 0,
    VerifyFlag: input.VerifyFlag ?? 0,
    ContactFlag: input.ContactFlag ?? 0,
    WebWxPluginSwitch: input.WebWxPluginSwitch ?? 0,
    HeadImgFlag: input.HeadImgFlag ?? 1,
    SnsFlag: input.SnsFlag ?? 0,
  };
}

/** What changed in the bot's own profile (plain text). */
export interface ProfileChange {
  nickName?: string;
  /** New avatar path; sets `HeadImgUpdateFlag` 1. */
  headImgUrl?: string;
  signature?: string;
  sex?: number;
  alias?: string;
}

/**
 * The `Profile` of a `webwxsync` response. Without a change: the all-empty profile with `BitFlag` 0
 * (every sync carries one). With a change: `BitFlag` 190 and the changed fields filled.
 *
 * @example
 * buildProfile(); // BitFlag 0
 * buildProfile({ nickName: '测试机器人2号', headImgUrl }); // BitFlag 190
 */
export function buildProfile(change?: ProfileChange): WireProfileRecord {
  return {
    BitFlag: change ? 190 : 0,
    UserName: { Buff: '' },
    NickName: { Buff: enc(change?.nickName) },
    BindUin: 0,
    BindEmail: { Buff: '' },
    BindMobile: { Buff: '' },
    Status: 0,
    Sex: change?.sex ?? 0,
    PersonalCard: 0,
    Alias: change?.alias ?? '',
    HeadImgUpdateFlag: change?.headImgUrl ? 1 : 0,
    HeadImgUrl: change?.headImgUrl ?? '',
    Signature: enc(change?.signature),
  };
}
