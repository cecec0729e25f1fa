import { afterEach, describe, expect, it } from '@jest/globals';
import { type QrLoginEvent, qrLogin } from '../../src/login/qr-login.js';
import { IlinkApi } from '../../src/protocol/api.js';
import { type Answer, CAST, fixtureText, type ScriptedServer, scriptedServer } from '../helpers.js';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const QR = 'POST /ilink/bot/get_bot_qrcode';
const STATUS = 'GET /ilink/bot/get_qrcode_status';
const status = (name: string) => fixtureText(`qrcode-status-${name}.json`);
let qrCount = 0;
/** A fresh QR per call, so tests can tell the codes apart. */
const newQr: Answer = (_req, res) => {
  qrCount++;
  res.writeHead(200).end(
    JSON.stringify({
      qrcode: `qr${qrCount}`,
      qrcode_img_content: `https://liteapp.weixin.qq.com/q/x?qrcode=qr${qrCount}&bot_type=3`,
      ret: 0,
    }),
  );
};

async function world(statuses: Answer[]) {
  qrCount = 0;
  const server = await scriptedServer({ [QR]: [newQr], [STATUS]: statuses });
  servers.push(server);
  const api = new IlinkApi({ loginBaseUrl: server.url });
  const events: QrLoginEvent[] = [];
  return { server, api, events, onEvent: (e: QrLoginEvent) => events.push(e) };
}

const fast = { pollIntervalMs: 1 };

