import { SimulatorError } from './errors.js';
import { randomHex } from './ids.js';

/** What kind of contact a {@link ContactHandle} refers to. */
export type ContactKind = 'self' | 'friend' | 'stranger' | 'official' | 'special' | 'group';

/** Fields to create a person (friend or stranger). Names are plain text (real emoji, no markup). */
export interface PersonInit {
  /** Stable internal id; generated (`wxid_…`) when omitted. */
  wxid?: string;
  nickName: string;
  remarkName?: string;
  /** WeChat ID (微信号). */
  alias?: string;
  /** 0 unknown, 1 male, 2 female. */
  sex?: number;
  signature?: string;
  province?: string;
  city?: string;
  /** Pinned/starred etc.: extra `ContactFlag` bits OR-ed onto the default (3 for friends). */
  contactFlagExtra?: number;
  /** Avatar bytes served by `webwxgeticon` (a small JPEG by default). */
  avatar?: Uint8Array;
}

/** Fields to create an official account (公众号). */
export interface OfficialInit extends Omit<PersonInit, 'wxid'> {
  /** `gh_…` id; generated when omitted. */
  wxid?: string;
  /** `VerifyFlag`, default 24 (verified company account). */
  verifyFlag?: number;
}

/** Fields to create a group. */
export interface GroupInit {
  /** `…@chatroom` id; generated when omitted. */
  wxid?: string;
  topic: string;
  /** Members other than the bot (handles or wxids). The bot is always a member. */
  members: ReadonlyArray<ContactHandle | string>;
  /** Owner: a member handle/wxid or `'self'` (default: the first member, or the bot if none). */
  owner?: ContactHandle | string;
  /** Group nicknames (群昵称) keyed by wxid. `'self'` sets the bot's own. */
  displayNames?: Readonly<Record<string, string>>;
  /** `false` ⇒ not saved to the address book (absent from webwxgetcontact). Default true. */
  saved?: boolean;
  /** `Statues`: 1 notifications on (default), 0 muted. */
  muted?: boolean;
}

/** One group member. */
export interface GroupMemberState {
  wxid: string;
  displayName: string;
}

/** The simulator's record of one contact (persistent across logins; UserNames are per session). */
export interface ContactState {
  wxid: string;
  kind: ContactKind;
  nickName: string;
  remarkName: string;
  alias: string;
  sex: number;
  signature: string;
  province: string;
  city: string;
  verifyFlag: number;
  contactFlag: number;
  attrStatus: number;
  snsFlag: number;
  avatar: Uint8Array | undefined;
  /** Avatar sequence number used in `HeadImgUrl` (changes when the avatar changes). */
  headSeq: number;
  /** Groups only. */
  members: GroupMemberState[];
  ownerWxid: string;
  saved: boolean;
  statues: number;
}

/**
 * A stable reference to a contact. Its `wxid` never changes; its `userName` is the `@…` id of the
 * current login session (it changes on every new login, and the handle follows).
 *
 * @example
 * const alice = sim.phone.addFriend({ nickName: 'Alice' });
 * await client.sendText(alice.userName, 'hi');
 */
export interface ContactHandle {
  readonly wxid: string;
  readonly kind: ContactKind;
  /** Current NickName (plain text). */
  readonly nickName: string;
  /** The session UserName (`@…`, `@@…` or a special id). Throws `NO_SESSION` if nobody is logged in. */
  readonly userName: string;
}

const SPECIALS: Record<string, string> = {
  filehelper: '文件传输助手',
  weixin: '微信团队',
  fmessage: '朋友推荐消息',
  newsapp: '腾讯新闻',
};

/** The special accounts' fixed ids (a subset of protocol.md §4.6). */
export const SPECIAL_IDS = new Set([
  'newsapp',
  'fmessage',
  'filehelper',
  'weibo',
  'qqmail',
  'tmessage',
  'qmessage',
  'qqsync',
  'floatbottle',
  'lbsapp',
  'shakeapp',
  'medianote',
  'qqfriend',
  'readerapp',
  'blogapp',
  'facebookapp',
  'masssendapp',
  'meishiapp',
  'feedsapp',
  'voip',
  'blogappweixin',
  'weixin',
  'brandsessionholder',
  'weixinreminder',
  'officialaccounts',
  'notification_messages',
]);

/**
 * The phone-side world: every contact the account knows, keyed by stable wxid.
 * Session UserNames live in the session, not here.
 */
export class World {
  readonly contacts = new Map<string, ContactState>();
  private seqCounter = 620000000;
  /** Resolves a wxid to its session UserName (installed by the simulator). */
  userNameOf: (wxid: string) => string = () => {
    throw new SimulatorError('NO_SESSION', 'nobody is logged in: UserNames exist only during a session');
  };

  constructor(self: { wxid: string; nickName: string; sex?: number; signature?: string }) {
    this.contacts.set(
      self.wxid,
      this.blank(self.wxid, 'self', self.nickName, { sex: self.sex ?? 0, signature: self.signature ?? '' }),
    );
    this.selfWxid = self.wxid;
    for (const [id, nick] of Object.entries(SPECIALS)) {
      const c = this.blank(id, id === 'weixin' ? 'official' : 'special', nick, {});
      c.contactFlag = id === 'fmessage' || id === 'newsapp' ? 0 : 3;
      if (id === 'weixin') c.verifyFlag = 56;
      this.contacts.set(id, c);
    }
  }

