import type { ContactStore } from '../contacts/store.js';

/**
 * Finds a recipient again after a new login: UserNames (`@…`) change on every QR or push login
 * (protocol.md §3.8), so a reply queued before the logout, or a message replayed from a previous
 * run, names someone the server no longer knows. The contact's stable id (wxid, uin, alias or name)
 * in the store of the session it came from leads to the new UserName.
 *
 * @example
 * const map = new RecipientMap(() => client.contacts);
 * client.on('logout', () => map.retire(client.contacts));
 * outbox.use((message, _info, next) => next({ ...message, to: map.current(message.to) }));
 */
export class RecipientMap {
  readonly #retired: ContactStore[] = [];

  constructor(
    private readonly now: () => ContactStore,
    private readonly keep = 3,
  ) {}

  /** Remember the store of a session that ended (newest first; at most `keep`). */
  retire(store: ContactStore): void {
    if (this.#retired[0] === store) return;
    this.#retired.unshift(store);
    this.#retired.length = Math.min(this.#retired.length, this.keep);
  }

  /** The current UserName of whoever `userName` named in an earlier session (itself if unknown). */
  current(userName: string): string {
    const store = this.now();
    if (!userName.startsWith('@') || store.get(userName)) return userName;
    for (const old of this.#retired) {
      const before = old.get(userName);
      if (!before) continue;
      const found = store.all().find((c) => c.id === before.id);
      if (found) return found.userName;
    }
    return userName;
  }
}
