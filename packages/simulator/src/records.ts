import type { Session } from './session.js';
import {
  buildContactRecord,
  buildMemberRecord,
  buildModContactRecord,
  type ContactInfo,
  headImgUrl,
  keyWordOf,
  type MemberRecordInput,
  memberRecordJson,
  RawJson,
  toWireJson,
  type WireContactRecord,
  type WireMemberRecord,
  type WireModContactRecord,
} from './wire/index.js';
import type { ContactState, World } from './world.js';

/** A cached wire fragment and the inputs it was built from (checked on every use). */
interface Fragment {
  key: string;
  text: string;
}

/** Adapter from the simulator's contact model to the wire record builders of `./wire`. */
export class Records {
  // Per session (UserNames are session-scoped): `groupWxid\nmemberWxid` → the member record's JSON.
  // batchgetcontact of 200 groups × 500 members otherwise rebuilds and re-serializes 100,000
  // records per call. The key holds every input, so a rename or display-name change is never stale.
  readonly #memberText = new WeakMap<Session, Map<string, Fragment>>();

  constructor(
    private readonly world: World,
    private readonly uin: number,
  ) {}

  /** Session UserName of a contact. */
  userName(s: Session, c: ContactState): string {
    return s.userNameOf(c.wxid, c.kind);
  }

  /** A member record of `group`'s MemberList. */
  member(s: Session, _group: ContactState, m: { wxid: string; displayName: string }): WireMemberRecord {
    return buildMemberRecord(this.memberInput(s, this.world.get(m.wxid), m));
  }

  private memberInput(s: Session, c: ContactState, m: { displayName: string }): MemberRecordInput {
    return {
      Uin: c.kind === 'self' ? this.uin : 0,
      UserName: this.userName(s, c),
      NickName: c.nickName,
      AttrStatus: c.attrStatus,
      DisplayName: m.displayName,
      KeyWord: keyWordOf(c.wxid),
    };
  }

  /** Wire JSON of {@link Records.member}, cached per session (byte-identical to serializing it). */
  memberJson(s: Session, group: ContactState, m: { wxid: string; displayName: string }): string {
    let cache = this.#memberText.get(s);
    if (!cache) {
      cache = new Map();
      this.#memberText.set(s, cache);
    }
    const c = this.world.get(m.wxid);
    const key = `${c.kind}\u0000${c.nickName}\u0000${c.attrStatus}\u0000${m.displayName}`;
    const id = `${group.wxid}\n${m.wxid}`;
    const hit = cache.get(id);
    if (hit && hit.key === key) return hit.text;
    const text = memberRecordJson(this.memberInput(s, c, m));
    cache.set(id, { key, text });
    return text;
  }

  /**
   * Wire JSON of {@link Records.contact}: a group's `MemberList` is joined from cached member
   * fragments instead of being rebuilt and re-serialized (same bytes as `toWireJson(contact(…))`).
   */
  contactJson(s: Session, c: ContactState, opts: { full?: boolean; viaRoom?: string } = {}): string {
    if (c.kind !== 'group' || opts.full !== true) return toWireJson(this.contact(s, c, opts));
    const members = c.members.map((m) => this.memberJson(s, c, m)).join(',');
    const rec = this.contact(s, c, { ...opts, members: new RawJson(`[${members}]`) });
    return toWireJson(rec);
  }

  /**
   * A full contact record. `full` adds a group's MemberList/EncryChatRoomId/owner (batchgetcontact);
   * `viaRoom` is the EncryChatRoomId a non-friend member was fetched through.
   */
  contact(
    s: Session,
    c: ContactState,
    opts: { full?: boolean; viaRoom?: string; members?: RawJson } = {},
  ): WireContactRecord {
    const userName = this.userName(s, c);
    const isGroup = c.kind === 'group';
    const full = isGroup && opts.full === true;
    const owner = isGroup ? this.world.contacts.get(c.ownerWxid) : undefined;
    return buildContactRecord({
      Uin: c.kind === 'self' ? this.uin : 0,
      UserName: userName,
      NickName: c.nickName,
      HeadImgUrl: headImgUrl(userName, full ? '' : s.skey, {
        seq: opts.viaRoom ? 0 : c.headSeq,
        ...(opts.viaRoom ? { chatRoomId: opts.viaRoom } : {}),
      }),
      ContactFlag: c.kind === 'self' ? 7 : c.contactFlag,
      MemberCount: full ? c.members.length : 0,
      // `members`: the list already serialized (contactJson); the record is only serialized then.
      MemberList: full
        ? ((opts.members as unknown as WireMemberRecord[] | undefined) ??
          c.members.map((m) => this.member(s, c, m)))
        : [],
      RemarkName: c.remarkName,
      Sex: c.sex,
      Signature: c.signature,
      VerifyFlag: c.verifyFlag,
      OwnerUin: full && owner?.kind === 'self' ? this.uin : 0,
      StarFriend: c.contactFlag & 64 ? 1 : 0,
      Statues: c.statues,
      AttrStatus: c.attrStatus,
      Province: c.province,
      City: c.city,
      Alias: c.alias,
      SnsFlag: c.snsFlag,
      KeyWord: isGroup ? '' : keyWordOf(c.wxid),
      EncryChatRoomId: full ? s.encryOf(c.wxid) : '',
      IsOwner: full && owner?.kind === 'self' ? 1 : 0,
    });
  }

  /** A `ModContactList` entry (groups carry their full member list and `ChatRoomOwner`). */
  mod(s: Session, c: ContactState): WireModContactRecord {
    const userName = this.userName(s, c);
    const isGroup = c.kind === 'group';
    const owner = isGroup ? this.world.contacts.get(c.ownerWxid) : undefined;
    return buildModContactRecord({
      UserName: userName,
      NickName: c.nickName,
      Sex: c.sex,
      HeadImgUpdateFlag: 1,
      ContactType: 0,
      Alias: c.alias,
      ChatRoomOwner: owner ? this.userName(s, owner) : '',
      HeadImgUrl: headImgUrl(userName, s.skey, { seq: 0 }),
      ContactFlag: c.contactFlag,
      MemberCount: isGroup ? c.members.length : 0,
      MemberList: isGroup ? c.members.map((m) => this.member(s, c, m)) : [],
      Signature: c.signature,
      VerifyFlag: c.verifyFlag,
      RemarkName: c.remarkName,
      Statues: c.statues,
      AttrStatus: c.attrStatus,
      Province: c.province,
      City: c.city,
      SnsFlag: c.snsFlag,
      KeyWord: isGroup ? '' : keyWordOf(c.wxid),
    });
  }

  /** What a message builder may learn about a contact (plain text). */
  info(s: Session, c: ContactState, groupWxid?: string): ContactInfo {
    const group = groupWxid ? this.world.contacts.get(groupWxid) : undefined;
    const displayName = group?.members.find((m) => m.wxid === c.wxid)?.displayName;
    return {
      userName: this.userName(s, c),
      wxid: c.wxid,
      nickName: c.nickName,
      remarkName: c.remarkName,
      ...(displayName ? { displayName } : {}),
      alias: c.alias,
      sex: c.sex,
      province: c.province,
      city: c.city,
      signature: c.signature,
      verifyFlag: c.verifyFlag,
      attrStatus: c.attrStatus,
      snsFlag: c.snsFlag,
    };
  }
}