  readonly selfWxid: string;

  /** The bot's own record. */
  get self(): ContactState {
    return this.get(this.selfWxid);
  }

  /** Looks up a contact; throws `UNKNOWN_CONTACT` when absent. */
  get(wxid: string): ContactState {
    const c = this.contacts.get(wxid);
    if (!c) throw new SimulatorError('UNKNOWN_CONTACT', `no contact with wxid ${wxid}`);
    return c;
  }

  /** A stable handle for a wxid. */
  handle(wxid: string): ContactHandle {
    const world = this;
    const c = this.get(wxid);
    return {
      wxid,
      kind: c.kind,
      get nickName() {
        return world.get(wxid).nickName;
      },
      get userName() {
        return world.userNameOf(wxid);
      },
    };
  }

  /** Adds a person; `friend` selects ContactFlag 3 (friend) or 0 (stranger). */
  addPerson(init: PersonInit, friend: boolean): ContactState {
    const wxid = init.wxid ?? `wxid_${randomHex(7)}`;
    if (this.contacts.has(wxid)) throw new SimulatorError('DUPLICATE', `contact ${wxid} already exists`);
    const c = this.blank(wxid, friend ? 'friend' : 'stranger', init.nickName, init);
    c.contactFlag = friend ? 3 | (init.contactFlagExtra ?? 0) : 0;
    this.contacts.set(wxid, c);
    return c;
  }

  /** Adds an official account (VerifyFlag 24 by default). */
  addOfficial(init: OfficialInit): ContactState {
    const wxid = init.wxid ?? `gh_${randomHex(6)}`;
    if (this.contacts.has(wxid)) throw new SimulatorError('DUPLICATE', `contact ${wxid} already exists`);
    const c = this.blank(wxid, 'official', init.nickName, init);
    c.contactFlag = 3;
    c.verifyFlag = init.verifyFlag ?? 24;
    this.contacts.set(wxid, c);
    return c;
  }

  /** Adds a special account such as `filehelper` (no-op when it exists). */
  addSpecial(id: string, nickName?: string): ContactState {
    const existing = this.contacts.get(id);
    if (existing) return existing;
    const c = this.blank(id, 'special', nickName ?? id, {});
    c.contactFlag = 3;
    this.contacts.set(id, c);
    return c;
  }

  /** Adds a group; the bot is always a member. */
  addGroup(init: GroupInit): ContactState {
    const wxid =
      init.wxid ?? `${randomHex(5).replace(/[a-f]/g, (d) => String(d.charCodeAt(0) % 10))}@chatroom`;
    if (this.contacts.has(wxid)) throw new SimulatorError('DUPLICATE', `contact ${wxid} already exists`);
    const memberIds = init.members.map((m) => (typeof m === 'string' ? m : m.wxid));
    for (const id of memberIds) {
      const m = this.get(id);
      if (m.kind !== 'friend' && m.kind !== 'stranger') {
        throw new SimulatorError('BAD_MEMBER', `group members must be persons (${id} is ${m.kind})`);
      }
    }
    const ids = [this.selfWxid, ...memberIds.filter((id) => id !== this.selfWxid)];
    const names = init.displayNames ?? {};
    const c = this.blank(wxid, 'group', init.topic, {});
    c.contactFlag = init.saved === false ? 2 : 3;
    c.saved = init.saved !== false;
    c.statues = init.muted ? 0 : 1;
    c.members = ids.map((id) => ({
      wxid: id,
      displayName: names[id] ?? (id === this.selfWxid ? (names.self ?? '') : ''),
    }));
    const owner =
      init.owner === undefined
        ? (memberIds[0] ?? this.selfWxid)
        : typeof init.owner === 'string'
          ? init.owner
          : init.owner.wxid;
    c.ownerWxid = owner === 'self' ? this.selfWxid : owner;
    this.contacts.set(wxid, c);
    return c;
  }

  /** All contacts of the given kinds, in insertion order. */
  list(...kinds: ContactKind[]): ContactState[] {
    return [...this.contacts.values()].filter((c) => kinds.includes(c.kind));
  }

  /** Groups the bot is currently a member of. */
  groupsWithSelf(): ContactState[] {
    return this.list('group').filter((g) => g.members.some((m) => m.wxid === this.selfWxid));
  }

  /** Bumps a contact's avatar sequence (after an avatar change). */
  bumpHead(c: ContactState): void {
    c.headSeq = ++this.seqCounter;
  }

  private blank(wxid: string, kind: ContactKind, nickName: string, init: Partial<PersonInit>): ContactState {
    return {
      wxid,
      kind,
      nickName,
      remarkName: init.remarkName ?? '',
      alias: init.alias ?? '',
      sex: init.sex ?? 0,
      signature: init.signature ?? '',
      province: init.province ?? '',
      city: init.city ?? '',
      verifyFlag: 0,
      contactFlag: 0,
      attrStatus: 0,
      snsFlag: 0,
      avatar: init.avatar,
      headSeq: ++this.seqCounter,
      members: [],
      ownerWxid: '',
      saved: true,
      statues: 0,
    };
  }
}
