import { afterEach, describe, expect, it } from '@jest/globals';
import { IlinkApiError, IlinkNetworkError } from '../../src/errors.js';
import { IlinkApi } from '../../src/protocol/api.js';
import { type Answer, CAST, fixtureText, type ScriptedServer, scriptedServer } from '../helpers.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(routes: Record<string, Answer[]>) {
  server = await scriptedServer(routes);
  const api = new IlinkApi({ baseUrl: server.url, loginBaseUrl: server.url, token: CAST.token });
  return { server, api };
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('IlinkApi: headers and bodies', () => {
  it('sends the app headers, a new X-WECHAT-UIN per request, the Bearer token and base_info', async () => {
    const { server, api } = await setup({
      'POST /ilink/bot/getupdates': [fixtureText('getupdates-empty.json')],
    });
    await api.getUpdates('');
    await api.getUpdates('abc');
    const [a, b] = server.requests;
    for (const r of [a!, b!]) {
      expect(r.headers).toMatchObject({
        'ilink-app-id': 'bot',
        'ilink-app-clientversion': '132105',
        authorizationtype: 'ilink_bot_token',
        authorization: `Bearer ${CAST.token}`,
        'content-type': 'application/json',
      });
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.json?.base_info).toEqual({ channel_version: '2.4.9', bot_agent: 'wxbot/0.1.0' });
    }
    expect(a!.headers['x-wechat-uin']).not.toBe(b!.headers['x-wechat-uin']);
    expect(a!.json?.get_updates_buf).toBe('');
    expect(b!.json?.get_updates_buf).toBe('abc');
  });

  it('asks for a QR with bot_type=3 in the query, no token and no base_info', async () => {
    const { server, api } = await setup({
      'POST /ilink/bot/get_bot_qrcode': [fixtureText('get-bot-qrcode-response.json')],
    });
    const qr = await api.getBotQrcode(['t1']);
    expect(qr.qrcode).toBe('4b7e2c91d05a4f8e9b3c6a1d7e2f8c05');
    expect(qr.qrcode_img_content).toMatch(/^https:\/\/liteapp\.weixin\.qq\.com\/q\//);
    const req = server.requests[0]!;
    expect(req.query.get('bot_type')).toBe('3');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers.authorizationtype).toBe('ilink_bot_token');
    expect(req.json).toEqual({ local_token_list: ['t1'] });
  });

  it('polls the QR status by GET with only the app headers and the verify code when given', async () => {
    const { server, api } = await setup({
      'GET /ilink/bot/get_qrcode_status': [fixtureText('qrcode-status-confirmed.json')],
    });
    const status = await api.getQrcodeStatus('4b7e2c91d05a4f8e9b3c6a1d7e2f8c05', { verifyCode: '12 34' });
    expect(status).toMatchObject({
      status: 'confirmed',
      bot_token: CAST.token,
      ilink_bot_id: CAST.botId,
      ilink_user_id: CAST.user,
    });
    const req = server.requests[0]!;
    expect(req.query.get('qrcode')).toBe('4b7e2c91d05a4f8e9b3c6a1d7e2f8c05');
    expect(req.query.get('verify_code')).toBe('12 34');
    expect(req.headers['ilink-app-id']).toBe('bot');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers.authorizationtype).toBeUndefined();
  });

  it('uses the msg/ paths for notifystart and notifystop, and the documented bodies for typing', async () => {
    const { server, api } = await setup({
      'POST /ilink/bot/msg/notifystart': [fixtureText('notify-response.json')],
      'POST /ilink/bot/msg/notifystop': [fixtureText('notify-response.json')],
      'POST /ilink/bot/getconfig': [fixtureText('getconfig-response.json')],
      'POST /ilink/bot/sendtyping': [fixtureText('sendtyping-response.json')],
    });
    await api.notifyStart();
    const cfg = await api.getConfig(CAST.user, 'ctx');
    await api.sendTyping(CAST.user, cfg.typing_ticket!, 2);
    await api.notifyStop();
    expect(server.requests.map((r) => r.path)).toEqual([
      '/ilink/bot/msg/notifystart',
      '/ilink/bot/getconfig',
      '/ilink/bot/sendtyping',
      '/ilink/bot/msg/notifystop',
    ]);
    expect(Object.keys(server.requests[0]!.json!)).toEqual(
      Object.keys(JSON.parse(fixtureText('notifystart-request.json'))),
    );
    expect(server.requests[1]!.json).toMatchObject({ ilink_user_id: CAST.user, context_token: 'ctx' });
    const { base_info: _b, ...typing } = JSON.parse(fixtureText('sendtyping-cancel-request.json'));
    expect(server.requests[2]!.json).toMatchObject(typing);
  });

  it('keeps a base URL path prefix', async () => {
    server = await scriptedServer({
      'POST /prefix/ilink/bot/msg/notifystart': [fixtureText('notify-response.json')],
    });
    const api = new IlinkApi({ baseUrl: `${server.url}/prefix/`, token: CAST.token });
    await api.notifyStart();
    expect(server.requests[0]!.path).toBe('/prefix/ilink/bot/msg/notifystart');
  });
});