describe('qrLogin', () => {
  it('wait → scaned → confirmed: shows the QR content and returns all four credentials', async () => {
    const w = await world([status('wait'), status('scaned'), status('scaned'), status('confirmed')]);
    const result = await qrLogin(w.api, { ...fast, onEvent: w.onEvent });
    expect(result).toEqual({
      kind: 'confirmed',
      credentials: {
        token: CAST.token,
        botId: CAST.botId,
        userId: CAST.user,
        baseUrl: 'https://ilinkai.weixin.qq.com',
      },
    });
    expect(w.events).toEqual([
      {
        type: 'qr',
        content: 'https://liteapp.weixin.qq.com/q/x?qrcode=qr1&bot_type=3',
        qrcode: 'qr1',
        index: 1,
        max: 3,
      },
      { type: 'scanned' },
    ]);
    expect(w.server.to(STATUS).map((r) => r.query.get('qrcode'))).toEqual(['qr1', 'qr1', 'qr1', 'qr1']);
    for (const e of w.events) expect(JSON.stringify(e)).not.toContain(CAST.token);
  });

  it('need_verifycode: asks for the code, polls with it at once, reports a wrong code, then clears it once accepted', async () => {
    const w = await world([
      status('scaned'),
      status('need_verifycode'),
      status('need_verifycode'),
      status('scaned'),
      status('wait'),
      status('confirmed'),
    ]);
    const codes = ['1111', ' 4242 '];
    const asked: boolean[] = [];
    const result = await qrLogin(w.api, {
      ...fast,
      onEvent: w.onEvent,
      verifyCode: async ({ wrong }) => {
        asked.push(wrong);
        return codes.shift();
      },
    });
    expect(result.kind).toBe('confirmed');
    expect(asked).toEqual([false, true]);
    expect(w.server.to(STATUS).map((r) => r.query.get('verify_code'))).toEqual([
      null,
      null,
      '1111',
      '4242',
      null,
      null,
    ]);
    expect(w.events.filter((e) => e.type === 'verify-code')).toEqual([
      { type: 'verify-code', wrong: false },
      { type: 'verify-code', wrong: true },
    ]);
  });

  it('need_verifycode without a prompt fails clearly, and a cancelled prompt cancels', async () => {
    const w = await world([status('need_verifycode')]);
    await expect(qrLogin(w.api, fast)).rejects.toMatchObject({ code: 'VERIFY_CODE_REQUIRED' });
    await expect(qrLogin(w.api, { ...fast, verifyCode: async () => undefined })).rejects.toMatchObject({
      code: 'LOGIN_CANCELLED',
    });
  });

  it('expired and verify_code_blocked bring a new QR, at most maxQrCodes in all', async () => {
    const w = await world([status('expired'), status('verify_code_blocked'), status('expired')]);
    await expect(qrLogin(w.api, { ...fast, onEvent: w.onEvent })).rejects.toMatchObject({
      code: 'QR_EXPIRED',
      message: expect.stringMatching(/3 QR codes expired/),
    });
    expect(w.server.to(QR)).toHaveLength(3);
    expect(w.events.filter((e) => e.type === 'qr').map((e) => (e as { index: number }).index)).toEqual([
      1, 2, 3,
    ]);
    expect(w.events.filter((e) => e.type === 'qr-expired')).toEqual([
      { type: 'qr-expired', reason: 'expired' },
      { type: 'qr-expired', reason: 'verify_code_blocked' },
      { type: 'qr-expired', reason: 'expired' },
    ]);
    expect(w.server.to(STATUS).map((r) => r.query.get('qrcode'))).toEqual(['qr1', 'qr2', 'qr3']);
  });

  it('gives a QR up after its local lifetime even if the server never says expired', async () => {
    const w = await world([status('wait')]);
    await expect(
      qrLogin(w.api, { ...fast, maxQrCodes: 2, qrLifetimeMs: 60, onEvent: w.onEvent }),
    ).rejects.toMatchObject({
      code: 'QR_EXPIRED',
    });
    expect(w.server.to(QR)).toHaveLength(2);
    expect(w.events.filter((e) => e.type === 'qr-expired')).toEqual([
      { type: 'qr-expired', reason: 'lifetime' },
      { type: 'qr-expired', reason: 'lifetime' },
    ]);
  });

  it('scaned_but_redirect: keeps polling the same QR on the redirect host', async () => {
    const other = await scriptedServer({ [STATUS]: [status('scaned'), status('confirmed')] });
    servers.push(other);
    const w = await world([
      JSON.stringify({ ret: 0, status: 'scaned_but_redirect', redirect_host: other.host }),
    ]);
    const result = await qrLogin(w.api, { ...fast, onEvent: w.onEvent });
    expect(result.kind).toBe('confirmed');
    expect(w.server.to(STATUS)).toHaveLength(1);
    expect(other.to(STATUS).map((r) => r.query.get('qrcode'))).toEqual(['qr1', 'qr1']);
    expect(w.events).toContainEqual({ type: 'redirect', host: other.host });
  });

  it('binded_redirect: sends the local tokens and reuses the existing binding', async () => {
    const w = await world([status('binded_redirect')]);
    expect(await qrLogin(w.api, { ...fast, localTokens: [CAST.token] })).toEqual({ kind: 'already-bound' });
    expect(w.server.to(QR)[0]!.json).toEqual({ local_token_list: [CAST.token] });
  });

  it('treats failed status polls as wait and goes on', async () => {
    const w = await world([
      { status: 524 },
      'garbage',
      JSON.stringify({ ret: 0, status: 'weird' }),
      status('confirmed'),
    ]);
    const result = await qrLogin(w.api, { ...fast, onEvent: w.onEvent });
    expect(result.kind).toBe('confirmed');
    expect(w.events.filter((e) => e.type === 'poll-error')).toHaveLength(3);
  });

  it('fails when confirmed comes without a bot id, and stops when aborted', async () => {
    const w = await world([JSON.stringify({ ret: 0, status: 'confirmed', bot_token: 't' })]);
    await expect(qrLogin(w.api, fast)).rejects.toMatchObject({ code: 'LOGIN_INCOMPLETE' });
    w.server.script(STATUS, [{ body: status('wait'), delayMs: 5000 }]);
    const ac = new AbortController();
    const p = qrLogin(w.api, { ...fast, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expect(p).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
  });
});
