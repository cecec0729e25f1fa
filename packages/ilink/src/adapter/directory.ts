import { type Contact, DirectMessageDirectory, plainContact } from '@wxbot/core';

/** A contact for an iLink id (iLink gives ids only: no names, avatars or profiles). */
export function ilinkContact(id: string, kind: 'self' | 'friend', name = ''): Contact {
  return plainContact({ id, kind, name });
}

/**
 * Who an iLink bot knows: the bot itself and everyone who wrote to it (iLink has no contact list
 * and no groups). Names come from the `names` option, if any.
 */
export class IlinkDirectory extends DirectMessageDirectory {
  readonly #names: Readonly<Record<string, string>>;

  constructor(names: Readonly<Record<string, string>> = {}) {
    super();
    this.#names = names;
  }

  /** Sets the bot account (after login). */
  setSelf(botId: string): void {
    this.setSelfContact(ilinkContact(botId, 'self', 'self'));
  }

  /** Remembers a person who wrote. */
  learn(userId: string): void {
    this.remember(userId, () => ilinkContact(userId, 'friend', this.nameOf(userId)));
  }

  /** The configured display name of a user id, or ''. */
  nameOf(userId: string): string {
    return this.#names[userId] ?? '';
  }
}
