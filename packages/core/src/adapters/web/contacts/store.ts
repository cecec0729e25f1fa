import type { Contact, ContactKind, ContactLookup, Group, GroupMember } from '../../../contacts/types.js';
import { WxError } from '../../../errors.js';
import type { WireContact } from '../protocol/wire.js';
import { classifyContact } from './classify.js';
import { type MemberRow, MemberTable, type MemberTableJSON } from './member-table.js';
import {
  buildContact,
  buildGroup,
  type ContactFields,
  fieldsFromJSON,
  type MergeMode,
  mergeWire,
} from './record.js';
import { fingerprints, isWxid, type StableIdInput, stableId } from './stable-id.js';

/** JSON-safe copy of a {@link ContactStore}, for the session file. Treat as opaque. */
export interface ContactSnapshot {
  readonly version: 1;
  readonly self: ContactFields | null;
  readonly contacts: ContactFields[];
  readonly members: Array<MemberTableJSON & { readonly group: string }>;
  /** `[session UserName, wxid]` pairs learned this session. */
  readonly wxids: Array<[string, string]>;
  /** `[fingerprint, wxid]` pairs that carry learned wxids over to later sessions ('' = ambiguous). */
  readonly identities: Array<[string, string]>;
}

/** A contact whose stable id changed (it happens once, when its wxid is first learned). */
export interface IdChange {
  readonly userName: string;
  readonly oldId: string;
  readonly newId: string;
}

/** Options of {@link ContactStore}. */
export interface ContactStoreOptions {
  /** How many learned identities (fingerprint → wxid) to keep, oldest dropped first. Default 50,000. */
  readonly maxIdentities?: number;
}

interface Entry {
  fields: ContactFields;
  contact: Contact;
  members: MemberTable | undefined;
}

const EMPTY: readonly GroupMember[] = Object.freeze([]);
const COMMA = Buffer.from(',');

/** Most member lookups remembered between two changes of the store (then it starts afresh). */
const MEMBER_CACHE_MAX = 20_000;

function isRecord(rec: unknown): rec is WireContact {
  return (
    typeof rec === 'object' &&
    rec !== null &&
    typeof (rec as WireContact).UserName === 'string' &&
    (rec as WireContact).UserName !== ''
  );
}

/**
 * Every contact, group and group member the bot knows, kept current from init, getcontact,
 * batchgetcontact and the sync lists. It is the {@link ContactLookup} that `normalize` reads.
 *
 * @example
 * const store = new ContactStore();
 * store.setSelf(init.User);
 * store.upsert(init.ContactList);
 * store.applyModContacts(sync.ModContactList);
 * store.remove(sync.DelContactList.map((c) => c.UserName));
 * store.find('Alice'); // exact matches first, then partial ones
 */
export class ContactStore implements ContactLookup {
  private selfEntry: Entry | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly wxidByUserName = new Map<string, string>();
  private readonly identities = new Map<string, string>();
  private readonly maxIdentities: number;
  /** Bumped by every change to a contact's or the bot's fields (the snapshot's `self` and `contacts`). */
  private rosterRevision = 0;
  /** Bumped by every change to learned ids (the snapshot's `wxids` and `identities`). */
  private idsRevision = 0;
  private rosterCache: { revision: number; bytes: Uint8Array } | undefined;
  private idsCache: { revision: number; bytes: Uint8Array } | undefined;
  /** Each member table's snapshot entry, encoded once: a table is replaced, never changed in place. */
  private readonly memberCache = new WeakMap<MemberTable, { group: string; bytes: Uint8Array }>();
  /**
   * Member records looked up since the last change (group → member UserName → record, null when
   * not a member): every group message asks for its sender (the contact loader, then normalize),
   * and a record costs a search of the packed table and a stable-id hash. Any change empties it.
   */
  private readonly memberLookups = new Map<string, Map<string, GroupMember | null>>();
  private memberLookupsRevision = -1;
  private memberLookupsSize = 0;

  constructor(options: ContactStoreOptions = {}) {
    this.maxIdentities = Math.max(0, options.maxIdentities ?? 50_000);
  }

  /** The bot account itself, after {@link ContactStore.setSelf}. */
  get self(): Contact | undefined {
    return this.selfEntry?.contact;
  }

  /** Number of contacts and groups known (the bot itself not counted). */
  get size(): number {
    return this.entries.size;
  }

