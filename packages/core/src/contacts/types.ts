/** What a contact is, decided by protocol.md §4.6 in that order. */
export type ContactKind = 'group' | 'special' | 'official' | 'self' | 'friend' | 'stranger';

/**
 * A contact as wxbot keeps it. `userName` is session-scoped (changes on every login);
 * `id` is the stable id that survives re-login where the protocol allows (see contacts/stable-id.ts).
 */
export interface Contact {
  /** Stable id: survives re-login where the protocol allows. */
  readonly id: string;
  /** Session-scoped `@…` / `@@…` UserName (or a special id like `filehelper`). */
  readonly userName: string;
  readonly kind: ContactKind;
  /** Nickname with emoji spans turned into Unicode. */
  readonly nickName: string;
  /** The remark the bot account gave this contact, or ''. */
  readonly remarkName: string;
  /** WeChat ID (微信号) if the person set one, else ''. */
  readonly alias: string;
  /** What a person would call them: remark, else nickname. */
  readonly name: string;
  readonly province: string;
  readonly city: string;
  /** 0 unknown, 1 male, 2 female. */
  readonly sex: number;
  readonly signature: string;
  /** Relative HeadImgUrl as the server gave it. */
  readonly avatarPath: string;
  readonly verifyFlag: number;
  readonly contactFlag: number;
  /** Non-zero uin if the server gave one for another person (rare); always 0 for the bot itself. */
  readonly uin: number;
}

/** A member of a group. */
export interface GroupMember {
  /** Stable id (see contacts/stable-id.ts): the contact's id when the member is a known contact. */
  readonly id: string;
  readonly userName: string;
  readonly nickName: string;
  /** Their group nickname (群昵称), or ''. */
  readonly displayName: string;
  readonly uin: number;
}

/** A group (chat room) with its members. */
export interface Group extends Contact {
  readonly kind: 'group';
  /** Group name (topic). */
  readonly topic: string;
  readonly encryChatRoomId: string;
  readonly ownerUserName: string;
  readonly ownerUin: number;
  readonly memberCount: number;
  /** True when the member list has been loaded (batchgetcontact). */
  readonly membersLoaded: boolean;
}

/** Read-only view of the contact store that `normalize` and plugins use. */
export interface ContactLookup {
  /** The bot account itself (after login). */
  readonly self: Contact | undefined;
  /** Find a contact or group by session UserName. */
  get(userName: string): Contact | undefined;
  /** Find a group by session UserName. */
  group(userName: string): Group | undefined;
  /** A member of a group by UserName, if known. */
  member(groupUserName: string, memberUserName: string): GroupMember | undefined;
  /** All members of a group (empty when not loaded). */
  members(groupUserName: string): readonly GroupMember[];
}
