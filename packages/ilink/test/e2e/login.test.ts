import { afterEach, describe, expect, it } from '@jest/globals';
import type { QrLoginEvent } from '../../src/login/qr-login.js';
import { until } from '../helpers.js';
import { closeWorlds, e2eWorld, loggedIn } from './world.js';

afterEach(closeWorlds);

describe('iLink QR login against the simulator', () => {
  it('confirms and gets the token, bot id, owner id and base URL the simulator bound', async () => {
    const w = await e2eWorld();
    const events: QrLoginEvent[] = [];
    const login = w.client.login({ pollIntervalMs: 5, onEvent: (e) => events.push(e) });
    const qr = await w.alice.waitForQr();
    w.alice.scan(qr);
    await until(() => events.some((e) => e.type === 'scanned'));
    const bot = w.alice.confirm(qr);
    const result = await login;
    expect(result).toEqual({
      kind: 'confirmed',
      credentials: {
        token: bot.token,
        botId: bot.botId,
        userId: w.alice.userId,
        baseUrl: 'https://ilinkai.weixin.qq.com',
      },
    });
    expect(events[0]).toMatchObject({ type: 'qr', qrcode: qr, index: 1 });
    expect((events[0] as { content: string }).content).toMatch(
      /^https:\/\/liteapp\.weixin\.qq\.com\/.*qrcode=/,
    );
    expect(w.client.api.hasToken).toBe(true);
  });

  it('answers the pair-code challenge (a wrong code first) and follows the redirect to the other IDC', async () => {
    const w = await e2eWorld();
    const events: QrLoginEvent[] = [];
    let qr = '';
    const login = w.client.login({
      pollIntervalMs: 5,
      onEvent: (e) => events.push(e),
      verifyCode: async ({ wrong }) => (wrong ? w.alice.verifyCodeFor(qr) : '000000'),
    });
    qr = await w.alice.waitForQr();
    w.alice.scan(qr, { verifyCode: true, redirect: true });
    await until(() => events.some((e) => e.type === 'scanned'));
    w.alice.confirm(qr);
    const result = await login;
    expect(result.kind).toBe('confirmed');
    expect(events.filter((e) => e.type === 'verify-code')).toEqual([
      { type: 'verify-code', wrong: false },
      { type: 'verify-code', wrong: true },
    ]);
    expect(events).toContainEqual({ type: 'redirect', host: 'ilinkai-sh.weixin.qq.com' });
  });

  it('fetches a new QR when one expires and logs in with the second', async () => {
    const w = await e2eWorld();
    const events: QrLoginEvent[] = [];
    const login = w.client.login({ pollIntervalMs: 5, onEvent: (e) => events.push(e) });
    const first = await w.alice.waitForQr();
    w.alice.expireQr(first);
    await until(() => events.filter((e) => e.type === 'qr').length === 2);
    const second = await w.alice.waitForQr();
    expect(second).not.toBe(first);
    w.alice.login(second);
    expect((await login).kind).toBe('confirmed');
    expect(events).toContainEqual({ type: 'qr-expired', reason: 'expired' });
  });

  it('gives up after three QR codes', async () => {
    const w = await e2eWorld({ qrTtlMs: 40 });
    await expect(w.client.login({ pollIntervalMs: 5 })).rejects.toMatchObject({ code: 'QR_EXPIRED' });
  });

  it('gets binded_redirect when its live token is in local_token_list, and keeps that token', async () => {
    const w = await loggedIn(await e2eWorld());
    const before = w.client.credentials;
    const again = w.client.login({ pollIntervalMs: 5 });
    w.alice.scan(await w.alice.waitForQr());
    expect(await again).toEqual({ kind: 'already-bound' });
    expect(w.client.credentials).toBe(before);
    expect(await w.client.notifyStart()).toBe(true);
  });
});
