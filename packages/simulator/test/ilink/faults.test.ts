import { randomBytes } from 'node:crypto';
import type { IlinkSimulator, IlinkUser } from '@wxbot/simulator';
import { boundWorld, type IlinkTestClient } from './helpers.js';

describe('iLink fault switches', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  let owner: IlinkUser;
  beforeEach(async () => {
    ({ sim, client, user: owner } = await boundWorld({ updatesHoldMs: 2000 }));
  });
  afterEach(() => sim.close());

  test('reset drops the connection of the next N calls only', async () => {
    sim.faults.reset('notifystart', { times: 1 });
    await expect(client.call('msg/notifystart')).rejects.toThrow();
    expect((await client.call('msg/notifystart')).json.ret).toBe(0);
  });

  test('5xx on one endpoint, the others unaffected', async () => {
    sim.faults.http('getupdates', 502, { times: 2 });
    const raw = () =>
      client.http.request('https://ilinkai.weixin.qq.com/ilink/bot/getupdates', {
        method: 'POST',
        body: '{}',
      });
    expect((await raw()).status).toBe(502);
    expect((await client.call('msg/notifystart')).json.ret).toBe(0);
    expect((await raw()).status).toBe(502);
    owner.says('x');
    expect((await client.poll()).res.status).toBe(200);
  });

  test('slow answers', async () => {
    sim.faults.delay('getconfig', 60, { times: 1 });
    const t0 = Date.now();
    await client.call('getconfig', { ilink_user_id: owner.userId });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  test('-14 on the next N calls, then the token works again', async () => {
    sim.faults.errcode('*', -14, { times: 2 });
    const timeout = { ret: -14, errcode: -14, errmsg: 'session timeout' };
    expect((await client.call('getconfig', { ilink_user_id: owner.userId })).json).toEqual(timeout);
    expect((await client.call('msg/notifystart')).json).toEqual(timeout);
    expect((await client.call('msg/notifystart')).json).toEqual({ ret: 0, errmsg: '' });
  });

  test('sendmessage rate-limit answers until cleared', async () => {
    const t = owner.says('hi').contextToken;
    const id = sim.faults.rateLimited();
    expect((await client.sendText(owner.userId, 'a', t)).json).toEqual({ ret: -2, errmsg: 'rate limited' });
    expect((await client.sendText(owner.userId, 'b', t)).json).toEqual({ ret: -2, errmsg: 'rate limited' });
    sim.faults.clear(id);
    expect((await client.sendText(owner.userId, 'c', t)).json).toEqual({ ret: 0 });
    expect(sim.sendLog.map((m) => m.outcome)).toEqual(['rate-limited', 'rate-limited', 'delivered']);
  });

  test('a long-poll that returns early and empty', async () => {
    await sim.close();
    // A hold far beyond the test timeout: only the fault can make this poll answer.
    ({ sim, client, user: owner } = await boundWorld({ updatesHoldMs: 600_000 }));
    sim.faults.early({ times: 1 });
    const a = await client.poll();
    expect(a.json).toMatchObject({ ret: 0, msgs: [], longpolling_timeout_ms: 35000 });
  });

  test('CDN failures: 500 on upload, 200 without x-encrypted-param, download reset', async () => {
    owner.says('hi');
    sim.faults.http('upload', 500, { times: 1 });
    await expect(client.upload(owner.userId, randomBytes(20))).rejects.toThrow(/upload failed 500/);
    sim.faults.noEncryptedParam({ times: 1 });
    const r = await client.upload(owner.userId, randomBytes(20));
    expect(r.param).toBeUndefined();
    const ok = await client.upload(owner.userId, randomBytes(20));
    sim.faults.reset('download', { times: 1 });
    const url = `https://novac2c.cdn.weixin.qq.com/c2c/download?encrypted_query_param=${encodeURIComponent(ok.param)}`;
    await expect(client.http.request(url)).rejects.toThrow();
    expect((await client.http.request(url)).status).toBe(200);
  });

  test('malformed JSON and QR endpoints', async () => {
    sim.faults.malformed('get_bot_qrcode', { times: 1 });
    await expect(client.getQr()).rejects.toThrow(SyntaxError);
    sim.faults.http('get_qrcode_status', 524, { times: 1 });
    const { qrcode } = await client.getQr();
    const res = await client.http.request(
      `https://ilinkai.weixin.qq.com/ilink/bot/get_qrcode_status?qrcode=${qrcode}`,
    );
    expect(res.status).toBe(524);
    expect(sim.faults.list()).toHaveLength(0);
  });
});
