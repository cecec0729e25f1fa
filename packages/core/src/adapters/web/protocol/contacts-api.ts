import { WxApiError } from '../../../errors.js';
import { type ApiContext, apiUrl, baseRequest, CGI, postJson, raw } from './context.js';
import { isUsableSyncKey, notNow } from './ids.js';
import { arr, type JsonRecord, num, parseApiJson, str } from './parse.js';
import type { WireContact, WireSyncKey } from './wire.js';

/** The useful part of a `webwxinit` answer (§4.1). */
export interface InitResult {
  readonly user: WireContact;
  readonly contacts: WireContact[];
  readonly syncKey: WireSyncKey;
  /** Non-empty when the server replaced the skey. */
  readonly skey: string;
  /** Comma list of recent chats. */
  readonly chatSet: string;
  readonly inviteStartCount: number;
}

/**
 * `webwxinit`: the first call of a session; also the liveness check of a resumed one.
 * Ret 1100/1101/1102 means the session is gone (WxApiError with that `ret`).
 */
export async function webwxinit(ctx: ApiContext, signal?: AbortSignal): Promise<InitResult> {
  const text = await postJson(
    ctx,
    'webwxinit',
    { r: notNow(), pass_ticket: raw(ctx.creds.passTicket), lang: ctx.lang },
    // The official client sends Uin as a string here only.
    { BaseRequest: baseRequest(ctx.creds, true) },
    signal,
  );
  return parseInit(text);
}

/** Parses a `webwxinit` answer (exported for replay tests). */
export function parseInit(text: string): InitResult {
  const json = parseApiJson('webwxinit', text);
  const user = json.User as WireContact | undefined;
  if (!user || typeof user !== 'object' || typeof user.UserName !== 'string' || !user.UserName) {
    throw new WxApiError('webwxinit', undefined, 'webwxinit: answer has no User');
  }
  if (!isUsableSyncKey(json.SyncKey))
    throw new WxApiError('webwxinit', undefined, 'webwxinit: answer has no SyncKey');
  return {
    user,
    contacts: arr<WireContact>(json.ContactList).filter(isContactRecord),
    syncKey: json.SyncKey,
    skey: str(json.SKey),
    chatSet: str(json.ChatSet),
    inviteStartCount: num(json.InviteStartCount) || 40,
  };
}

/** True for a record with a non-empty UserName (drops garbage entries). */
export function isContactRecord(c: unknown): c is WireContact {
  return (
    !!c &&
    typeof c === 'object' &&
    typeof (c as WireContact).UserName === 'string' &&
    (c as WireContact).UserName !== ''
  );
}

/** StatusNotify codes (§4.2). */
export const StatusNotifyCode = {
  READ: 1,
  ENTER_SESSION: 2,
  INITED: 3,
  SYNC_CONV: 4,
  QUIT_SESSION: 5,
} as const;

/** `webwxstatusnotify`: Code 3 after init (From = To = me), Code 1 to mark a chat read. */
export async function statusNotify(
  ctx: ApiContext,
  args: { readonly code: number; readonly from: string; readonly to: string },
  signal?: AbortSignal,
): Promise<string> {
  const text = await postJson(
    ctx,
    'webwxstatusnotify',
    { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    {
      BaseRequest: baseRequest(ctx.creds),
      Code: args.code,
      FromUserName: args.from,
      ToUserName: args.to,
      ClientMsgId: Date.now(),
    },
    signal,
  );
  return str(parseApiJson('webwxstatusnotify', text).MsgID);
}

/** One page of the address book. `seq` is 0 when there are no more pages. */
export interface ContactPage {
  readonly contacts: WireContact[];
  readonly seq: number;
}

/** `webwxgetcontact`: one page of the address book (§4.3); start with seq 0. */
export async function getContactPage(
  ctx: ApiContext,
  seq: number,
  signal?: AbortSignal,
): Promise<ContactPage> {
  const url = apiUrl(ctx.hosts.main, `${CGI}/webwxgetcontact`, {
    pass_ticket: raw(ctx.creds.passTicket),
    r: Date.now(),
    seq,
    skey: ctx.creds.skey,
  });
  const res = await ctx.http.text({
    endpoint: 'webwxgetcontact',
    url,
    timeoutMs: ctx.timeouts.request,
    signal,
  });
  return parseContactPage(res.data);
}

/** Parses a `webwxgetcontact` page (exported for replay tests). */
export function parseContactPage(text: string): ContactPage {
  const json = parseApiJson('webwxgetcontact', text);
  return { contacts: arr<WireContact>(json.MemberList).filter(isContactRecord), seq: num(json.Seq) };
}

/** The most entries one `webwxbatchgetcontact` call may carry. */
export const BATCH_LIMIT = 50;

/** One entry to batch-get: a group (`encryChatRoomId` ''), a user, or a group member who is not a friend. */
export interface BatchEntry {
  readonly userName: string;
  /** '' for groups and ordinary users; the group's EncryChatRoomId for non-friend members. */
  readonly encryChatRoomId?: string;
}

/** `webwxbatchgetcontact`: full records for up to 50 entries (§4.4). */
export async function batchGetContact(
  ctx: ApiContext,
  entries: readonly BatchEntry[],
  signal?: AbortSignal,
): Promise<WireContact[]> {
  if (entries.length > BATCH_LIMIT) {
    throw new RangeError(`batchGetContact takes at most ${BATCH_LIMIT} entries (got ${entries.length})`);
  }
  const text = await postJson(
    ctx,
    'webwxbatchgetcontact',
    { type: 'ex', r: Date.now(), lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    {
      BaseRequest: baseRequest(ctx.creds),
      Count: entries.length,
      List: entries.map((e) => ({ UserName: e.userName, EncryChatRoomId: e.encryChatRoomId ?? '' })),
    },
    signal,
  );
  return parseBatch(text);
}

/** Parses a `webwxbatchgetcontact` answer (exported for replay tests). */
export function parseBatch(text: string): WireContact[] {
  const json: JsonRecord = parseApiJson('webwxbatchgetcontact', text);
  return arr<WireContact>(json.ContactList).filter(isContactRecord);
}
