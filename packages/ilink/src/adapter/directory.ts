import type { Contact, ContactDirectory, Group, GroupMember } from '@wxbot/core';

/** A contact for an iLink id (iLink gives ids only: no names, avatars or profiles). */
export function ilinkContact(id: string, kind: 'self' | 'friend', name = ''): Contact {
  return {
    id,
    userName: id,
    kind,
    nickName: name,
    remarkName: '',
    alias: '',
    name,
    province: '',
    city: '',
    sex: 0,
    signature: '',
    avatarPath: '',
    verifyFlag: 0,
    contactFlag: 0,
    uin: 0,
  };
}

/**
 * Who an iLink bot knows: the bot itself and everyone who wrote to it (iLink has no contact list
 * and no groups). Names come from the `names` option, if any.
 */
export class IlinkDirectory implements ContactDirectory {
  #self: Contact | undefined;
  readonly #people = new Map<string, Contact>();
  readonly #names: Readonly<Record<string, string>>;

  constructor(names: Readonly<Record<string, string>> = {}) {
    this.#names = names;
  }

  get self(): Contact | undefined {
    return this.#self;
  }

  /** Sets the bot account (after login). */
  setSelf(botId: string): void {
    this.#self = ilinkContact(botId, 'self', 'self');
  }

  /** Remembers a person who wrote. */
  learn(userId: string): void {
    if (userId && !this.#people.has(userId))
      this.#people.set(userId, ilinkContact(userId, 'friend', this.nameOf(userId)));
  }

  /** The configured display name of a user id, or ''. */
  nameOf(userId: string): string {
    return this.#names[userId] ?? '';
  }

  get(userName: string): Contact | undefined {
    if (this.#self?.userName === userName) return this.#self;
    return this.#people.get(userName);
  }

  group(_userName: string): Group | undefined {
    return undefined;
  }

  member(_group: string, _member: string): GroupMember | undefined {
    return undefined;
  }

  members(_group: string): readonly GroupMember[] {
    return [];
  }

  friends(): Contact[] {
    return [...this.#people.values()];
  }

  groups(): Group[] {
    return [];
  }

  find(query: string): Contact[] {
    const q = query.toLowerCase();
    return this.friends().filter(
      (c) => c.id.toLowerCase().includes(q) || (c.name !== '' && c.name.toLowerCase().includes(q)),
    );
  }
}
