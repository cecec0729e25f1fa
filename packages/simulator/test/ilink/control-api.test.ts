import { randomBytes } from 'node:crypto';
import {
  aesEcbDecrypt,
  aesEcbEncrypt,
  encodeAesKey,
  type IlinkSimulator,
  md5Hex,
  paddedSize,
} from '@wxbot/simulator';
import { botHeaders, parseLossless, startSim } from './helpers.js';

/** Control API calls with plain fetch, the way a shell script or another language would drive it. */
async function ctl(
  sim: IlinkSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> & unknown[] }> {
  const res = await fetch(`${sim.url}/__sim/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: parseLossless(await res.text()) as Record<string, unknown> & unknown[] };
}

/** A bot call with plain fetch against the base URL only (what a third-party client does). */
async function api(sim: IlinkSimulator, path: string, body: Record<string, unknown>, token?: string) {
  const res = await fetch(`${sim.url}/ilink/bot/${path}`, {
    method: 'POST',
    headers: botHeaders(token),
    body: JSON.stringify(body),
  });
  return parseLossless(await res.text());
}

describe('driving the iLink simulator over the control API, with a client changed only in its base URL', () => {
  let sim: IlinkSimulator;
  beforeEach(async () => {
    sim = await startSim({ publicUrls: 'local' });
  });
  afterEach(() => sim.close());

  test('login, messages with media, replies, time, unbind and faults end to end', async () => {
    expect((await ctl(sim, 'POST', 'users', { name: 'alice' })).json).toMatchObject({
      name: 'alice',
      botId: null,
    });
    const qr = (await (
      await fetch(`${sim.url}/ilink/bot/get_bot_qrcode?bot_type=3`, {
        method: 'POST',
        body: '{"local_token_list":[]}',
      })
    ).json()) as Record<string, string>;
    expect(qr.qrcode_img_content).toBe(`${sim.url}/q/7GiQu1?qrcode=${qr.qrcode}&bot_type=3`);
    expect((await ctl(sim, 'GET', 'qr/pending?timeoutMs=100')).json).toEqual({ qrcode: qr.qrcode });
    expect((await ctl(sim, 'POST', 'qr/login', { user: 'alice' })).json).toMatchObject({ baseurl: sim.url });
    const st = (await (
      await fetch(`${sim.url}/ilink/bot/get_qrcode_status?qrcode=${qr.qrcode}`)
    ).json()) as Record<string, string>;
    expect(st.status).toBe('confirmed');
    const token = st.bot_token;

    const image = randomBytes(300);
    const sent = await ctl(sim, 'POST', 'messages', {
      user: 'alice',
      spec: { kind: 'image', data: image.toString('base64') },
    });
    expect(sent.json.messageId).toMatch(/^\d{19}$/);
    const up = await api(sim, 'getupdates', { get_updates_buf: '' }, token);
    const msg = (up.msgs as Array<Record<string, unknown>>)[0] ?? {};
    expect(msg.message_id).toBe(sent.json.messageId);
    const img = (msg.item_list as Array<{ image_item: { media: { full_url: string }; aeskey: string } }>)[0]
      ?.image_item;
    const dl = Buffer.from(await (await fetch(img?.media.full_url ?? '')).arrayBuffer());
    expect(aesEcbDecrypt(dl, Buffer.from(img?.aeskey ?? '', 'hex')).equals(image)).toBe(true);

    const file = Buffer.from('report');
    const key = randomBytes(16);
    const ticket = await api(
      sim,
      'getuploadurl',
      {
        filekey: randomBytes(16).toString('hex'),
        media_type: 3,
        to_user_id: st.ilink_user_id,
        rawsize: file.length,
        rawfilemd5: md5Hex(file),
        filesize: paddedSize(file.length),
        no_need_thumb: true,
        aeskey: key.toString('hex'),
      },
      token,
    );
    expect(String(ticket.upload_full_url).startsWith(`${sim.url}/c2c/upload?`)).toBe(true);
    const cdn = await fetch(String(ticket.upload_full_url), {
      method: 'POST',
      body: aesEcbEncrypt(file, key),
    });
    const param = cdn.headers.get('x-encrypted-param') ?? '';
    expect(
      await api(
        sim,
        'sendmessage',
        {
          msg: {
            from_user_id: '',
            to_user_id: st.ilink_user_id,
            client_id: 'x1',
            message_type: 2,
            message_state: 2,
            item_list: [
              {
                type: 4,
                file_item: {
                  media: {
                    encrypt_query_param: param,
                    aes_key: encodeAesKey(key, 'base64-hex'),
                    encrypt_type: 1,
                  },
                  file_name: 'r.txt',
                  len: '6',
                },
              },
            ],
            context_token: sent.json.contextToken,
          },
        },
        token,
      ),
    ).toEqual({ ret: 0 });
    const waited = await ctl(sim, 'POST', 'sent/wait', { user: 'alice', kind: 'file', timeoutMs: 500 });
    expect(waited.json).toMatchObject({
      kind: 'file',
      contextToken: sent.json.contextToken,
      outcome: 'delivered',
    });
    expect(Buffer.from(String((waited.json.media as { base64: string }).base64), 'base64').toString()).toBe(
      'report',
    );
    expect((await ctl(sim, 'POST', 'sent/wait', { since: 1, timeoutMs: 20 })).status).toBe(408);

    expect((await ctl(sim, 'POST', 'time', { advanceMs: 86_400_001 })).status).toBe(200);
    const late = {
      from_user_id: '',
      to_user_id: st.ilink_user_id,
      client_id: 'x2',
      message_type: 2,
      message_state: 2,
      item_list: [{ type: 1, text_item: { text: 'late' } }],
      context_token: sent.json.contextToken,
    };
    expect(await api(sim, 'sendmessage', { msg: late }, token)).toEqual({ ret: -2 });
    expect((await ctl(sim, 'GET', 'sent?all=1&since=1')).json).toMatchObject([
      { outcome: 'refused', reason: 'reply window closed' },
    ]);

    const f = await ctl(sim, 'POST', 'faults', {
      endpoint: 'getconfig',
      action: { type: 'errcode', code: -14 },
      times: 1,
    });
    expect(f.json.id).toEqual(expect.any(Number));
    expect(await api(sim, 'getconfig', { ilink_user_id: st.ilink_user_id }, token)).toMatchObject({
      errcode: -14,
    });
    expect((await ctl(sim, 'GET', 'faults')).json).toEqual([]);

    expect((await ctl(sim, 'POST', 'unbind', { user: 'alice' })).json).toEqual({ ok: true });
    expect(await api(sim, 'getupdates', { get_updates_buf: '' }, token)).toMatchObject({ ret: -14 });
    expect((await ctl(sim, 'GET', 'status')).json).toMatchObject({
      protocol: 'ilink',
      lastRejection: expect.stringMatching(/revoked/),
    });
  });

  test('QR scenarios over the control API: pair code, redirect, expiry', async () => {
    const get = async () =>
      ((await (await fetch(`${sim.url}/ilink/bot/get_bot_qrcode?bot_type=3`)).json()) as { qrcode: string })
        .qrcode;
    const q1 = await get();
    const scan = await ctl(sim, 'POST', 'qr/scan', { user: 'bob', qrcode: q1, verifyCode: true });
    expect(scan.json).toMatchObject({ qrcode: q1, verifyCode: expect.stringMatching(/^\d{6}$/) });
    const status = async (q: string, extra = '') =>
      (await (await fetch(`${sim.url}/ilink/bot/get_qrcode_status?qrcode=${q}${extra}`)).json()) as {
        status: string;
        redirect_host?: string;
      };
    expect((await status(q1, `&verify_code=${String(scan.json.verifyCode)}`)).status).toBe('scaned');
    const q2 = await get();
    await ctl(sim, 'POST', 'qr/scan', { user: 'carol', qrcode: q2, redirect: true });
    expect(await status(q2)).toEqual({
      ret: 0,
      status: 'scaned_but_redirect',
      redirect_host: 'ilinkai-sh.weixin.qq.com',
    });
    const q3 = await get();
    await ctl(sim, 'POST', 'qr/expire', { qrcode: q3 });
    expect((await status(q3)).status).toBe('expired');
    expect((await ctl(sim, 'POST', 'qr/confirm', { user: 'bob', qrcode: q3 })).status).toBe(400);
    expect((await ctl(sim, 'GET', 'nope')).status).toBe(404);
    expect((await ctl(sim, 'POST', 'sent/wait', { timeoutMs: 20 })).status).toBe(408);
  });
});