  /** Sets the bot account from `webwxinit`'s `User`. A record already stored under that UserName moves here. */
  setSelf(user: WireContact): void {
    this.rosterRevision++;
    if (!isRecord(user)) return;
    const prev =
      this.entries.get(user.UserName) ??
      (this.selfEntry?.fields.userName === user.UserName ? this.selfEntry : undefined);
    this.entries.delete(user.UserName);
    const fields = mergeWire(prev?.fields, user, 'replace');
    this.selfEntry = { fields, contact: buildContact(fields, 'self', ''), members: undefined };
    this.selfEntry.contact = buildContact(fields, 'self', this.computeId(fields, 'self'));
    // Kinds depend on who is self: reclassify what is stored.
    for (const entry of this.entries.values()) this.rebuild(entry);
  }

  /** Adds or replaces full records (init `ContactList`, getcontact `MemberList`, batchget `ContactList`). */
  upsert(records: readonly WireContact[]): void {
    this.rosterRevision++;
    for (const rec of records) this.apply(rec, 'replace', false);
  }

  /**
   * Applies `ModContactList` entries: non-empty fields are merged into what is known (a cleared field
   * is not applied, like the official client); a group entry carries its full `MemberList`.
   */
  applyModContacts(records: readonly WireContact[]): void {
    this.rosterRevision++;
    for (const rec of records) this.apply(rec, 'merge', false);
  }

  /** Sets a group from a `webwxbatchgetcontact` answer, with its full `MemberList`. */
  setGroupDetail(group: WireContact): void {
    this.rosterRevision++;
    this.apply(group, 'replace', true);
  }

  /** Forgets contacts and groups (`DelContactList`: deleted friend, left group). */
  remove(userNames: readonly string[]): void {
    this.rosterRevision++;
    for (const u of userNames) this.entries.delete(u);
  }

  /** Groups whose member list has not been loaded yet: batchget them. */
  groupsNeedingMembers(): string[] {
    const out: string[] = [];
    for (const e of this.entries.values())
      if (e.contact.kind === 'group' && !e.members) out.push(e.fields.userName);
    return out;
  }

  /** True when the UserName is the bot, a stored contact or a stored group. */
  has(userName: string): boolean {
    return this.entries.has(userName) || this.selfEntry?.fields.userName === userName;
  }

  get(userName: string): Contact | undefined {
    if (this.selfEntry?.fields.userName === userName) return this.selfEntry.contact;
    return this.entries.get(userName)?.contact;
  }

  group(userName: string): Group | undefined {
    const c = this.entries.get(userName)?.contact;
    return c?.kind === 'group' ? (c as Group) : undefined;
  }

  /** True when the group's member table has this member. */
  hasMember(groupUserName: string, memberUserName: string): boolean {
    return this.cachedMember(groupUserName, memberUserName) !== null;
  }

  /** A group member's record (the same frozen object until the store changes), or undefined. */
  member(groupUserName: string, memberUserName: string): GroupMember | undefined {
    return this.cachedMember(groupUserName, memberUserName) ?? undefined;
  }

  members(groupUserName: string): readonly GroupMember[] {
    const table = this.entries.get(groupUserName)?.members;
    if (!table) return EMPTY;
    return Array.from(table.rows(), (row) => this.toMember(row));
  }

  /** Every stored friend (`ContactFlag & 1` people). */
  friends(): Contact[] {
    return [...this.entries.values()].filter((e) => e.contact.kind === 'friend').map((e) => e.contact);
  }

  /** Every stored group. */
  groups(): Group[] {
    return [...this.entries.values()]
      .filter((e) => e.contact.kind === 'group')
      .map((e) => e.contact as Group);
  }

  /** Every stored contact and group (the bot not included). */
  all(): Contact[] {
    return [...this.entries.values()].map((e) => e.contact);
  }

