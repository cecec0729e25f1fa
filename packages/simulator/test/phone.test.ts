import { createSimulator, mentionText, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';

const ret = (json: Record<string, unknown>): number => (json.BaseResponse as { Ret: number }).Ret;

describe('scripted phone and contact operations', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40 });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: '小明' });
    sim.phone.addFriend({ wxid: 'wxid_bob', nickName: 'Bob' });
    sim.phone.addFriend({ wxid: 'wxid_dave', nickName: '大卫' });
    sim.phone.addStranger({ wxid: 'wxid_carol', nickName: '卡萝' });
    sim.phone.addGroup({
      wxid: '99@chatroom',
      topic: '周末爬山群',
      members: ['wxid_alice', 'wxid_bob', 'wxid_carol'],
      owner: 'self',
    });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterEach(() => sim.close());

  test('group message prefix, self-sent from the phone has none, U+2005 mentions survive', async () => {
    const g = sim.phone.contact('99@chatroom');
    sim.phone.sayInGroup(g, 'wxid_alice', `${mentionText('测试机器人')}看这里`);
    sim.phone.sendFromPhone(g, '我在手机上发的');
    const { msgs } = await sync(t);
    expect(msgs[0]?.FromUserName).toBe(g.userName);
    expect(msgs[0]?.Content).toBe(`${sim.phone.contact('wxid_alice').userName}:<br/>@测试机器人\u2005看这里`);
    expect(msgs[1]?.FromUserName).toBe(t.userName);
    expect(msgs[1]?.ToUserName).toBe(g.userName);
    expect(msgs[1]?.Content).toBe('我在手机上发的');
  });

  test('add/remove members and rename from the phone: 10000 lines + ModContactList', async () => {
    sim.phone.addMembers('99@chatroom', ['wxid_dave'], { inviter: 'wxid_alice' });
    sim.phone.removeMembers('99@chatroom', ['wxid_carol']);
    sim.phone.rename('99@chatroom', '周末爬山二群', { by: 'wxid_bob' });
    const { json, msgs } = await sync(t);
    const texts = msgs.filter((m) => m.MsgType === 10000).map((m) => m.Content);
    expect(texts).toEqual([
      '"小明"邀请"大卫"加入了群聊',
      '你将"卡萝"移出了群聊',
      '"Bob"修改群名为“周末爬山二群”',
    ]);
    const mod = json.ModContactList as Array<Record<string, unknown>>;
    expect(mod).toHaveLength(1);
    expect(mod[0]?.NickName).toBe('周末爬山二群');
    expect(mod[0]?.MemberList as unknown[]).toHaveLength(4);
  });

  test('webwxupdatechatroom addmember/delmember/modtopic, refusals get Ret 1', async () => {
    const g = sim.phone.contact('99@chatroom');
    const dave = sim.phone.contact('wxid_dave');
    const add = await call(
      t,
      'webwxupdatechatroom',
      { ChatRoomName: g.userName, AddMemberList: dave.userName },
      'fun=addmember',
    );
    expect(ret(add.json)).toBe(0);
    expect(add.json.MemberCount).toBe(1);
    const del = await call(
      t,
      'webwxupdatechatroom',
      { ChatRoomName: g.userName, DelMemberList: dave.userName },
      'fun=delmember',
    );
    expect(ret(del.json)).toBe(0);
    const carol = sim.phone.contact('wxid_carol');
    const addStranger = await call(
      t,
      'webwxupdatechatroom',
      { ChatRoomName: g.userName, AddMemberList: carol.userName },
      'fun=addmember',
    );
    expect(ret(addStranger.json)).toBe(1);
    const topic = await call(
      t,
      'webwxupdatechatroom',
      { ChatRoomName: g.userName, NewTopic: '新名字' },
      'fun=modtopic',
    );
    expect(ret(topic.json)).toBe(0);
    expect(sim.phone.contact('99@chatroom').nickName).toBe('新名字');
    const other = sim.phone.addGroup({
      topic: 'not mine',
      members: ['wxid_alice', 'wxid_bob'],
      owner: 'wxid_alice',
    });
    const notOwner = await call(
      t,
      'webwxupdatechatroom',
      { ChatRoomName: other.userName, DelMemberList: sim.phone.contact('wxid_bob').userName },
      'fun=delmember',
    );
    expect(ret(notOwner.json)).toBe(1);
  });

  test('webwxcreatechatroom with two friends', async () => {
    const { json } = await call(t, 'webwxcreatechatroom', {
      MemberCount: 2,
      MemberList: [
        { UserName: sim.phone.contact('wxid_alice').userName },
        { UserName: sim.phone.contact('wxid_bob').userName },
      ],
      Topic: '',
    });
    expect(json.BaseResponse).toEqual({ Ret: 0, ErrMsg: 'Everything is OK' });
    expect(json.ChatRoomName).toMatch(/^@@[0-9a-f]{64}$/);
    expect(json.MemberCount).toBe(2);
    const { json: s } = await sync(t);
    expect((s.ModContactList as Array<{ UserName: string }>).map((m) => m.UserName)).toContain(
      json.ChatRoomName,
    );
  });

  test('friend request accepted with webwxverifyuser; sending then works', async () => {
    const { ticket, contact } = sim.phone.friendRequest({ wxid: 'wxid_new', nickName: '新朋友' }, '你好');
    const first = await sync(t);
    const req = first.msgs.find((m) => m.MsgType === 37);
    expect((req?.RecommendInfo as { Ticket: string } | undefined)?.Ticket).toBe(ticket);
    const bad = await call(t, 'webwxverifyuser', {
      Opcode: 3,
      VerifyUserListSize: 1,
      VerifyUserList: [{ Value: contact.userName, VerifyUserTicket: 'v2_wrong@stranger' }],
      VerifyContent: '',
      SceneListCount: 1,
      SceneList: [33],
      skey: t.skey,
    });
    expect(ret(bad.json)).toBe(1);
    const ok = await call(t, 'webwxverifyuser', {
      Opcode: 3,
      VerifyUserListSize: 1,
      VerifyUserList: [{ Value: contact.userName, VerifyUserTicket: ticket }],
      VerifyContent: '',
      SceneListCount: 1,
      SceneList: [33],
      skey: t.skey,
    });
    expect(ret(ok.json)).toBe(0);
    const after = await sync(t);
    expect(after.msgs.some((m) => m.MsgType === 10000 && String(m.Content).includes('新朋友'))).toBe(true);
    const send = await call(t, 'webwxsendmsg', {
      Msg: {
        Type: 1,
        Content: 'hi',
        FromUserName: t.userName,
        ToUserName: contact.userName,
        LocalID: '1',
        ClientMsgId: '1',
      },
    });
    expect(ret(send.json)).toBe(0);
  });

  test('oplog remark and pin echo as ModContactList; deleted friend gets DelContactList and 1204', async () => {
    const alice = sim.phone.contact('wxid_alice');
    expect(
      ret((await call(t, 'webwxoplog', { UserName: alice.userName, CmdId: 2, RemarkName: '明哥' })).json),
    ).toBe(0);
    expect(
      ret(
        (await call(t, 'webwxoplog', { UserName: alice.userName, CmdId: 3, OP: 1, RemarkName: '明哥' })).json,
      ),
    ).toBe(0);
    const { json } = await sync(t);
    const mod = (json.ModContactList as Array<Record<string, unknown>>)[0];
    expect(mod?.RemarkName).toBe('明哥');
    expect(Number(mod?.ContactFlag) & 2048).toBe(2048);
    sim.phone.deleteFriend('wxid_bob');
    const bob = sim.phone.contact('wxid_bob');
    const del = await sync(t);
    expect(del.json.DelContactList).toEqual([{ UserName: bob.userName, ContactFlag: 0 }]);
    const send = await call(t, 'webwxsendmsg', {
      Msg: {
        Type: 1,
        Content: 'hi',
        FromUserName: t.userName,
        ToUserName: bob.userName,
        LocalID: '2',
        ClientMsgId: '2',
      },
    });
    expect(ret(send.json)).toBe(1204);
  });

  test('every message kind can be injected and comes back in the sync', async () => {
    const alice = 'wxid_alice';
    const kinds = [
      sim.phone.say(alice, { kind: 'quote', quotedName: 'Bob', quotedText: 'x', reply: 'y' }),
      sim.phone.say(alice, { kind: 'emoticon', md5: 'e68363487d8f0519c4e1047de403b2e7' }),
      sim.phone.say(alice, { kind: 'card', target: sim.phone.contact('wxid_bob').userName }),
      sim.phone.say(alice, { kind: 'link', title: 'T', url: 'https://example.com/?a=1&b=2' }),
      sim.phone.say(alice, { kind: 'location', lat: 22.5, lng: 113.9, label: '深圳' }),
      sim.phone.say(alice, { kind: 'miniProgram', title: 'MP', displayName: '小程序' }),
      sim.phone.say(alice, { kind: 'transfer', amount: '0.10' }),
      sim.phone.say(alice, { kind: 'redPacket' }),
      sim.phone.say(alice, { kind: 'chatHistory' }),
      sim.phone.say(alice, { kind: 'music', title: 'Song', url: 'https://example.com/m' }),
      sim.phone.say(alice, { kind: 'realtimeLocation' }),
      sim.phone.recall(alice, '123'),
      sim.phone.system(alice, '"小明" 拍了拍我'),
    ];
    const { msgs } = await sync(t);
    expect(msgs.map((m) => m.MsgId)).toEqual(kinds.map((k) => k.msgId));
    for (const m of msgs) expect(Object.keys(m)).toHaveLength(28);
  });
});
