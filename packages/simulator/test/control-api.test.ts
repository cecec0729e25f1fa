import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, jslogin, loginFlow, poll, sync } from './helpers/login-flow.js';
import { RawClient } from './helpers/raw-client.js';

describe('control API (/__sim/)', () => {
  let sim: Simulator;
  let ctl: RawClient;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 200, syncHoldMs: 40 });
    ctl = new RawClient(sim.port);
  });
  afterEach(() => sim.close());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await ctl.request(`http://127.0.0.1/__sim/${path}`, {
      method,
      hostStyle: 'plain',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: JSON.parse(res.text) as Record<string, unknown> & unknown[] };
  };

  test('create contacts and a group, log in via the API, inject messages, read what the bot sent', async () => {
    const alice = await api('POST', 'contacts', { kind: 'friend', wxid: 'wxid_alice', nickName: 'Alice' });
    expect(alice.json).toMatchObject({ wxid: 'wxid_alice', kind: 'friend', userName: null });
    await api('POST', 'contacts', { kind: 'stranger', wxid: 'wxid_carol', nickName: 'Carol' });
    const g = await api('POST', 'groups', {
      wxid: '7@chatroom',
      topic: 'G',
      members: ['wxid_alice', 'wxid_carol'],
    });
    expect(g.json.kind).toBe('group');

    const client = new RawClient(sim.port);
    const uuid = await jslogin(client);
    const pending = await api('GET', 'login/pending?timeoutMs=100');
    expect(pending.json.uuid).toBe(uuid);
    const held = poll(client, uuid);
    await api('POST', 'login/scan', {});
    expect((await held).text).toMatch(/^window\.code=201;/);
    expect((await api('GET', 'status')).json.loggedIn).toBe(false);

    const t = await loginFlow(sim, { client: new RawClient(sim.port) });
    const status = await api('GET', 'status');
    expect(status.json).toMatchObject({ loggedIn: true, mode: 'web', userName: t.userName });

    const m1 = await api('POST', 'messages', { from: 'wxid_alice', spec: 'hello' });
    const m2 = await api('POST', 'messages', {
      from: 'wxid_carol',
      group: '7@chatroom',
      spec: { kind: 'text', text: 'yo' },
    });
    const m3 = await api('POST', 'messages', {
      from: 'wxid_alice',
      spec: { kind: 'image', data: Buffer.from('img').toString('base64') },
    });
    const { msgs, text } = await sync(t);
    expect(msgs.map((m) => m.MsgId)).toEqual([m1.json.msgId, m2.json.msgId, m3.json.msgId]);
    expect(String(msgs[1]?.Content)).toMatch(/^@[0-9a-f]{64}:<br\/>yo$/);
    expect(text).toContain(`"NewMsgId":${m1.json.msgId}`);

    const aliceUser = sim.phone.contact('wxid_alice').userName;
    await call(t, 'webwxsendmsg', {
      Msg: {
        Type: 1,
        Content: 'pong',
        FromUserName: t.userName,
        ToUserName: aliceUser,
        LocalID: '1',
        ClientMsgId: '1',
      },
    });
    const sent = await api('GET', 'sent');
    expect(sent.json).toHaveLength(1);
    expect(sent.json[0]).toMatchObject({
      kind: 'text',
      text: 'pong',
      toUserName: aliceUser,
      to: { wxid: 'wxid_alice' },
    });
    const waited = await api('POST', 'sent/wait', { to: 'wxid_alice', timeoutMs: 100 });
    expect(waited.json.text).toBe('pong');
    const timeout = await api('POST', 'sent/wait', { since: 1, timeoutMs: 20 });
    expect(timeout.status).toBe(408);
  });

  test('fault switches and errors', async () => {
    const f = await api('POST', 'faults', {
      endpoint: 'jslogin',
      action: { type: 'http', status: 502 },
      times: 1,
    });
    expect(typeof f.json.id).toBe('number');
    expect((await api('GET', 'faults')).json).toHaveLength(1);
    const c = new RawClient(sim.port);
    expect((await c.request('https://login.wx.qq.com/jslogin?appid=wx782c26e4c19acffb')).status).toBe(502);
    await api('POST', 'faults', { endpoint: 'synccheck', action: { type: 'retcode', code: 1101 } });
    await api('DELETE', 'faults');
    expect((await api('GET', 'faults')).json).toHaveLength(0);
    expect((await api('POST', 'messages', { from: 'nobody', spec: 'x' })).status).toBe(400);
    expect((await api('GET', 'nope')).status).toBe(404);
  });
});