  /**
   * Finds contacts by remark, nickname, alias, group topic, or a group member's display name or
   * nickname. Exact matches come first, then case-insensitive exact, then partial matches. Group
   * members who are not contacts are returned as `stranger` contacts.
   *
   * @example
   * store.find('明哥'); // [the friend with that remark]
   */
  find(query: string): Contact[] {
    const q = query.trim();
    if (q === '') return [];
    const lower = q.toLowerCase();
    const best = new Map<string, { rank: number; contact: Contact }>();
    const consider = (contact: Contact, names: readonly string[]) => {
      let rank = 3;
      for (const n of names) {
        if (n === '') continue;
        if (n === q) rank = Math.min(rank, 0);
        else if (n.toLowerCase() === lower) rank = Math.min(rank, 1);
        else if (n.toLowerCase().includes(lower)) rank = Math.min(rank, 2);
      }
      const prev = best.get(contact.userName);
      if (rank < 3 && (!prev || rank < prev.rank)) best.set(contact.userName, { rank, contact });
    };
    if (this.selfEntry) this.considerContact(this.selfEntry.contact, consider);
    for (const e of this.entries.values()) this.considerContact(e.contact, consider);
    for (const e of this.entries.values()) {
      if (!e.members) continue;
      for (const row of e.members.rows()) {
        const known = this.get(row.userName);
        consider(known ?? this.strangerFromMember(row), [row.displayName, row.nickName]);
      }
    }
    return [...best.values()].sort((a, b) => a.rank - b.rank).map((b) => b.contact);
  }

  /**
   * Learns internal wxids from index-aligned lists (MsgType 51 / StatusNotifyCode 4:
   * `StatusNotifyUserName` and the `<username>` list; or one pair from a friend request). Returns
   * the contacts whose stable id changed. Lists of different lengths are ignored (not aligned).
   */
  mapWxids(userNames: readonly string[], wxids: readonly string[]): IdChange[] {
    if (userNames.length !== wxids.length) return [];
    const changes: IdChange[] = [];
    userNames.forEach((userName, i) => {
      const wxid = wxids[i] ?? '';
      // The bot is identified by its Uin, which is permanent; never let a wxid replace it.
      if (!userName || !isWxid(wxid) || userName === this.selfEntry?.fields.userName) return;
      if (this.wxidByUserName.get(userName) === wxid) return;
      const oldId = this.idOf(userName);
      this.wxidByUserName.set(userName, wxid);
      this.idsRevision++;
      const input = this.idInputOf(userName);
      if (input) for (const fp of fingerprints(input)) this.learnIdentity(fp, wxid);
      const entry = this.entries.get(userName);
      if (entry) this.rebuild(entry);
      const newId = this.idOf(userName);
      if (oldId !== undefined && newId !== undefined && oldId !== newId)
        changes.push({ userName, oldId, newId });
    });
    return changes;
  }

  /** The internal wxid learned for a session UserName, if any. */
  wxidOf(userName: string): string | undefined {
    return this.wxidByUserName.get(userName);
  }

  /**
   * Forgets the session: contacts, groups, members, the bot and the UserName → wxid map. Learned
   * identities are kept (that is what keeps ids stable after the next login) unless
   * `{ identities: true }`.
   *
   * @example
   * // After a fresh login, with the snapshot saved by the previous session:
   * const store = ContactStore.restore(saved);
   * store.clear(); // old UserNames are useless now, learned identities stay
   */
  clear(options: { identities?: boolean } = {}): void {
    this.rosterRevision++;
    this.idsRevision++;
    this.entries.clear();
    this.selfEntry = undefined;
    this.wxidByUserName.clear();
    if (options.identities) this.identities.clear();
  }

  /**
   * {@link ContactStore.snapshot} as UTF-8 JSON, in pieces to write one after another. The session
   * file is saved every few seconds while messages flow, and with 200 groups × 500 members the
   * contacts are ~11 MB of it: serializing and encoding them took tens of milliseconds of the event
   * loop per save. Each piece is encoded again only after it changed: the contacts' fields, each
   * group's member table (one group's new member list re-encodes that group only), the learned ids.
   *
   * @example
   * const json = Buffer.concat(store.snapshotChunks()).toString(); // JSON.stringify(store.snapshot())
   */
  snapshotChunks(): Uint8Array[] {
    if (this.rosterCache?.revision !== this.rosterRevision) {
      const head = JSON.stringify({
        version: 1,
        self: this.selfEntry ? { ...this.selfEntry.fields } : null,
        contacts: [...this.entries.values()].map((e) => ({ ...e.fields })),
      });
      this.rosterCache = {
        revision: this.rosterRevision,
        bytes: Buffer.from(`${head.slice(0, -1)},"members":[`),
      };
    }
    if (this.idsCache?.revision !== this.idsRevision) {
      const wxids = JSON.stringify([...this.wxidByUserName.entries()]);
      const identities = JSON.stringify([...this.identities.entries()]);
      this.idsCache = {
        revision: this.idsRevision,
        bytes: Buffer.from(`],"wxids":${wxids},"identities":${identities}}`),
      };
    }
    const chunks: Uint8Array[] = [this.rosterCache.bytes];
    for (const e of this.entries.values()) {
      if (!e.members) continue;
      const group = e.fields.userName;
      let part = this.memberCache.get(e.members);
      if (part?.group !== group) {
        part = { group, bytes: Buffer.from(JSON.stringify({ group, ...e.members.toJSON() })) };
        this.memberCache.set(e.members, part);
      }
      if (chunks.length > 1) chunks.push(COMMA);
      chunks.push(part.bytes);
    }
    chunks.push(this.idsCache.bytes);
    return chunks;
  }