describe('IlinkApi: answers', () => {
  it('returns the sendmessage message_id as an exact string, and accepts {} and {ret:0}', async () => {
    const { api } = await setup({
      'POST /ilink/bot/sendmessage': [
        fixtureText('sendmessage-response-with-id.json'),
        '{}',
        fixtureText('sendmessage-response.json'),
      ],
    });
    const msg = { to_user_id: CAST.user, item_list: [{ type: 1, text_item: { text: 'hi' } }] };
    expect((await api.sendMessage(msg)).message_id).toBe('7484409702373224541');
    expect((await api.sendMessage(msg)).message_id).toBeUndefined();
    expect((await api.sendMessage(msg)).ret).toBe(0);
  });

  it('maps ret:-2 to SEND_REFUSED, "rate limited" to RATE_LIMITED and -14 to SESSION_EXPIRED', async () => {
    const { api } = await setup({
      'POST /ilink/bot/sendmessage': [
        fixtureText('sendmessage-response-ret-2.json'),
        fixtureText('sendmessage-response-rate-limited.json'),
      ],
      'POST /ilink/bot/getupdates': [fixtureText('getupdates-errcode-14.json'), '{"errcode":-14}'],
      'POST /ilink/bot/getconfig': [fixtureText('getconfig-response-ret-4.json')],
    });
    const msg = { to_user_id: CAST.user };
    expect(await caught(api.sendMessage(msg))).toMatchObject({
      code: 'SEND_REFUSED',
      ret: -2,
      endpoint: 'sendmessage',
    });
    expect(await caught(api.sendMessage(msg))).toMatchObject({
      code: 'RATE_LIMITED',
      errmsg: 'rate limited',
    });
    const expired = await caught(api.getUpdates(''));
    expect(expired).toBeInstanceOf(IlinkApiError);
    expect(expired).toMatchObject({
      code: 'SESSION_EXPIRED',
      isSessionExpired: true,
      errmsg: 'session timeout',
    });
    expect(expired.message).toMatch(/wxbot login/);
    expect(await caught(api.getUpdates(''))).toMatchObject({
      code: 'SESSION_EXPIRED',
      ret: undefined,
      errcode: -14,
    });
    expect(await caught(api.getConfig(CAST.user))).toMatchObject({
      code: 'API_RET',
      ret: -4,
      errmsg: 'GetTypingTicket rpc failed',
    });
  });

  it('reads the QR error key err_msg', async () => {
    const { api } = await setup({
      'POST /ilink/bot/get_bot_qrcode': [fixtureText('get-bot-qrcode-missing-bot-type.json')],
    });
    expect(await caught(api.getBotQrcode())).toMatchObject({
      code: 'API_RET',
      ret: 1,
      errmsg: 'missing bot_type',
    });
  });

  it('turns HTTP errors, non-JSON, oversized and slow answers into typed errors without the token', async () => {
    const { api, server } = await setup({
      'POST /ilink/bot/getupdates': [
        { status: 502, body: 'bad gateway' },
        '<html>oops</html>',
        { body: `{"ret":0,"msgs":[],"pad":"${'x'.repeat(5000)}"}` },
        { body: fixtureText('getupdates-empty.json'), delayMs: 500 },
      ],
    });
    const small = new IlinkApi({ baseUrl: server.url, token: CAST.token, maxResponseBytes: 1000 });
    const errors = [
      await caught(api.getUpdates('')),
      await caught(api.getUpdates('')),
      await caught(small.getUpdates('')),
      await caught(api.getUpdates('', { timeoutMs: 50 })),
    ];
    expect(errors[0]).toBeInstanceOf(IlinkNetworkError);
    expect(errors.map((e) => (e as IlinkNetworkError).code)).toEqual([
      'HTTP_STATUS',
      'API_BAD_RESPONSE',
      'TOO_LARGE',
      'TIMEOUT',
    ]);
    expect(errors[0]).toMatchObject({ status: 502, endpoint: 'getupdates' });
    for (const e of errors) {
      expect(e.message).not.toContain(CAST.token);
      expect(e.message).not.toContain('0600002f1c8e');
    }
  });

  it('aborts a held poll at once when the signal fires', async () => {
    const { api } = await setup({
      'POST /ilink/bot/getupdates': [{ body: fixtureText('getupdates-empty.json'), delayMs: 30_000 }],
    });
    const ac = new AbortController();
    const started = Date.now();
    const p = caught(api.getUpdates('', { signal: ac.signal }));
    setTimeout(() => ac.abort(), 20);
    expect(await p).toMatchObject({ code: 'ABORTED' });
    // Long before the 30 s answer, however loaded the machine.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses authenticated calls before login with a clear error and no request', async () => {
    const { server } = await setup({});
    const api = new IlinkApi({ baseUrl: server.url });
    expect(await caught(api.getUpdates(''))).toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/log in/),
    });
    expect(server.requests).toHaveLength(0);
    expect(() => new IlinkApi({ baseUrl: 'ftp://x' })).toThrow(/baseUrl must use https: or http:/);
  });
});
