import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { type IlinkSimulator, type IlinkUser, md5Hex } from '@wxbot/simulator';
import { API, botHeaders, boundWorld, type IlinkTestClient, type JsonAnswer } from './helpers.js';

const FIXTURES = new URL('../../../../fixtures/ilink/', import.meta.url);
const fixtureText = (name: string): Promise<string> => readFile(new URL(name, FIXTURES), 'utf8');
const fixture = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await fixtureText(name)) as Record<string, unknown>;

/** Key order and JSON type of every field; arrays by the shape of their first element. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? 'empty-array' : [shape(v[0])];
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

const compared = new Set<string>();
const same = async (actual: Record<string, unknown>, name: string): Promise<void> => {
  compared.add(name);
  expect(JSON.stringify(shape(actual), null, 1)).toBe(JSON.stringify(shape(await fixture(name)), null, 1));
};

describe('every response of the iLink simulator has the fixtures’ field names, order and JSON types', () => {
  let sim: IlinkSimulator;
  let c: IlinkTestClient;
  afterEach(() => sim.close());

  test('QR login answers', async () => {
    ({ sim, client: c } = await boundWorld());
    const missing = await c.http.request(`${API}/ilink/bot/get_bot_qrcode`, { method: 'POST', body: '{}' });
    await same(JSON.parse(missing.text) as Record<string, unknown>, 'get-bot-qrcode-missing-bot-type.json');
    const qr = await c.getQr();
    await same(qr, 'get-bot-qrcode-response.json');
    await same(await c.qrStatus(qr.qrcode), 'qrcode-status-wait.json');
    const u = sim.user('zoe');
    u.scan(qr.qrcode, { verifyCode: true });
    await same(await c.qrStatus(qr.qrcode), 'qrcode-status-need_verifycode.json');
    await same(
      await c.qrStatus(qr.qrcode, { verifyCode: u.verifyCodeFor(qr.qrcode) }),
      'qrcode-status-scaned.json',
    );
    u.confirm(qr.qrcode);
    const confirmed = await c.qrStatus(qr.qrcode);
    await same(confirmed, 'qrcode-status-confirmed.json');
    const q2 = await c.getQr([String(confirmed.bot_token)]);
    u.scan(q2.qrcode);
    await same(await c.qrStatus(q2.qrcode), 'qrcode-status-binded_redirect.json');
    const q3 = await c.getQr();
    u.scan(q3.qrcode, { redirect: true });
    await same(await c.qrStatus(q3.qrcode), 'qrcode-status-scaned_but_redirect.json');
    const q4 = await c.getQr();
    u.expireQr(q4.qrcode);
    await same(await c.qrStatus(q4.qrcode), 'qrcode-status-expired.json');
    const q5 = await c.getQr();
    u.scan(q5.qrcode, { verifyCode: true });
    for (let i = 0; i < 3; i++) await c.qrStatus(q5.qrcode, { verifyCode: 'x' });
    await same(await c.qrStatus(q5.qrcode), 'qrcode-status-verify_code_blocked.json');
  });

  test('getupdates answers, one per inbound kind', async () => {
    let user: IlinkUser;
    ({ sim, client: c, user } = await boundWorld({ updatesHoldMs: 20 }));
    const poll = async (): Promise<Record<string, unknown>> => (await c.poll()).plain;
    await same(await poll(), 'getupdates-empty.json');
    const first = user.says('你好');
    await same(await poll(), 'getupdates-text.json');
    const data = randomBytes(200);
    user.send({ kind: 'image', data });
    await same(await poll(), 'getupdates-image.json');
    user.send({ kind: 'voice', data, transcript: '明天' });
    await same(await poll(), 'getupdates-voice.json');
    user.send({ kind: 'file', data, fileName: '报表.xlsx' });
    await same(await poll(), 'getupdates-file.json');
    user.send({ kind: 'video', data });
    await same(await poll(), 'getupdates-video.json');
    user.send({ kind: 'quote', text: '对吗？', quotedId: first.messageId });
    await same(await poll(), 'getupdates-quote.json');
    user.send({
      kind: 'quote',
      text: '再说说',
      quotedId: first.messageId,
      idOnly: true,
      partial: { start: '你', end: '好' },
    });
    await same(await poll(), 'getupdates-quote-id-only.json');
    user.unbind();
    await same(await poll(), 'getupdates-errcode-14.json');
  });

  test('send, upload, config, typing and notify answers', async () => {
    let user: IlinkUser;
    ({ sim, client: c, user } = await boundWorld());
    await same(
      (await c.call('getconfig', { ilink_user_id: user.userId })).plain,
      'getconfig-response-ret-4.json',
    );
    const t = user.says('hi').contextToken;
    await same((await c.sendText(user.userId, 'a', t)).plain, 'sendmessage-response.json');
    const cfg = await c.call('getconfig', { ilink_user_id: user.userId, context_token: t });
    await same(cfg.plain, 'getconfig-response.json');
    const typing = await c.call('sendtyping', {
      ilink_user_id: user.userId,
      typing_ticket: cfg.json.typing_ticket,
      status: 1,
    });
    await same(typing.plain, 'sendtyping-response.json');
    await same((await c.call('msg/notifystart')).plain, 'notify-response.json');
    const up = await c.upload(user.userId, randomBytes(10));
    await same(up.ticket, 'getuploadurl-response.json');
    sim.faults.rateLimited({ times: 1 });
    await same((await c.sendText(user.userId, 'b', t)).plain, 'sendmessage-response-rate-limited.json');
    await same((await c.sendText(user.userId, 'c', undefined)).plain, 'sendmessage-response-ret-2.json');
    await sim.close();
    ({ sim, client: c, user } = await boundWorld({ sendReturnsMessageId: true, uploadFullUrl: false }));
    const t2 = user.says('hi').contextToken;
    await same((await c.sendText(user.userId, 'a', t2)).plain, 'sendmessage-response-with-id.json');
    const old = await c.call('getuploadurl', {
      filekey: randomBytes(16).toString('hex'),
      media_type: 1,
      to_user_id: user.userId,
      rawsize: 1,
      rawfilemd5: md5Hex(Buffer.from('x')),
      filesize: 16,
      no_need_thumb: true,
      aeskey: randomBytes(16).toString('hex'),
    });
    await same(old.plain, 'getuploadurl-response-param-only.json');
  });

  test('the request fixtures, with this world’s ids, are accepted as they are', async () => {
    let user: IlinkUser;
    ({ sim, client: c, user } = await boundWorld());
    const t = user.says('hi').contextToken;
    const post = async (
      path: string,
      name: string,
      patch: (s: string) => string = (s) => s,
    ): Promise<JsonAnswer> => {
      const body = patch(
        (await fixtureText(name))
          .replaceAll('o9cq80Tq3xV7bLmN2pRs8dKf4hWc@im.wechat', user.userId)
          .replace(/"AARzJWAF[^"]+"/g, JSON.stringify(t)),
      );
      const res = await c.http.request(`${API}/ilink/bot/${path}`, {
        method: 'POST',
        headers: botHeaders(c.token),
        body,
      });
      return { res, json: JSON.parse(res.text) as Record<string, unknown>, plain: {} };
    };
    expect((await post('getupdates', 'getupdates-request-first.json')).json.ret).toBe(0);
    expect((await post('sendmessage', 'sendmessage-text-request.json')).json).toEqual({ ret: 0 });
    const cfg = await post('getconfig', 'getconfig-request.json');
    const ticket = String(cfg.json.typing_ticket);
    const withTicket = (s: string) =>
      s.replace(/"typing_ticket": "[^"]+"/, `"typing_ticket": ${JSON.stringify(ticket)}`);
    expect((await post('sendtyping', 'sendtyping-request.json', withTicket)).json).toEqual({
      ret: 0,
      errmsg: '',
    });
    expect((await post('sendtyping', 'sendtyping-cancel-request.json', withTicket)).json).toEqual({
      ret: 0,
      errmsg: '',
    });
    expect((await post('msg/notifystart', 'notifystart-request.json')).json).toEqual({ ret: 0, errmsg: '' });
    const ticketAnswer = await post('getuploadurl', 'getuploadurl-request.json');
    expect(Object.keys(ticketAnswer.json)).toEqual(['upload_param', 'upload_full_url']);
    const qrBody = await fixtureText('get-bot-qrcode-request.json');
    const qr = await c.http.request(`${API}/ilink/bot/get_bot_qrcode?bot_type=3`, {
      method: 'POST',
      body: qrBody,
    });
    expect(JSON.parse(qr.text)).toMatchObject({ ret: 0 });
  });

  test('no response fixture was left out', async () => {
    const responses = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json') && !f.includes('-request'));
    expect(responses.length).toBe(29);
    expect(responses.filter((f) => !compared.has(f))).toEqual([]);
  });
});