  /** A JSON-safe copy of everything, for the session file. */
  snapshot(): ContactSnapshot {
    const members: Array<MemberTableJSON & { group: string }> = [];
    for (const e of this.entries.values())
      if (e.members) members.push({ group: e.fields.userName, ...e.members.toJSON() });
    return {
      version: 1,
      self: this.selfEntry ? { ...this.selfEntry.fields } : null,
      contacts: [...this.entries.values()].map((e) => ({ ...e.fields })),
      members,
      wxids: [...this.wxidByUserName.entries()],
      identities: [...this.identities.entries()],
    };
  }

  /**
   * Rebuilds a store from {@link ContactStore.snapshot} output (e.g. read back from the session
   * file). Malformed entries are skipped.
   *
   * @throws {WxError} code `CONTACTS_SNAPSHOT` when the value is not a version-1 snapshot.
   */
  static restore(snapshot: ContactSnapshot | unknown, options: ContactStoreOptions = {}): ContactStore {
    const s = snapshot as Partial<Record<keyof ContactSnapshot, unknown>> | null;
    if (typeof s !== 'object' || s === null || s.version !== 1) {
      throw new WxError(
        'CONTACTS_SNAPSHOT',
        'The saved contact snapshot is not a version-1 wxbot snapshot; delete the session file and log in again.',
      );
    }
    const store = new ContactStore(options);
    for (const [k, v] of pairs(s.identities)) store.identities.set(k, v);
    for (const [k, v] of pairs(s.wxids)) if (isWxid(v)) store.wxidByUserName.set(k, v);
    const self = fieldsFromJSON(s.self);
    if (self) {
      store.selfEntry = { fields: self, contact: buildContact(self, 'self', ''), members: undefined };
      store.selfEntry.contact = buildContact(self, 'self', store.computeId(self, 'self'));
    }
    const tables = new Map<string, unknown>();
    if (Array.isArray(s.members)) {
      for (const m of s.members) {
        const g = typeof m === 'object' && m !== null ? (m as { group?: unknown }).group : undefined;
        if (typeof g === 'string') tables.set(g, m);
      }
    }
    if (Array.isArray(s.contacts)) {
      for (const raw of s.contacts) {
        const fields = fieldsFromJSON(raw);
        if (!fields || fields.userName === self?.userName) continue;
        const table = tables.get(fields.userName);
        const entry: Entry = {
          fields,
          contact: buildContact(fields, 'stranger', ''),
          members: table === undefined ? undefined : MemberTable.fromJSON(table),
        };
        store.rebuild(entry);
        store.entries.set(fields.userName, entry);
      }
    }
    return store;
  }

  // --- internals -------------------------------------------------------------------------------

  private apply(rec: WireContact, mode: MergeMode, detail: boolean): void {
    if (!isRecord(rec)) return;
    const self = this.selfEntry;
    if (self && rec.UserName === self.fields.userName) {
      self.fields = mergeWire(self.fields, rec, 'merge');
      self.contact = buildContact(self.fields, 'self', this.computeId(self.fields, 'self'));
      return;
    }
    const prev = this.entries.get(rec.UserName);
    const fields = mergeWire(prev?.fields, rec, mode);
    let members = prev?.members;
    const list = Array.isArray(rec.MemberList) ? rec.MemberList : undefined;
    if (list && (list.length > 0 || detail) && this.kindOf(fields) === 'group') {
      members = MemberTable.fromWire(list);
    }
    const entry: Entry = { fields, contact: prev?.contact ?? buildContact(fields, 'stranger', ''), members };
    this.rebuild(entry);
    this.entries.set(rec.UserName, entry);
  }

  private kindOf(fields: ContactFields): ContactKind {
    return classifyContact(fields, this.selfEntry?.fields.userName);
  }

