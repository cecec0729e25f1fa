import type { Contact, Group, GroupMember } from '../contacts/types.js';
import type { ContactDirectory } from './adapter.js';

/**
 * A contact with only an id, a user name and a display name: what a transport without profiles
 * (iLink, the in-memory test transport) knows about a person.
 */
export function plainContact(c: {
  readonly id: string;
  readonly userName?: string;
  readonly kind: Contact['kind'];
  readonly name: string;
}): Contact {
  return {
    id: c.id,
    userName: c.userName ?? c.id,
    kind: c.kind,
    nickName: c.name,
    remarkName: '',
    alias: '',
    name: c.name,
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
 * The directory of a direct-messages-only transport: the bot and the people who wrote to it, no
 * groups. Adapters add people with {@link DirectMessageDirectory.remember} as they write.
 */
export class DirectMessageDirectory implements ContactDirectory {
  #self: Contact | undefined;
  readonly #people = new Map<string, Contact>();

  constructor(self?: Contact) {
    this.#self = self;
  }

  get self(): Contact | undefined {
    return this.#self;
  }

  protected setSelfContact(self: Contact): void {
    this.#self = self;
  }

  /** Remembers a person once (later calls with the same user name are ignored). */
  protected remember(userName: string, make: () => Contact): void {
    if (userName && !this.#people.has(userName)) this.#people.set(userName, make());
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

  /** People whose id or name contains the query (case-insensitive). */
  find(query: string): Contact[] {
    const q = query.toLowerCase();
    return this.friends().filter(
      (c) => c.id.toLowerCase().includes(q) || (c.name !== '' && c.name.toLowerCase().includes(q)),
    );
  }
}
