import { WxApiError } from '../../../errors.js';
import { isContactRecord } from './contacts-api.js';
import { type ApiContext, baseRequest, postJson, raw } from './context.js';
import { arr, parseApiJson, str } from './parse.js';
import type { WireContact, WireMember } from './wire.js';

/** `webwxoplog` CmdId 2: set a contact's remark (§8.1). */
export async function setRemark(
  ctx: ApiContext,
  userName: string,
  remark: string,
  signal?: AbortSignal,
): Promise<void> {
  const text = await postJson(
    ctx,
    'webwxoplog',
    { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    { BaseRequest: baseRequest(ctx.creds), UserName: userName, CmdId: 2, RemarkName: remark },
    signal,
  );
  parseApiJson('webwxoplog', text);
}

/** `webwxoplog` CmdId 3: pin/unpin a chat. Pass the current remark or the server clears it. */
export async function setPinned(
  ctx: ApiContext,
  a: { readonly userName: string; readonly pinned: boolean; readonly remark: string },
  signal?: AbortSignal,
): Promise<void> {
  const text = await postJson(
    ctx,
    'webwxoplog',
    { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    {
      BaseRequest: baseRequest(ctx.creds),
      UserName: a.userName,
      CmdId: 3,
      OP: a.pinned ? 1 : 0,
      RemarkName: a.remark,
    },
    signal,
  );
  parseApiJson('webwxoplog', text);
}

/** `webwxverifyuser` opcodes (§8.4). */
export const VerifyOpcode = { ADD: 1, SEND_REQUEST: 2, ACCEPT: 3, REJECT: 4 } as const;

/** `webwxverifyuser`: accept a friend request (Opcode 3) or send one (Opcode 2). */
export async function verifyUser(
  ctx: ApiContext,
  a: {
    readonly opcode: number;
    readonly userName: string;
    readonly ticket: string;
    readonly content?: string;
  },
  signal?: AbortSignal,
): Promise<void> {
  const text = await postJson(
    ctx,
    'webwxverifyuser',
    { r: Date.now(), lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    {
      BaseRequest: baseRequest(ctx.creds),
      Opcode: a.opcode,
      VerifyUserListSize: 1,
      VerifyUserList: [{ Value: a.userName, VerifyUserTicket: a.ticket }],
      VerifyContent: a.content ?? '',
      SceneListCount: 1,
      SceneList: [33],
      skey: ctx.creds.skey,
    },
    signal,
  );
  parseApiJson('webwxverifyuser', text);
}

/** What `webwxcreatechatroom` answers. */
export interface CreatedGroup {
  readonly userName: string;
  readonly members: WireMember[];
}

/** `webwxcreatechatroom`: a new group with at least 2 others (§8.2). */
export async function createChatroom(
  ctx: ApiContext,
  a: { readonly members: readonly string[]; readonly topic?: string },
  signal?: AbortSignal,
): Promise<CreatedGroup> {
  const text = await postJson(
    ctx,
    'webwxcreatechatroom',
    { r: Date.now(), pass_ticket: raw(ctx.creds.passTicket), lang: ctx.lang },
    {
      BaseRequest: baseRequest(ctx.creds),
      MemberCount: a.members.length,
      MemberList: a.members.map((u) => ({ UserName: u })),
      Topic: a.topic ?? '',
    },
    signal,
  );
  const json = parseApiJson('webwxcreatechatroom', text);
  const userName = str(json.ChatRoomName);
  if (!userName)
    throw new WxApiError('webwxcreatechatroom', undefined, 'webwxcreatechatroom: answer has no ChatRoomName');
  return { userName, members: arr<WireMember>(json.MemberList).filter(isContactRecord) as WireMember[] };
}

/** `webwxupdatechatroom` operations (§8.3). */
export type ChatroomUpdate =
  | { readonly fun: 'addmember' | 'invitemember' | 'delmember'; readonly members: readonly string[] }
  | { readonly fun: 'modtopic'; readonly topic: string }
  | { readonly fun: 'quitchatroom' };

/** `webwxupdatechatroom?fun=…`: add/invite/remove members, rename, quit. Ret 1 = refused. */
export async function updateChatroom(
  ctx: ApiContext,
  group: string,
  op: ChatroomUpdate,
  signal?: AbortSignal,
): Promise<WireContact[]> {
  const body: Record<string, unknown> = { BaseRequest: baseRequest(ctx.creds), ChatRoomName: group };
  if (op.fun === 'addmember') body.AddMemberList = op.members.join(',');
  else if (op.fun === 'invitemember') body.InviteMemberList = op.members.join(',');
  else if (op.fun === 'delmember') body.DelMemberList = op.members.join(',');
  else if (op.fun === 'modtopic') body.NewTopic = op.topic;
  const text = await postJson(
    ctx,
    'webwxupdatechatroom',
    { fun: op.fun, pass_ticket: raw(ctx.creds.passTicket), lang: ctx.lang },
    body,
    signal,
  );
  const json = parseApiJson('webwxupdatechatroom', text);
  return arr<WireContact>(json.MemberList).filter(isContactRecord);
}
