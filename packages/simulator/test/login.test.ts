import { createSimulator, EXTSPAM, type Simulator } from '@wxbot/simulator';
import { jslogin, loginFlow, poll, redirectOf } from './helpers/login-flow.js';
import { RawClient } from './helpers/raw-client.js';

const FAST = { loginHoldMs: 40, syncHoldMs: 40 };

describe('login', () => {
  let sim: Simulator;
  let client: RawClient;
  beforeEach(async () => {
    sim = await createSimulator(FAST);
    client = new RawClient(sim.port);
  });
  afterEach(() => sim.close());

  test('jslogin answers the exact JS body and refuses a wrong appid', async () => {
    const res = await client.request(
      'https://login.weixin.qq.com/jslogin?appid=wx782c26e4c19acffb&redirect_uri=x&fun=new&lang=zh_CN&_=1',
    );
    expect(res.text).toMatch(/^window\.QRLogin\.code = 200; window\.QRLogin\.uuid = "[A-Za-z0-9_-]+==";$/);
    const bad = await client.request('https://login.weixin.qq.com/jslogin?appid=wxeb7ec651dd0aefa9&fun=new');
    expect(bad.text).not.toContain('code = 200');
  });

  test('qrcode is a PNG', async () => {
    const uuid = await jslogin(client);
    const res = await client.request(`https://login.weixin.qq.com/qrcode/${uuid}`);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test('poll: 408 after the hold, 201 with avatar on scan, 200 with redirect_uri on confirm', async () => {
    const uuid = await jslogin(client);
    const t0 = Date.now();
    expect((await poll(client, uuid)).text).toBe('window.code=408;');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    const held = poll(client, uuid);
    setTimeout(() => sim.phone.scan(uuid), 5);
    expect((await held).text).toMatch(
      /^window\.code=201;window\.userAvatar = 'data:img\/jpg;base64,[A-Za-z0-9+/=]+';$/,
    );
    const held2 = poll(client, uuid, 0);
    setTimeout(() => sim.phone.confirm(uuid), 5);
    const ok = (await held2).text;
    expect(ok).toMatch(
      /^window\.code=200;\nwindow\.redirect_uri="https:\/\/wx2\.qq\.com\/cgi-bin\/mmwebwx-bin\/webwxnewloginpage\?ticket=[^&]+@qrticket_0&uuid=[^&]+&lang=zh_CN&scan=\d+";$/,
    );
  });

  test('newloginpage: XML, every cookie with attributes, ticket single-use', async () => {
    const uuid = await jslogin(client);
    sim.phone.login(uuid);
    const redirect = redirectOf((await poll(client, uuid)).text);
    const page = await client.request(`${redirect}&fun=new&version=v2`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /^<error><ret>0<\/ret><message><\/message><skey>@crypt_[0-9a-f]{8}_[0-9a-f]{32}<\/skey><wxsid>[A-Za-z0-9+/]{16}<\/wxsid><wxuin>2912345678<\/wxuin><pass_ticket>[^<]+<\/pass_ticket><isgrayscale>1<\/isgrayscale><\/error>$/,
    );
    const cookies = page.headers['set-cookie'] ?? [];
    const names = cookies.map((c) => c.split('=')[0]);
    expect(names).toEqual([
      'wxuin',
      'wxsid',
      'wxloadtime',
      'mm_lang',
      'webwx_data_ticket',
      'webwxuvid',
      'webwx_auth_ticket',
    ]);
    for (const c of cookies)
      expect(c).toMatch(/; Domain=[^;]+; Path=\/; Expires=\w{3}, \d{2}-\w{3}-\d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(cookies.find((c) => c.startsWith('webwx_data_ticket'))).toContain('Domain=.qq.com');
    expect(cookies.find((c) => c.startsWith('wxsid'))).toContain('Domain=wx2.qq.com');
    const again = await client.request(`${redirect}&fun=new&version=v2`);
    expect(again.text).toContain('<ret>-14</ret>');
  });

  test('web mode refused with 1203 when web login is not allowed; desktop mode works', async () => {
    sim.phone.setWebLoginAllowed(false);
    const uuid = await jslogin(client);
    sim.phone.login(uuid);
    const page = await client.request(`${redirectOf((await poll(client, uuid)).text)}&fun=new&version=v2`);
    expect(page.text).toMatch(
      /^<error><ret>1203<\/ret><message>为了你的帐号安全，此微信号不能登录网页微信。/,
    );
    expect(page.headers['set-cookie']).toBeUndefined();
    const t = await loginFlow(sim, { desktop: true });
    expect(t.skey).toMatch(/^@crypt_/);
  });

  test('desktop mode requires client-version and extspam', async () => {
    const uuid = await jslogin(client, true);
    sim.phone.login(uuid);
    const redirect = redirectOf((await poll(client, uuid)).text);
    const page = await client.request(`${redirect}&fun=new&version=v2`, {
      headers: { 'client-version': '2.0.0' },
    });
    expect(page.text).toContain('<ret>1203</ret>');
  });

  test('desktop mode without version=v2: HTTP 301, XML in the body, no Location', async () => {
    const uuid = await jslogin(client, true);
    sim.phone.login(uuid);
    const redirect = redirectOf((await poll(client, uuid)).text);
    const page = await client.request(`${redirect}&fun=new`, {
      headers: { 'client-version': '2.0.0', extspam: EXTSPAM },
    });
    expect(page.status).toBe(301);
    expect(page.headers.location).toBeUndefined();
    expect(page.text).toContain('<ret>0</ret>');
    expect(page.headers['set-cookie']?.length).toBe(7);
  });

  test('refuseNextLogins forces 1203 once', async () => {
    sim.phone.refuseNextLogins(1);
    const uuid = await jslogin(client);
    sim.phone.login(uuid);
    const page = await client.request(`${redirectOf((await poll(client, uuid)).text)}&fun=new&version=v2`);
    expect(page.text).toContain('<ret>1203</ret>');
    await expect(loginFlow(sim)).resolves.toBeDefined();
  });

  test('cancel: 202 once, then 400', async () => {
    const uuid = await jslogin(client);
    sim.phone.cancel(uuid);
    expect((await poll(client, uuid)).text).toBe('window.code=202;');
    expect((await poll(client, uuid)).text).toBe('window.code=400;');
  });

  test('expired and unknown uuids answer 400', async () => {
    let now = 1_700_000_000_000;
    const s2 = await createSimulator({ ...FAST, qrExpireMs: 1000, now: () => now });
    const c2 = new RawClient(s2.port);
    const uuid = await jslogin(c2);
    now += 1001;
    expect((await poll(c2, uuid)).text).toBe('window.code=400;');
    expect((await poll(c2, 'bm9wZQ==')).text).toBe('window.code=400;');
    await s2.close();
  });

  test('push login with the auth cookie; new UserNames; ret is a string', async () => {
    const first = await loginFlow(sim, { client });
    const before = first.userName;
    const bad = await new RawClient(sim.port).request(
      `https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxpushloginurl?uin=2912345678`,
    );
    expect(JSON.parse(bad.text).ret).not.toBe('0');
    const res = await client.request(
      `https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxpushloginurl?uin=2912345678`,
    );
    expect(res.text).toMatch(/^\{"ret":"0","msg":"all ok","uuid":"[^"]+"\}$/);
    const second = await loginFlow(sim, { client, push: true });
    expect(second.userName).not.toBe(before);
    expect(second.userName).toMatch(/^@[0-9a-f]{64}$/);
  });

  test('autoConfirm logs in without the phone', async () => {
    const s2 = await createSimulator({ ...FAST, loginHoldMs: 2000, autoConfirm: { delayMs: 5 } });
    const c2 = new RawClient(s2.port);
    const uuid = await jslogin(c2);
    // Scan (201) then confirm (200), 5 ms apart: on a busy machine the first poll may come after
    // both. What holds whatever the speed: the codes seen are 201 then 200, ending in 200.
    const codes: string[] = [];
    for (let i = 0; i < 3 && codes.at(-1) !== '200'; i++) {
      codes.push(
        /^window\.code=(\d+);/.exec((await poll(c2, uuid, codes.length === 0 ? undefined : 0)).text)?.[1] ??
          '',
      );
    }
    expect([['201', '200'], ['200']]).toContainEqual(codes);
    await s2.close();
  });

  test('a plain Host header (third-party client style) works too', async () => {
    const res = await client.request('https://login.weixin.qq.com/jslogin?appid=wx782c26e4c19acffb&fun=new', {
      hostStyle: 'plain',
    });
    expect(res.text).toContain('code = 200');
  });
});
