import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);

async function fixtureKeys(name: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  return Object.keys(JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')) as object);
}

describe('init, notify and contacts', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40, contactPageSize: 3 });
    const alice = sim.phone.addFriend({ wxid: 'wxid_alice', nickName: '小明🌛', remarkName: '明哥', sex: 1 });
    sim.phone.addFriend({ wxid: 'wxid_bob', nickName: 'Bob 李' });
    const carol = sim.phone.addStranger({ wxid: 'wxid_carol', nickName: '卡萝', sex: 2 });
    sim.phone.addOfficial({ wxid: 'gh_0123456789ab', nickName: '示例服务号' });
    sim.phone.addGroup({
      wxid: '1234567890@chatroom',
      topic: '周末爬山群',
      members: [alice, 'wxid_bob', carol],
      owner: 'self',
      displayNames: { wxid_alice: '山顶见' },
    });
    t = await loginFlow(sim);
  });
  afterEach(() => sim.close());

  test('webwxinit has the fixture key set, User, ChatSet with trailing comma, 4-key SyncKey', async () => {
    const { json } = await call(t, 'webwxinit');
    expect(Object.keys(json)).toEqual(await fixtureKeys('webwxinit.json'));
    const user = json.User as Record<string, unknown>;
    expect(user.Uin).toBe(2912345678);
    expect(user.UserName).toMatch(/^@[0-9a-f]{64}$/);
    expect(json.ChatSet).toMatch(/^filehelper,@@[0-9a-f]{64},.*,$/);
    expect((json.SyncKey as { List: Array<{ Key: number }> }).List.map((k) => k.Key)).toEqual([
      1, 2, 3, 1000,
    ]);
    expect(json.Count).toBe((json.ContactList as unknown[]).length);
    expect(json.InviteStartCount).toBe(40);
  });

  test('Uin as a numeric string is accepted by init; UserNames are kept on re-init', async () => {
    const { json } = await t.client.postJson(t.api('webwxinit'), {
      BaseRequest: { ...t.baseRequest, Uin: String(t.uin) },
    });
    expect((json.BaseResponse as { Ret: number }).Ret).toBe(0);
    expect((json.User as { UserName: string }).UserName).toBe(t.userName);
  });

  test('statusnotify Code 3 queues MsgType 51 / code 4 with index-aligned lists', async () => {
    const { json } = await call(t, 'webwxstatusnotify', {
      Code: 3,
      FromUserName: t.userName,
      ToUserName: t.userName,
      ClientMsgId: Date.now(),
    });
    expect(json.MsgID).toMatch(/^\d{19}$/);
    const { msgs } = await sync(t);
    const m = msgs.find((x) => x.MsgType === 51);
    expect(m?.StatusNotifyCode).toBe(4);
    const names = String(m?.StatusNotifyUserName).split(',');
    const wxids = /&lt;username&gt;([^&]*)&lt;\/username&gt;/.exec(String(m?.Content))?.[1]?.split(',') ?? [];
    expect(wxids.length).toBe(names.length);
    const gi = names.findIndex((n) => n.startsWith('@@'));
    expect(wxids[gi]).toBe('1234567890@chatroom');
    expect(wxids[names.indexOf('filehelper')]).toBe('filehelper');
  });

  test('getcontact pages with Seq until 0, one record per contact, groups without members', async () => {
    const seen: Array<Record<string, unknown>> = [];
    let seq = 0;
    let pages = 0;
    do {
      const res = await t.client.request(
        t.api('webwxgetcontact', `r=${Date.now()}&seq=${seq}&skey=${t.skey}`),
      );
      const json = JSON.parse(res.text) as {
        MemberCount: number;
        MemberList: Array<Record<string, unknown>>;
        Seq: number;
      };
      expect(json.MemberCount).toBe(json.MemberList.length);
      seen.push(...json.MemberList);
      seq = json.Seq;
      pages++;
    } while (seq !== 0 && pages < 10);
    expect(pages).toBeGreaterThan(1);
    const nicks = seen.map((c) => c.NickName);
    expect(nicks).toContain('小明<span class="emoji emoji1f31b"></span>');
    expect(nicks).not.toContain('卡萝');
    const group = seen.find((c) => String(c.UserName).startsWith('@@'));
    expect(group?.MemberCount).toBe(0);
    expect(new Set(seen.map((c) => c.UserName)).size).toBe(seen.length);
  });

  test('batchgetcontact: group with full MemberList; member via EncryChatRoomId; > 50 refused', async () => {
    const init = await call(t, 'webwxinit');
    const groupName = (init.json.ContactList as Array<{ UserName: string }>).find((c) =>
      c.UserName.startsWith('@@'),
    )?.UserName;
    const { json } = await call(
      t,
      'webwxbatchgetcontact',
      { Count: 1, List: [{ UserName: groupName, EncryChatRoomId: '' }] },
      'type=ex',
    );
    const g = (json.ContactList as Array<Record<string, unknown>>)[0] ?? {};
    expect(Object.keys(g)).toHaveLength(31);
    expect(g.MemberCount).toBe(4);
    expect(g.EncryChatRoomId).toMatch(/^@[0-9a-f]{32}$/);
    expect(g.IsOwner).toBe(1);
    expect(g.OwnerUin).toBe(2912345678);
    const members = g.MemberList as Array<Record<string, unknown>>;
    expect(members.find((m) => m.DisplayName === '山顶见')).toBeDefined();
    const carol = members.find((m) => m.NickName === '卡萝');
    const m2 = await call(t, 'webwxbatchgetcontact', {
      Count: 1,
      List: [{ UserName: carol?.UserName, EncryChatRoomId: g.EncryChatRoomId }],
    });
    const rec = (m2.json.ContactList as Array<Record<string, unknown>>)[0];
    expect(rec?.Sex).toBe(2);
    expect(String(rec?.HeadImgUrl)).toContain(`&chatroomid=${g.EncryChatRoomId}`);
    const many = Array.from({ length: 51 }, () => ({ UserName: groupName, EncryChatRoomId: '' }));
    const big = await call(t, 'webwxbatchgetcontact', { Count: 51, List: many });
    expect((big.json.BaseResponse as { Ret: number }).Ret).toBe(1);
  });

  test('batchgetcontact answers again with renamed members and changed group nicknames', async () => {
    const group = sim.phone.contact('1234567890@chatroom').userName;
    const members = async () => {
      const { json } = await call(t, 'webwxbatchgetcontact', {
        Count: 1,
        List: [{ UserName: group, EncryChatRoomId: '' }],
      });
      const g = (json.ContactList as Array<{ MemberList: Array<Record<string, unknown>> }>)[0];
      return g?.MemberList ?? [];
    };
    expect((await members()).map((m) => m.NickName)).toContain('Bob 李');
    sim.phone.rename('wxid_bob', 'Bob <新>');
    sim.phone.setDisplayName('1234567890@chatroom', 'wxid_carol', '卡萝🌛');
    const after = await members();
    expect(after.map((m) => m.NickName)).toContain('Bob &lt;新&gt;');
    expect(after.map((m) => m.NickName)).not.toContain('Bob 李');
    expect(after.find((m) => m.NickName === '卡萝')?.DisplayName).toMatch(/^卡萝<span class="emoji/);
  });

  test('contacts added after login arrive as ModContactList (selector 4)', async () => {
    await sync(t);
    sim.phone.addFriend({ nickName: 'Dave 大卫' });
    const sc = await t.client.request(t.synccheckUrl());
    expect(sc.text).toBe('window.synccheck={retcode:"0",selector:"4"}');
    const { json } = await sync(t);
    const mod = json.ModContactList as Array<Record<string, unknown>>;
    expect(mod.map((m) => m.NickName)).toEqual(['Dave 大卫']);
    expect(Object.keys(mod[0] ?? {})).toHaveLength(21);
  });

  test('a new login regenerates every @id; handles follow', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const before = alice.userName;
    const t2 = await loginFlow(sim);
    expect(alice.userName).not.toBe(before);
    expect(t2.userName).not.toBe(t.userName);
    const { json } = await call(t, 'webwxinit');
    expect((json.BaseResponse as { Ret: number }).Ret).toBe(1101);
  });
});
