import type { ContactKind } from '../../../contacts/types.js';

/**
 * Accounts that are not people: system helpers and built-in services (protocol.md §4.6, the union
 * of the official client and the libraries). Their UserName is the same in every session.
 */
export const SPECIAL_ACCOUNTS: ReadonlySet<string> = new Set([
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
  'wxid_novlwrv3lqwv11',
  'gh_22b87fa7cb3c',
  'officialaccounts',
  'notification_messages',
  'wxitil',
  'userexperience_alarm',
  'notifymessage',
]);

/** `VerifyFlag` bit of official accounts (BIZ_BRAND). */
export const VERIFY_FLAG_OFFICIAL = 8;
/** `ContactFlag` bit set for people in the address book. */
export const CONTACT_FLAG_CONTACT = 1;

/** True for a group UserName (`@@…`, or an internal `…@chatroom` id). */
export function isGroupUserName(userName: string): boolean {
  return userName.startsWith('@@') || userName.endsWith('@chatroom');
}

/** True for a special (system) account such as `filehelper`, `fmessage` or a `…@qqim` id. */
export function isSpecialUserName(userName: string): boolean {
  return SPECIAL_ACCOUNTS.has(userName) || userName.endsWith('@qqim');
}

/** The fields classification looks at. */
export interface ClassifyInput {
  readonly userName: string;
  readonly verifyFlag?: number | undefined;
  readonly contactFlag?: number | undefined;
}

/**
 * Decides what a contact is, in the order of protocol.md §4.6: group, special account, official
 * account (`VerifyFlag & 8`), the bot itself, a friend (`ContactFlag & 1`), else a stranger.
 *
 * @example
 * classifyContact({ userName: '@@abc' }, selfUserName); // 'group'
 */
export function classifyContact(input: ClassifyInput, selfUserName: string | undefined): ContactKind {
  const { userName } = input;
  if (isGroupUserName(userName)) return 'group';
  if (isSpecialUserName(userName)) return 'special';
  if (((input.verifyFlag ?? 0) & VERIFY_FLAG_OFFICIAL) !== 0) return 'official';
  if (selfUserName !== undefined && selfUserName !== '' && userName === selfUserName) return 'self';
  if (((input.contactFlag ?? 0) & CONTACT_FLAG_CONTACT) !== 0) return 'friend';
  return 'stranger';
}
