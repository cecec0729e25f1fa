import { baseResponse, jsonEndpoint } from './api-common.js';
import { sidFromCookies } from './auth.js';
import type { SimCore } from './core.js';
import { arr, num, type RequestContext, readBody, send, str } from './http.js';
import type { Session } from './session.js';
import type { WireMemberRecord } from './wire/index.js';
import type { ContactState } from './world.js';

/** Group size from which `addmember` is refused and `invitemember` must be used. */
export const INVITE_START_COUNT = 40;

/** `POST webwxoplog`: CmdId 2 sets the remark, CmdId 3 pins (OP 1) / unpins (OP 0); echoed as ModContact. */
export function handleOplog(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const c = core.contactByUserName(s, str(body, 'UserName') ?? '');
    const cmd = num(body, 'CmdId');
    if (!c || c.kind === 'self' || (cmd !== 2 && cmd !== 3)) return baseResponse(1);
    // Omitting RemarkName clears the remark, as on the real server.
    c.remarkName = str(body, 'RemarkName') ?? '';
    if (cmd === 3) c.contactFlag = num(body, 'OP') === 1 ? c.contactFlag | 2048 : c.contactFlag & ~2048;
    core.pushMod(c.wxid);
    core.emit('bot.oplog', `bot updated ${c.nickName} (CmdId ${cmd})`);
    return baseResponse(0);
  });
}

/** `POST webwxverifyuser`: Opcode 3 accepts a pending friend request (ticket must match), 2 sends one. */
export function handleVerifyUser(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const op = num(body, 'Opcode');
    const list = arr(body, 'VerifyUserList') ?? [];
    if (list.length === 0) return baseResponse(1);
    for (const item of list) {
      const entry = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
      const c = core.contactByUserName(s, str(entry, 'Value') ?? '');
      if (!c) return baseResponse(1);
      if (op === 3) {
        const ticket = str(entry, 'VerifyUserTicket') ?? '';
        if (core.friendRequests.get(ticket) !== c.wxid) return baseResponse(1);
        core.friendRequests.delete(ticket);
        makeFriend(core, c);
      } else if (op === 2) {
        core.friendRequestsSent.push({ wxid: c.wxid, greeting: str(body, 'VerifyContent') ?? '' });
        core.emit('bot.friendRequest', `bot asked ${c.nickName} to be friends`);
      }
    }
    return baseResponse(0);
  });
}

/** Turns a stranger into a friend: ModContactList + the 10000 "你已添加了…" line. */
export function makeFriend(core: SimCore, c: ContactState): void {
  c.kind = 'friend';
  c.contactFlag = 3;
  core.pushMod(c.wxid);
  if (core.session) {
    core.deliver(
      { from: c.wxid, to: core.world.selfWxid },
      { kind: 'friendAdded', name: c.nickName, by: 'me' },
    );
  }
  core.emit('contact.friend', `${c.nickName} is now a friend`);
}

function membersOf(core: SimCore, s: Session, g: ContactState, wxids: string[]): WireMemberRecord[] {
  return g.members.filter((m) => wxids.includes(m.wxid)).map((m) => core.records.member(s, g, m));
}

function namesOf(core: SimCore, wxids: string[]): string[] {
  return wxids.map((id) => core.world.get(id).nickName);
}

