import { randomBytes } from 'node:crypto';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';
import { RawClient } from './helpers/raw-client.js';
import { upload } from './helpers/upload.js';

const ret = (json: Record<string, unknown>): number => (json.BaseResponse as { Ret: number }).Ret;

describe('strictness', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40 });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: 'Alice' });
    t = await loginFlow(sim);
  });
  afterEach(() => sim.close());

  test('wrong Skey, Sid or Uin → 1100; pass_ticket raw/single/double-encoded all accepted', async () => {
    for (const bad of [
      { Skey: '@crypt_00000000_00000000000000000000000000000000' },
      { Sid: 'AAAAAAAAAAAAAAAA' },
      { Uin: 1 },
    ]) {
      const { json } = await t.client.postJson(t.api('webwxsync'), {
        BaseRequest: { ...t.baseRequest, ...bad },
        SyncKey: t.syncKey,
      });
      expect(ret(json)).toBe(1100);
    }
    const raw = decodeURIComponent(t.passTicket);
    for (const pt of [raw, t.passTicket, encodeURIComponent(t.passTicket)]) {
      const { json } = await t.client.postJson(
        `https://${t.host}/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=${pt}`,
        { BaseRequest: t.baseRequest },
      );
      expect(ret(json)).toBe(0);
    }
  });

  test('missing wxsid/wxuin cookies → 1102 (API) and retcode 1102 (synccheck)', async () => {
    const { json } = await t.client.postJson(
      t.api('webwxsync'),
      { BaseRequest: t.baseRequest, SyncKey: t.syncKey },
      { noCookies: true },
    );
    expect(ret(json)).toBe(1102);
    const sc = await t.client.request(t.synccheckUrl(), { noCookies: true });
    expect(sc.text).toBe('window.synccheck={retcode:"1102",selector:"0"}');
  });

  test('wrong hosts: another main host → 1100; a push host of another family → 1100; API on a push host → 1100', async () => {
    const other = await t.client.postJson(
      `https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=${t.passTicket}`,
      {
        BaseRequest: t.baseRequest,
      },
    );
    expect(ret(other.json)).toBe(1100);
    const sc = await t.client.request(t.synccheckUrl().replace('webpush.wx2.qq.com', 'webpush.wx8.qq.com'));
    expect(sc.text).toBe('window.synccheck={retcode:"1100",selector:"0"}');
    const onPush = await t.client.postJson(`https://webpush.${t.host}/cgi-bin/mmwebwx-bin/webwxinit`, {
      BaseRequest: t.baseRequest,
    });
    expect(ret(onPush.json)).toBe(1100);
    const ok = await t.client.request(t.synccheckUrl().replace('webpush.wx2.qq.com', 'webpush2.wx2.qq.com'));
    expect(ok.text).toBe('window.synccheck={retcode:"0",selector:"0"}');
  });

  test('uploads only on the family file host, with the data ticket cookie and form field', async () => {
    const data = randomBytes(100);
    expect(ret((await upload(t, data, { host: 'file.wx.qq.com' }))[0] ?? {})).toBe(1100);
    expect(ret((await upload(t, data, { ticket: 'wrong' }))[0] ?? {})).not.toBe(0);
    const noTicket = new RawClient(sim.port);
    for (const c of t.client.cookies) if (c.name !== 'webwx_data_ticket') noTicket.cookies.push(c);
    const r = await upload({ ...t, client: noTicket }, data, {
      ticket: t.client.cookie('webwx_data_ticket') ?? '',
    });
    expect(ret(r[0] ?? {})).toBe(1102);
  });

  test('phone logout → synccheck 1100 (even a held one) and API 1100, as protocol.md §5.1 gives', async () => {
    await sync(t);
    const held = t.client.request(t.synccheckUrl());
    setTimeout(() => sim.phone.logout(), 5);
    expect((await held).text).toBe('window.synccheck={retcode:"1100",selector:"0"}');
    expect(ret((await call(t, 'webwxinit')).json)).toBe(1100);
  });

  test('a newer login replaces the session → 1101', async () => {
    await loginFlow(sim);
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"1101",selector:"0"}',
    );
  });

  test('webwxlogout answers a redirect, then synccheck says 1102; expired session → 1102', async () => {
    const out = await t.client.request(
      t.api('webwxlogout', `redirect=1&type=1&skey=${encodeURIComponent(t.skey)}`),
      {
        method: 'POST',
        body: `sid=${encodeURIComponent(t.sid)}&uin=${t.uin}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe(`https://${t.host}/`);
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"1102",selector:"0"}',
    );
    expect(ret((await call(t, 'webwxinit')).json)).toBe(1102);
    const t2 = await loginFlow(sim);
    sim.phone.expireSession();
    expect(ret((await call(t2, 'webwxinit')).json)).toBe(1102);
    expect((await t2.client.request(t2.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"1102",selector:"0"}',
    );
  });

  test('unparsable JSON → Ret 1200, never a silent success', async () => {
    const res = await t.client.request(t.api('webwxinit'), { method: 'POST', body: '{"BaseRequest":' });
    expect(ret(JSON.parse(res.text))).toBe(1200);
    const noBase = await t.client.postJson(t.api('webwxinit'), {});
    expect(ret(noBase.json)).toBe(1100);
  });

  test('getcontact without skey → 1100', async () => {
    const res = await t.client.request(t.api('webwxgetcontact', 'seq=0'));
    expect(ret(JSON.parse(res.text))).toBe(1100);
  });
});
