import type { Logger } from 'pino';
import type { ContactStore } from '../contacts/store.js';
import { BATCH_LIMIT, type BatchEntry, batchGetContact, getContactPage } from '../protocol/contacts-api.js';
import type { ApiContext } from '../protocol/context.js';
import type { SyncResult } from '../protocol/sync-api.js';
import type { WireContact, WireMessage } from '../protocol/wire.js';
import { scrubAvatarUrl, scrubContact, scrubContacts } from './scrub.js';

/** Most address-book pages fetched (the official client stops after 16 extra pages; we allow more). */
const MAX_PAGES = 200;

// Group sender prefix, as the official client matches it (§6.3).
const SENDER_PREFIX = /^(@[a-zA-Z0-9]+|[a-zA-Z0-9_-]+):<br\/>/;

/** A group is re-fetched for an unknown sender at most this often. */
const GROUP_REFRESH_MS = 60_000;

// Groups per batchgetcontact call when loading member lists. The protocol allows 50, but 50 groups
// of 500 are one ~6 MB body and ~25,000 parsed records alive at once: that peak is what the heap
// (and RSS, which V8 does not give back) grows to. 10 groups per call keep it at a fifth.
const MEMBER_BATCH = 10;
// Member-list calls in flight at once (the server's time per call overlaps our parse of another).
const MEMBER_CONCURRENCY = 2;

/**
 * Feeds the contact store: paged getcontact, batchgetcontact (≤ 50 per call) of groups and unknown
 * people, the sync Mod/Del lists, and groups/senders seen for the first time in a batch.
 */
export class ContactLoader {
  readonly #refreshed = new Map<string, number>();

  constructor(
    private readonly ctx: () => ApiContext,
    private readonly store: () => ContactStore,
    private readonly log: Logger,
  ) {}

  /** The whole address book, page by page (stops when Seq is 0 or repeats). */
  async loadAddressBook(signal?: AbortSignal): Promise<number> {
    let seq = 0;
    let total = 0;
    const seen = new Set<number>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await getContactPage(this.ctx(), seq, signal);
      this.store().upsert(scrubContacts(res.contacts));
      total += res.contacts.length;
      if (res.seq === 0 || seen.has(res.seq)) break;
      seen.add(res.seq);
      seq = res.seq;
    }
    this.log.info({ contacts: total }, 'address book loaded');
    return total;
  }

  /**
   * Member lists of every group that lacks one: {@link MEMBER_BATCH} groups per call,
   * {@link MEMBER_CONCURRENCY} calls in flight. Records go straight into the store (packed member
   * tables) and are not kept.
   */
  async loadGroupMembers(signal?: AbortSignal): Promise<void> {
    const groups = this.store().groupsNeedingMembers();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const chunk = groups.slice(next, next + MEMBER_BATCH);
        next += chunk.length;
        await this.#fetchChunk(
          chunk.map((userName) => ({ userName })),
          signal,
        );
      }
    };
    const workers = Math.min(MEMBER_CONCURRENCY, Math.ceil(groups.length / MEMBER_BATCH));
    await Promise.all(Array.from({ length: workers }, worker));
    if (groups.length) this.log.info({ groups: groups.length }, 'group members loaded');
  }

  /** batchgetcontact in calls of at most 50; groups go in as group details. */
  async fetch(entries: readonly BatchEntry[], signal?: AbortSignal): Promise<WireContact[]> {
    const out: WireContact[] = [];
    for (let i = 0; i < entries.length; i += BATCH_LIMIT) {
      out.push(...(await this.#fetchChunk(entries.slice(i, i + BATCH_LIMIT), signal)));
    }
    return out;
  }

  /** One batchgetcontact call (≤ 50 entries) into the store. */
  async #fetchChunk(entries: readonly BatchEntry[], signal?: AbortSignal): Promise<WireContact[]> {
    const records = await batchGetContact(this.ctx(), entries, signal);
    const store = this.store();
    const plain: WireContact[] = [];
    for (const rec of records) {
      if (rec.UserName.startsWith('@@')) {
        // Only the group's own avatar URL carries the skey; member records have none (and the
        // member table keeps just names and uins), so the MemberList is not copied to scrub it.
        const { MemberList, ...head } = rec;
        store.setGroupDetail({ ...scrubContact(head), MemberList } as WireContact);
        this.#refreshed.set(rec.UserName, Date.now());
      } else plain.push(rec);
    }
    if (plain.length) store.upsert(scrubContacts(plain));
    return records;
  }

  /**
   * Applies one webwxsync answer to the store: Profile, Del, Mod, then fetches groups and senders
   * seen for the first time (before the batch is emitted). Fetch failures are logged, not thrown:
   * the batch is still delivered.
   */
  async applySync(r: SyncResult, signal?: AbortSignal): Promise<void> {
    const store = this.store();
    const self = store.self;
    if (r.Profile && r.Profile.BitFlag === 190 && self && r.Profile.NickName?.Buff) {
      store.setSelf({
        UserName: self.userName,
        NickName: r.Profile.NickName.Buff,
        HeadImgUrl: scrubAvatarUrl(r.Profile.HeadImgUrl ?? self.avatarPath),
      });
    }
    if (r.DelContactList.length) store.remove(r.DelContactList.map((c) => c.UserName));
    if (r.ModContactList.length) store.applyModContacts(scrubContacts(r.ModContactList));
    for (const m of r.AddMsgList) if (m.MsgType === 51 && m.StatusNotifyCode === 4) this.#mapWxids(m);
    const unknown = this.#unknownIn(r.AddMsgList);
    if (unknown.length === 0) return;
    try {
      await this.fetch(unknown, signal);
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, count: unknown.length },
        'could not fetch unknown contacts',
      );
    }
  }

  #unknownIn(msgs: readonly WireMessage[]): BatchEntry[] {
    const store = this.store();
    const selfName = store.self?.userName;
    const groups = new Set<string>();
    const users = new Set<string>();
    const now = Date.now();
    const note = (name: string) => {
      if (!name || name === selfName) return;
      if (name.startsWith('@@')) {
        if (!store.group(name)?.membersLoaded) groups.add(name);
      } else if (name.startsWith('@') && !store.has(name)) users.add(name);
    };
    for (const m of msgs) {
      if (m.MsgType === 51) continue;
      note(m.FromUserName);
      note(m.ToUserName);
      if (m.FromUserName.startsWith('@@')) {
        const sender = SENDER_PREFIX.exec(m.Content)?.[1];
        if (sender && sender !== selfName && !store.hasMember(m.FromUserName, sender) && !store.has(sender)) {
          const last = this.#refreshed.get(m.FromUserName) ?? 0;
          if (now - last > GROUP_REFRESH_MS) groups.add(m.FromUserName);
        }
      }
    }
    return [
      ...[...groups].map((userName) => ({ userName })),
      ...[...users].map((userName) => ({ userName })),
    ];
  }

  // MsgType 51 / code 4: StatusNotifyUserName and the <username> list are index-aligned (§6.4).
  #mapWxids(m: WireMessage): void {
    const names = m.StatusNotifyUserName.split(',').filter(Boolean);
    const list = /&lt;username&gt;([^&]*)&lt;\/username&gt;|<username>([^<]*)<\/username>/.exec(m.Content);
    const wxids = (list?.[1] ?? list?.[2] ?? '').split(',').filter(Boolean);
    if (names.length && names.length === wxids.length) this.store().mapWxids(names, wxids);
  }
}