/** `POST webwxupdatechatroom?fun=addmember|invitemember|delmember|modtopic|quitchatroom`. */
export function handleUpdateChatroom(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const fun = ctx.query.get('fun') ?? '';
    const refused = { ...baseResponse(1), MemberCount: 0, MemberList: [] };
    const g = core.contactByUserName(s, str(body, 'ChatRoomName') ?? '');
    const self = core.world.selfWxid;
    if (g?.kind !== 'group' || !g.members.some((m) => m.wxid === self)) return refused;
    const resolve = (field: string): ContactState[] | undefined => {
      const names = (str(body, field) ?? '').split(',').filter(Boolean);
      const out = names.map((n) => core.contactByUserName(s, n));
      return names.length > 0 && out.every((c) => c !== undefined) ? (out as ContactState[]) : undefined;
    };
    const groupTarget = { from: g.wxid, to: self };
    if (fun === 'addmember' || fun === 'invitemember') {
      const add = resolve(fun === 'addmember' ? 'AddMemberList' : 'InviteMemberList');
      if (!add || add.some((c) => c.kind !== 'friend')) return refused;
      if (fun === 'addmember' && g.members.length + add.length >= INVITE_START_COUNT) return refused;
      const fresh = add.filter((c) => !g.members.some((m) => m.wxid === c.wxid)).map((c) => c.wxid);
      for (const id of fresh) g.members.push({ wxid: id, displayName: '' });
      if (fresh.length > 0) {
        core.deliver(groupTarget, { kind: 'groupInvite', invitees: namesOf(core, fresh) });
        core.pushMod(g.wxid);
      }
      core.emit('bot.group', `bot added ${fresh.length} member(s) to ${g.nickName}`);
      const list = membersOf(core, s, g, fresh);
      return { ...baseResponse(0), MemberCount: list.length, MemberList: list };
    }
    if (fun === 'delmember') {
      const del = resolve('DelMemberList');
      if (!del || g.ownerWxid !== self) return refused;
      if (del.some((c) => !g.members.some((m) => m.wxid === c.wxid) || c.wxid === self)) return refused;
      const list = membersOf(
        core,
        s,
        g,
        del.map((c) => c.wxid),
      );
      g.members = g.members.filter((m) => !del.some((c) => c.wxid === m.wxid));
      for (const c of del) core.deliver(groupTarget, { kind: 'groupRemove', member: c.nickName });
      core.pushMod(g.wxid);
      core.emit('bot.group', `bot removed ${del.length} member(s) from ${g.nickName}`);
      return { ...baseResponse(0), MemberCount: list.length, MemberList: list };
    }
    if (fun === 'modtopic') {
      const topic = str(body, 'NewTopic') ?? '';
      if (!topic) return refused;
      g.nickName = topic;
      core.deliver(groupTarget, { kind: 'groupRename', topic });
      core.pushMod(g.wxid);
      core.emit('bot.group', `bot renamed a group to ${topic}`);
      return { ...baseResponse(0), MemberCount: 0, MemberList: [] };
    }
    if (fun === 'quitchatroom') {
      core.pushDel(g.wxid);
      g.members = g.members.filter((m) => m.wxid !== self);
      return { ...baseResponse(0), MemberCount: 0, MemberList: [] };
    }
    return refused;
  });
}

/** `POST webwxcreatechatroom`: at least two friends; the bot owns the new group. */
export function handleCreateChatroom(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const list = arr(body, 'MemberList') ?? [];
    const members = list.map((item) => {
      const e = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
      return core.contactByUserName(s, str(e, 'UserName') ?? '');
    });
    const fail = {
      ...baseResponse(1),
      Topic: '',
      PYInitial: '',
      QuanPin: '',
      MemberCount: 0,
      MemberList: [],
      ChatRoomName: '',
      BlackList: '',
    };
    if (members.length < 2 || members.some((c) => c?.kind !== 'friend')) return fail;
    const friends = members as ContactState[];
    const topic = str(body, 'Topic') ?? '';
    const g = core.world.addGroup({
      topic: topic || friends.map((c) => c.nickName).join('、'),
      members: friends.map((c) => c.wxid),
      owner: 'self',
    });
    core.pushMod(g.wxid);
    core.deliver(
      { from: g.wxid, to: core.world.selfWxid },
      {
        kind: 'groupInvite',
        invitees: namesOf(
          core,
          friends.map((c) => c.wxid),
        ),
      },
    );
    core.emit('bot.group', `bot created group ${g.nickName}`);
    const memberRecords = membersOf(
      core,
      s,
      g,
      friends.map((c) => c.wxid),
    );
    return {
      BaseResponse: { Ret: 0, ErrMsg: 'Everything is OK' },
      Topic: topic,
      PYInitial: '',
      QuanPin: '',
      MemberCount: memberRecords.length,
      MemberList: memberRecords,
      ChatRoomName: core.records.userName(s, g),
      BlackList: '',
    };
  });
}

/**
 * `GET|POST webwxlogout`: ends the session (its synccheck then answers 1102, as reported) and
 * answers with a redirect to the main host's start page, like the real server (`redirect=1`).
 */
export async function handleLogout(core: SimCore, ctx: RequestContext): Promise<void> {
  const form =
    ctx.method === 'POST'
      ? new URLSearchParams((await readBody(ctx.req, 64 * 1024)).toString('utf8'))
      : undefined;
  const sid = form?.get('sid') ?? sidFromCookies(ctx);
  const s = sid ? core.sessions.get(sid) : undefined;
  if (s && s.status === 'active' && ctx.host === s.mainHost && ctx.query.get('skey') === s.skey) {
    core.endSession(s, 'loggedOut');
  }
  send(ctx.res, 302, 'text/html', '', { Location: `https://${ctx.host}/` });
}
