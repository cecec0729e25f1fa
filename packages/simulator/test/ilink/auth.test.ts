import type { IlinkSimulator } from '@wxbot/simulator';
import { botHeaders, boundWorld, type IlinkTestClient } from './helpers.js';

const TIMEOUT = { ret: -14, errcode: -14, errmsg: 'session timeout' };

describe('iLink bot calls: headers and token', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  beforeEach(async () => {
    ({ sim, client } = await boundWorld());
  });
  afterEach(() => sim.close());

  test('the official header set and base_info pass', async () => {
    const a = await client.call('msg/notifystart');
    expect(a.json).toEqual({ ret: 0, errmsg: '' });
    expect(sim.owner.bot?.online).toBe(true);
    expect(sim.owner.bot?.baseInfo).toEqual({ channel_version: '2.4.9', bot_agent: 'OpenClaw' });
  });

  test.each([
    ['iLink-App-Id', 'iLink-App-Id header missing'],
    ['iLink-App-ClientVersion', 'iLink-App-ClientVersion header missing'],
    ['AuthorizationType', 'AuthorizationType header must be ilink_bot_token'],
    ['X-WECHAT-UIN', 'X-WECHAT-UIN header missing'],
    ['Authorization', 'Authorization header missing'],
  ])('without %s: -14 at once, even with a valid token', async (name, reason) => {
    const a = await client.call('getupdates', { get_updates_buf: '' }, { headers: { [name]: undefined } });
    expect(a.json).toEqual(TIMEOUT);
    expect(sim.status().lastRejection).toBe(reason);
  });

  test.each([
    ['X-WECHAT-UIN', '305419896', 'X-WECHAT-UIN must be base64 of a decimal uint32'],
    [
      'X-WECHAT-UIN',
      Buffer.from('99999999999').toString('base64'),
      'X-WECHAT-UIN must be base64 of a decimal uint32',
    ],
    ['iLink-App-ClientVersion', '2.4.9', 'iLink-App-ClientVersion must be a decimal uint32'],
    ['AuthorizationType', 'bearer', 'AuthorizationType header must be ilink_bot_token'],
  ])('%s = %s is refused with -14', async (name, value, reason) => {
    expect((await client.call('msg/notifystart', {}, { headers: { [name]: value } })).json).toEqual(TIMEOUT);
    expect(sim.status().lastRejection).toBe(reason);
  });

  test('a wrong or malformed token gets -14, never a silent success', async () => {
    for (const path of [
      'getupdates',
      'sendmessage',
      'getuploadurl',
      'getconfig',
      'sendtyping',
      'msg/notifystop',
    ]) {
      expect((await client.call(path, {}, { token: `${client.token ?? ''}x` })).json).toEqual(TIMEOUT);
    }
    const raw = await client.call('getconfig', {}, { headers: { Authorization: client.token } });
    expect(raw.json).toEqual(TIMEOUT);
    expect(sim.status().lastRejection).toBe('Authorization must be "Bearer <bot_token>"');
    expect(sim.status().lastRejection).not.toContain(client.token);
  });

  test('base_info may be missing, partial or carry extra keys', async () => {
    const res = await client.http.request('https://ilinkai.weixin.qq.com/ilink/bot/msg/notifystart', {
      method: 'POST',
      headers: {
        AuthorizationType: 'ilink_bot_token',
        'X-WECHAT-UIN': Buffer.from('42').toString('base64'),
        'iLink-App-Id': 'bot',
        'iLink-App-ClientVersion': '65547',
        Authorization: `Bearer ${client.token ?? ''}`,
      },
      body: '{}',
    });
    expect(JSON.parse(res.text)).toEqual({ ret: 0, errmsg: '' });
    const extra = await client.call('msg/notifystop', { base_info: { channel_version: '1.0.0', x: 1 } });
    expect(extra.json.ret).toBe(0);
  });

  test('unbind: every later call of the old token gets -14; a held poll answers -14 at once', async () => {
    sim.owner.says('hi');
    await client.poll();
    const held = client.call('getupdates', { get_updates_buf: client.cursor });
    setTimeout(() => sim.owner.unbind(), 10);
    expect((await held).json).toEqual(TIMEOUT);
    expect((await client.sendText(sim.owner.userId, 'x', undefined)).json).toEqual(TIMEOUT);
    expect(sim.status().lastRejection).toMatch(/revoked/);
  });

  test('a body that is not JSON is refused (after the auth check)', async () => {
    const res = await client.http.request('https://ilinkai.weixin.qq.com/ilink/bot/getconfig', {
      method: 'POST',
      headers: botHeaders(client.token),
      body: 'nope',
    });
    expect(JSON.parse(res.text)).toMatchObject({ ret: -1 });
  });

  test('wrong method or path: 404', async () => {
    const get = await client.http.request('https://ilinkai.weixin.qq.com/ilink/bot/getupdates');
    expect(get.status).toBe(404);
    const other = await client.http.request('https://ilinkai.weixin.qq.com/ilink/bot/contacts', {
      method: 'POST',
      body: '{}',
    });
    expect(other.status).toBe(404);
    const cdnOnApi = await client.http.request(
      'https://ilinkai.weixin.qq.com/c2c/download?encrypted_query_param=x',
    );
    expect(cdnOnApi.status).toBe(404);
  });
});