  private rebuild(entry: Entry): void {
    const kind = this.kindOf(entry.fields);
    const id = this.computeId(entry.fields, kind);
    entry.contact =
      kind === 'group'
        ? buildGroup(entry.fields, id, entry.members?.size)
        : buildContact(entry.fields, kind, id);
  }

  private computeId(f: ContactFields, kind: ContactKind): string {
    const input: StableIdInput = {
      kind,
      userName: f.userName,
      uin: f.uin,
      alias: f.alias,
      remarkName: f.remarkName,
      nickName: f.nickName,
    };
    return stableId({ ...input, wxid: this.wxidFor(input) });
  }

  private wxidFor(input: StableIdInput): string | undefined {
    const known = this.wxidByUserName.get(input.userName);
    if (known) return known;
    if (input.kind === 'self') return undefined;
    for (const fp of fingerprints(input)) {
      const w = this.identities.get(fp);
      if (w) return w;
    }
    return undefined;
  }

  private learnIdentity(fingerprint: string, wxid: string): void {
    this.idsRevision++;
    const cur = this.identities.get(fingerprint);
    // Two different wxids behind one fingerprint (same nickname…): never guess between them.
    this.identities.set(fingerprint, cur === undefined || cur === wxid ? wxid : '');
    while (this.identities.size > this.maxIdentities) {
      const oldest = this.identities.keys().next().value;
      if (oldest === undefined) break;
      this.identities.delete(oldest);
    }
  }

  private findMemberRow(userName: string): MemberRow | undefined {
    for (const e of this.entries.values()) {
      const row = e.members?.get(userName);
      if (row) return row;
    }
    return undefined;
  }

  private idInputOf(userName: string): StableIdInput | undefined {
    const entry = this.entries.get(userName);
    if (entry) {
      const f = entry.fields;
      return {
        kind: entry.contact.kind,
        userName,
        uin: f.uin,
        alias: f.alias,
        remarkName: f.remarkName,
        nickName: f.nickName,
      };
    }
    const row = this.findMemberRow(userName);
    return row ? { kind: 'stranger', userName, uin: row.uin, nickName: row.nickName } : undefined;
  }

  private idOf(userName: string): string | undefined {
    const c = this.get(userName);
    if (c) return c.id;
    const row = this.findMemberRow(userName);
    return row ? this.toMember(row).id : undefined;
  }

  private cachedMember(groupUserName: string, memberUserName: string): GroupMember | null {
    const cache = this.memberLookups;
    // Both counters only grow, so their sum changes with any change to the store.
    const revision = this.rosterRevision + this.idsRevision;
    if (this.memberLookupsRevision !== revision || this.memberLookupsSize >= MEMBER_CACHE_MAX) {
      cache.clear();
      this.memberLookupsSize = 0;
      this.memberLookupsRevision = revision;
    }
    let byMember = cache.get(groupUserName);
    const known = byMember?.get(memberUserName);
    if (known !== undefined) return known;
    const row = this.entries.get(groupUserName)?.members?.get(memberUserName);
    const member = row ? Object.freeze(this.toMember(row)) : null;
    if (!byMember) {
      byMember = new Map();
      cache.set(groupUserName, byMember);
    }
    byMember.set(memberUserName, member);
    this.memberLookupsSize += 1;
    return member;
  }

  private toMember(row: MemberRow): GroupMember {
    const known = this.get(row.userName);
    const input: StableIdInput = {
      kind: 'stranger',
      userName: row.userName,
      uin: row.uin,
      nickName: row.nickName,
    };
    const id = known ? known.id : stableId({ ...input, wxid: this.wxidFor(input) });
    // The account's own uin is a session secret: it is never handed out in a member record.
    const uin = known?.kind === 'self' ? 0 : row.uin;
    return { id, userName: row.userName, nickName: row.nickName, displayName: row.displayName, uin };
  }

  private strangerFromMember(row: MemberRow): Contact {
    const fields = mergeWire(
      undefined,
      { UserName: row.userName, NickName: row.nickName, Uin: row.uin },
      'replace',
    );
    return buildContact(fields, 'stranger', this.toMember(row).id);
  }

  private considerContact(c: Contact, consider: (c: Contact, names: readonly string[]) => void): void {
    consider(c, [c.remarkName, c.nickName, c.alias, c.name]);
  }
}

function pairs(value: unknown): Array<[string, string]> {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string',
  );
}
