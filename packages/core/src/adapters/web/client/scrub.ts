import type { WireContact } from '../protocol/wire.js';

// The server puts the session skey into every HeadImgUrl (`…webwxgeticon?seq=…&username=…&skey=@crypt_…`).
// Contacts reach plugins and logs, so the secret is cut out here; whoever downloads an avatar adds
// the live skey (it changes during the session anyway).
const SKEY_PARAM = /([?&])skey=[^&]*(&?)/gi;

/** A HeadImgUrl without its `skey` parameter. */
export function scrubAvatarUrl(url: string): string {
  return url.replace(SKEY_PARAM, (_m, lead: string, tail: string) => (tail ? lead : '')).replace(/[?&]$/, '');
}

/** A contact record (and its group members) with secrets removed from avatar URLs. */
export function scrubContact<T extends Partial<WireContact>>(record: T): T {
  const url = record.HeadImgUrl;
  const members = (record as { MemberList?: unknown }).MemberList;
  const cleanUrl = typeof url === 'string' && /skey=/i.test(url) ? scrubAvatarUrl(url) : url;
  const cleanMembers = Array.isArray(members)
    ? members.map((m: unknown) =>
        m !== null && typeof m === 'object' ? scrubContact(m as Partial<WireContact>) : m,
      )
    : members;
  if (cleanUrl === url && cleanMembers === members) return record;
  return {
    ...record,
    ...(cleanUrl !== url ? { HeadImgUrl: cleanUrl } : {}),
    ...(Array.isArray(members) ? { MemberList: cleanMembers } : {}),
  };
}

/** {@link scrubContact} over a list. */
export function scrubContacts<T extends Partial<WireContact>>(records: readonly T[]): T[] {
  return records.map((r) => scrubContact(r));
}
