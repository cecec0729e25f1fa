import type { IlinkSimulator } from '@wxbot/simulator';
import { API, botHeaders, IlinkTestClient, startSim } from './helpers.js';

describe('iLink QR login', () => {
  let sim: IlinkSimulator;
  let c: IlinkTestClient;
  beforeEach(async () => {
    sim = await startSim({ qrHoldMs: 80 });
    c = new IlinkTestClient(sim);
  });
  afterEach(() => sim.close());

  test('bot_type must be 3 and in the query: err_msg + ret 1 otherwise', async () => {
    const post = (q: string) =>
      c.http.request(`${API}/ilink/bot/get_bot_qrcode${q}`, {
        method: 'POST',
        headers: botHeaders(),
        body: '{"bot_type":3}',
      });
    expect(JSON.parse((await post('')).text)).toEqual({ err_msg: 'missing bot_type', ret: 1 });
    expect(JSON.parse((await post('?bot_type=2')).text)).toEqual({ err_msg: 'invalid bot_type', ret: 1 });
    const ok = JSON.parse((await post('?bot_type=3')).text) as Record<string, unknown>;
    expect(ok.ret).toBe(0);
    expect(ok.qrcode).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.qrcode_img_content).toBe(
      `https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=${String(ok.qrcode)}&bot_type=3`,
    );
  });

  test('the legacy GET form works too', async () => {
    const res = await c.http.request(`${API}/ilink/bot/get_bot_qrcode?bot_type=3`);
    expect(JSON.parse(res.text)).toMatchObject({ ret: 0, qrcode: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  test('the landing page is HTML that cannot be framed, with the QR as a PNG', async () => {
    const { qrcode, qrcode_img_content } = await c.getQr();
    const page = await c.http.request(qrcode_img_content);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    const png = Buffer.from(/base64,([^"]+)"/.exec(page.text)?.[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const ctl = await c.http.request(`http://127.0.0.1/__sim/qr/png?qrcode=${qrcode}`);
    expect(ctl.headers['content-type']).toBe('image/png');
  });

  test('wait is held, then scaned, then confirmed with the credentials', async () => {
    const { qrcode } = await c.getQr();
    const t0 = Date.now();
    expect(await c.qrStatus(qrcode)).toEqual({ ret: 0, status: 'wait' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
    const held = c.qrStatus(qrcode);
    setTimeout(() => sim.user('alice').scan(qrcode), 10);
    expect(await held).toEqual({ ret: 0, status: 'scaned' });
    const confirming = c.qrStatus(qrcode); // held: nothing changed since "scaned"
    setTimeout(() => sim.user('alice').confirm(qrcode), 10);
    const done = await confirming;
    expect(done).toEqual({
      ret: 0,
      status: 'confirmed',
      bot_token: expect.stringMatching(/^[0-9a-f]{12}@im\.bot:[0-9a-f]{38}$/),
      ilink_bot_id: expect.stringMatching(/^[0-9a-f]{12}@im\.bot$/),
      baseurl: 'https://ilinkai.weixin.qq.com',
      ilink_user_id: sim.user('alice').userId,
    });
    expect(String(done.bot_token).startsWith(`${String(done.ilink_bot_id)}:`)).toBe(true);
    expect(sim.user('alice').userId).toMatch(/^o9cq80[A-Za-z0-9_-]{22}@im\.wechat$/);
  });

  test('need_verifycode: a wrong code keeps asking, the right one is accepted', async () => {
    const { qrcode } = await c.getQr();
    const alice = sim.user('alice');
    alice.scan(qrcode, { verifyCode: true });
    expect((await c.qrStatus(qrcode)).status).toBe('need_verifycode');
    const code = alice.verifyCodeFor(qrcode);
    expect(code).toMatch(/^\d{6}$/);
    expect((await c.qrStatus(qrcode, { verifyCode: '000000' === code ? '111111' : '000000' })).status).toBe(
      'need_verifycode',
    );
    expect(() => alice.confirm(qrcode)).toThrow(/pair code/);
    expect((await c.qrStatus(qrcode, { verifyCode: code })).status).toBe('scaned');
    alice.confirm(qrcode);
    expect((await c.qrStatus(qrcode)).status).toBe('confirmed');
  });

  test('too many wrong codes: verify_code_blocked, for good', async () => {
    const { qrcode } = await c.getQr();
    sim.user('alice').scan(qrcode, { verifyCode: true });
    const wrong = sim.user('alice').verifyCodeFor(qrcode) === '123456' ? '654321' : '123456';
    expect((await c.qrStatus(qrcode, { verifyCode: wrong })).status).toBe('need_verifycode');
    expect((await c.qrStatus(qrcode, { verifyCode: wrong })).status).toBe('need_verifycode');
    expect((await c.qrStatus(qrcode, { verifyCode: wrong })).status).toBe('verify_code_blocked');
    expect((await c.qrStatus(qrcode, { verifyCode: sim.user('alice').verifyCodeFor(qrcode) })).status).toBe(
      'verify_code_blocked',
    );
  });

  test('expired after the TTL, also for a poll being held', async () => {
    const { qrcode } = await c.getQr();
    const held = c.qrStatus(qrcode);
    setTimeout(() => sim.advanceTime(120_000), 10);
    expect(await held).toEqual({ ret: 0, status: 'expired' });
    expect(() => sim.user('alice').scan(qrcode)).toThrow(/expired/);
  });

  test('scaned_but_redirect: the old host keeps redirecting, the new host sees the login through', async () => {
    const { qrcode } = await c.getQr();
    sim.user('alice').scan(qrcode, { redirect: 'ilinkai2.weixin.qq.com' });
    expect(await c.qrStatus(qrcode)).toEqual({
      ret: 0,
      status: 'scaned_but_redirect',
      redirect_host: 'ilinkai2.weixin.qq.com',
    });
    expect((await c.qrStatus(qrcode, { host: 'ilinkai2.weixin.qq.com' })).status).toBe('scaned');
    sim.user('alice').confirm(qrcode);
    expect((await c.qrStatus(qrcode)).status).toBe('scaned_but_redirect');
    const done = await c.qrStatus(qrcode, { host: 'ilinkai2.weixin.qq.com' });
    expect(done).toMatchObject({ status: 'confirmed', baseurl: 'https://ilinkai2.weixin.qq.com' });
  });

  test('binded_redirect when local_token_list names the user’s live bot; no new credentials', async () => {
    const first = await c.login('alice');
    const { qrcode } = await c.getQr([String(first.bot_token)]);
    sim.user('alice').scan(qrcode);
    expect(await c.qrStatus(qrcode)).toEqual({ ret: 0, status: 'binded_redirect' });
    expect((await c.call('getupdates', { get_updates_buf: '' })).json.ret).toBe(0);
  });

  test('another installation (empty local_token_list) re-binds: the old token gets -14', async () => {
    const first = await c.login('alice');
    const other = new IlinkTestClient(sim);
    const second = await other.login('alice');
    expect(second.bot_token).not.toBe(first.bot_token);
    expect((await c.call('getupdates', { get_updates_buf: '' })).json).toEqual({
      ret: -14,
      errcode: -14,
      errmsg: 'session timeout',
    });
    expect((await other.call('getupdates', { get_updates_buf: '' })).json.ret).toBe(0);
  });

  test('an unknown qrcode reads as expired', async () => {
    expect((await c.qrStatus('0'.repeat(32))).status).toBe('expired');
  });
});
