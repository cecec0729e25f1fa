import { baseResponse, jsonEndpoint, sendWire } from './api-common.js';
import { authQuery } from './auth.js';
import type { SimCore } from './core.js';
import { arr, num, type RequestContext, readBody, str } from './http.js';
import type { Session } from './session.js';
import { buildUserRecord, headImgUrl, newMsgIds, RawJson } from './wire/index.js';
import type { ContactState } from './world.js';

/** `POST webwxinit`. Keeps UserNames when the session is resumed; the SyncKey resumes where the bot left. */
export function handleInit(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s) => {
    s.initCount++;
    const self = core.world.self;
    const selfName = core.records.userName(s, self);
    const recent = core.recentChats();
    const list = [...recent, self].map((c) => core.records.contact(s, c));
    const nowS = Math.floor(core.now / 1000);
    return {
      ...baseResponse(0),
      Count: list.length,
      ContactList: list,
      SyncKey: s.log.keyFor(s.log.acked, false),
      User: buildUserRecord({
        Uin: s.uin,
        UserName: selfName,
        NickName: self.nickName,
        HeadImgUrl: headImgUrl(selfName, s.skey, { seq: self.headSeq }),
        Sex: self.sex,
        Signature: self.signature,
        HeadImgFlag: 1,
        SnsFlag: 49,
      }),
      ChatSet: `${recent.map((c) => core.records.userName(s, c)).join(',')},`,
      SKey: s.skey,
      ClientVersion: 385877285,
      SystemTime: nowS,
      GrayScale: 1,
      InviteStartCount: 40,
      MPSubscribeMsgCount: 0,
      MPSubscribeMsgList: [],
      ClickReportInterval: 600000,
    };
  });
}

/** `POST webwxstatusnotify`. Code 3 queues the MsgType 51 / StatusNotifyCode 4 conversation list. */
export function handleStatusNotify(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const code = num(body, 'Code');
    if (code === 3) {
      const self = core.world.self;
      const chats = core.recentChats().map((c) => core.records.userName(s, c));
      core.deliver({ from: self.wxid, to: self.wxid }, { kind: 'statusNotify', code: 4, chats });
    }
    return { ...baseResponse(0), MsgID: newMsgIds().msgId };
  });
}

function addressBook(core: SimCore): ContactState[] {
  const w = core.world;
  return [
    ...w.list('special').filter((c) => c.contactFlag & 1),
    ...w.list('official'),
    ...w.list('friend'),
    ...w.groupsWithSelf().filter((g) => g.saved),
  ];
}

/** `GET|POST webwxgetcontact?seq=`: the address book, `contactPageSize` per page, `Seq` 0 on the last. */
export async function handleGetContact(core: SimCore, ctx: RequestContext): Promise<void> {
  if (ctx.method === 'POST') await readBody(ctx.req).catch(() => Buffer.alloc(0));
  const auth = authQuery(core, ctx, true);
  if (!auth.ok) {
    sendWire(ctx, baseResponse(auth.code));
    return;
  }
  const s = auth.session;
  const all = addressBook(core);
  const size = core.opts.contactPageSize;
  const seq = Number(ctx.query.get('seq') ?? '0');
  const start = Number.isInteger(seq) && seq > 0 ? seq : 0;
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? start + size : 0;
  sendWire(ctx, {
    ...baseResponse(0),
    MemberCount: page.length,
    MemberList: page.map((c) => core.records.contact(s, c)),
    Seq: next,
  });
}

/** One batchgetcontact record, as wire JSON (groups from cached member fragments). */
function batchRecord(core: SimCore, s: Session, userName: string, room: string): string | undefined {
  const c = core.contactByUserName(s, userName);
  if (!c) return undefined;
  if (c.kind === 'group') return core.records.contactJson(s, c, { full: true });
  if (room) {
    const groupWxid = s.groupOfEncry(room) ?? core.contactByUserName(s, room)?.wxid;
    const g = groupWxid ? core.world.contacts.get(groupWxid) : undefined;
    if (g?.members.some((m) => m.wxid === c.wxid))
      return core.records.contactJson(s, c, { viaRoom: s.encryOf(g.wxid) });
  }
  return core.records.contactJson(s, c);
}

/** `POST webwxbatchgetcontact`: at most 50 entries (else Ret 1); groups come with their MemberList. */
export function handleBatchGetContact(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (s, body) => {
    const list = arr(body, 'List') ?? [];
    if (list.length > 50) return { ...baseResponse(1), Count: 0, ContactList: [] };
    const out: string[] = [];
    for (const item of list) {
      const entry = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
      const userName = str(entry, 'UserName');
      if (!userName) continue;
      const room = str(entry, 'EncryChatRoomId') || str(entry, 'ChatRoomId') || '';
      const rec = batchRecord(core, s, userName, room);
      if (rec) out.push(rec);
    }
    return { ...baseResponse(0), Count: out.length, ContactList: new RawJson(`[${out.join(',')}]`) };
  });
}
