import type { Contact, ContactKind, Group } from '../../../contacts/types.js';
import type { WireContact } from '../protocol/wire.js';
import { decodeName } from './name.js';

/** The per-contact fields the store keeps (JSON-safe; also the snapshot format of one contact). */
export interface ContactFields {
  userName: string;
  nickName: string;
  remarkName: string;
  alias: string;
  province: string;
  city: string;
  sex: number;
  signature: string;
  avatarPath: string;
  verifyFlag: number;
  contactFlag: number;
  uin: number;
  encryChatRoomId: string;
  ownerUserName: string;
  ownerUin: number;
  memberCount: number;
}

/** How a wire record is merged into what is known. */
export type MergeMode =
  /** Full records (init/getcontact/batchget): empty strings do clear a field (e.g. a removed remark). */
  | 'replace'
  /** ModContactList: only non-empty fields are applied, like the official client. */
  | 'merge';

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function emptyFields(userName: string): ContactFields {
  return {
    userName,
    nickName: '',
    remarkName: '',
    alias: '',
    province: '',
    city: '',
    sex: 0,
    signature: '',
    avatarPath: '',
    verifyFlag: 0,
    contactFlag: 0,
    uin: 0,
    encryChatRoomId: '',
    ownerUserName: '',
    ownerUin: 0,
    memberCount: 0,
  };
}

/**
 * Merges one wire record into the known fields. Fields that only some record shapes carry
 * (Uin, HeadImgUrl, EncryChatRoomId, owner, MemberCount) are only taken when non-empty.
 */
export function mergeWire(prev: ContactFields | undefined, rec: WireContact, mode: MergeMode): ContactFields {
  const out = { ...(prev ?? emptyFields(rec.UserName)) };
  const text = (key: 'nickName' | 'remarkName' | 'alias' | 'province' | 'city' | 'signature', v: unknown) => {
    const s = str(v);
    if (s === undefined || (mode === 'merge' && s === '')) return;
    out[key] = key === 'nickName' || key === 'remarkName' || key === 'signature' ? decodeName(s) : s;
  };
  const int = (key: 'sex' | 'verifyFlag' | 'contactFlag', v: unknown) => {
    const n = num(v);
    if (n === undefined || (mode === 'merge' && n === 0)) return;
    out[key] = n;
  };
  const sticky = (key: 'avatarPath' | 'encryChatRoomId' | 'ownerUserName', v: unknown) => {
    const s = str(v);
    if (s) out[key] = s;
  };
  const stickyNum = (key: 'uin' | 'ownerUin' | 'memberCount', v: unknown) => {
    const n = num(v);
    if (n !== undefined && n > 0) out[key] = n;
  };
  text('nickName', rec.NickName);
  text('remarkName', rec.RemarkName);
  text('alias', rec.Alias);
  text('province', rec.Province);
  text('city', rec.City);
  text('signature', rec.Signature);
  int('sex', rec.Sex);
  int('verifyFlag', rec.VerifyFlag);
  int('contactFlag', rec.ContactFlag);
  sticky('avatarPath', rec.HeadImgUrl);
  sticky('encryChatRoomId', rec.EncryChatRoomId);
  sticky('ownerUserName', rec.ChatRoomOwner);
  stickyNum('uin', rec.Uin);
  stickyNum('ownerUin', rec.OwnerUin);
  stickyNum('memberCount', rec.MemberCount);
  return out;
}

/** Reads one snapshot entry back, or undefined when it is not usable. */
export function fieldsFromJSON(json: unknown): ContactFields | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const j = json as Record<string, unknown>;
  const userName = str(j.userName);
  if (!userName) return undefined;
  const base = emptyFields(userName);
  for (const key of Object.keys(base) as Array<keyof ContactFields>) {
    const v = j[key];
    if (typeof base[key] === 'string' && typeof v === 'string')
      (base as unknown as Record<string, unknown>)[key] = v;
    if (typeof base[key] === 'number' && num(v) !== undefined)
      (base as unknown as Record<string, unknown>)[key] = v;
  }
  return base;
}

/** Builds the public, frozen contact object. */
export function buildContact(f: ContactFields, kind: ContactKind, id: string): Contact {
  return Object.freeze({
    id,
    userName: f.userName,
    kind,
    nickName: f.nickName,
    remarkName: f.remarkName,
    alias: f.alias,
    name: f.remarkName || f.nickName,
    province: f.province,
    city: f.city,
    sex: f.sex,
    signature: f.signature,
    avatarPath: f.avatarPath,
    verifyFlag: f.verifyFlag,
    contactFlag: f.contactFlag,
    // The account's own uin is a session secret (BaseRequest, cookies): never handed out.
    uin: kind === 'self' ? 0 : f.uin,
  });
}

/** Builds the public, frozen group object. */
export function buildGroup(f: ContactFields, id: string, loadedMembers: number | undefined): Group {
  return Object.freeze({
    ...buildContact(f, 'group', id),
    kind: 'group' as const,
    topic: f.nickName,
    encryChatRoomId: f.encryChatRoomId,
    ownerUserName: f.ownerUserName,
    ownerUin: f.ownerUin,
    memberCount: f.memberCount || (loadedMembers ?? 0),
    membersLoaded: loadedMembers !== undefined,
  });
}
