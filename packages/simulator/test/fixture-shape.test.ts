import { readFile } from 'node:fs/promises';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);
const fixture = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

/** Key order and JSON type of every field, recursively for plain objects. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return 'array';
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  }
  return typeof v;
}

describe('what the simulator emits has the fixtures’ field names, order and JSON types', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeAll(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40 });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: 'Alice' });
    sim.phone.addGroup({ wxid: '5@chatroom', topic: 'G', members: ['wxid_alice'] });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterAll(() => sim.close());

  test('webwxsync with a text message matches sync-text.json', async () => {
    sim.phone.say('wxid_alice', 'hi');
    const { json } = await sync(t);
    const fx = await fixture('sync-text.json');
    expect(JSON.stringify(shape(json))).toBe(JSON.stringify(shape(fx)));
  });

  test('ModContactList entry of a group matches sync-system-join.json', async () => {
    sim.phone.addMembers('5@chatroom', [sim.phone.addFriend({ nickName: 'Dave' })]);
    const { json } = await sync(t);
    const fx = await fixture('sync-system-join.json');
    const mod = (json.ModContactList as unknown[]).find((m) =>
      String((m as { UserName: string }).UserName).startsWith('@@'),
    );
    const fxMod = (fx.ModContactList as unknown[])[0] as { MemberList: unknown[] };
    expect(Object.keys(mod as object)).toEqual(Object.keys(fxMod));
    const member = ((mod as { MemberList: unknown[] }).MemberList[0] ?? {}) as object;
    expect(JSON.stringify(shape(member))).toBe(JSON.stringify(shape(fxMod.MemberList[0])));
  });

  test('getcontact and batchgetcontact records match the fixtures', async () => {
    const res = await t.client.request(t.api('webwxgetcontact', `seq=0&skey=${t.skey}`));
    const page = JSON.parse(res.text) as Record<string, unknown>;
    const fx = await fixture('webwxgetcontact-page1.json');
    expect(Object.keys(page)).toEqual(Object.keys(fx));
    const rec = (page.MemberList as unknown[])[0];
    expect(JSON.stringify(shape(rec))).toBe(JSON.stringify(shape((fx.MemberList as unknown[])[0])));
    const g = sim.phone.contact('5@chatroom');
    const { json } = await call(t, 'webwxbatchgetcontact', {
      Count: 1,
      List: [{ UserName: g.userName, EncryChatRoomId: '' }],
    });
    const fxg = await fixture('batchgetcontact-group.json');
    expect(JSON.stringify(shape(json))).toBe(JSON.stringify(shape(fxg)));
  });

  test('send and upload answers match the fixtures', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const { json } = await call(t, 'webwxsendmsg', {
      Msg: {
        Type: 1,
        Content: 'x',
        FromUserName: t.userName,
        ToUserName: alice.userName,
        LocalID: '11',
        ClientMsgId: '11',
      },
      Scene: 0,
    });
    expect(JSON.stringify(shape(json))).toBe(JSON.stringify(shape(await fixture('webwxsendmsg.json'))));
    const notify = await call(t, 'webwxstatusnotify', {
      Code: 1,
      FromUserName: t.userName,
      ToUserName: alice.userName,
      ClientMsgId: 1,
    });
    expect(JSON.stringify(shape(notify.json))).toBe(
      JSON.stringify(shape(await fixture('webwxstatusnotify.json'))),
    );
  });
});
