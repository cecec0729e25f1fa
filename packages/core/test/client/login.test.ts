import type { QrEvent } from '../../src/adapters/web/client/types.js';
import { LoginError } from '../../src/errors.js';
import { autoScan, setup } from './helpers.js';

describe.each(['web', 'desktop'] as const)('fresh QR login in %s mode', (mode) => {
  test('qr → scan (avatar) → login → ready', async () => {
    const { sim, client, done } = await setup({}, { mode });
    try {
      const qrs: QrEvent[] = [];
      const scans: Array<string | undefined> = [];
      const methods: string[] = [];
      client.on('qr', (qr) => {
        qrs.push(qr);
        setTimeout(() => sim.phone.scan(qr.uuid), 5);
        setTimeout(() => sim.phone.confirm(qr.uuid), 30);
      });
      client.on('scan', (e) => scans.push(e.avatar));
      client.on('login', (e) => methods.push(e.method));
      let ready = false;
      client.on('ready', () => {
        ready = true;
      });
      await client.start();
      expect(qrs).toHaveLength(1);
      expect(qrs[0]?.url).toBe(`https://login.weixin.qq.com/l/${qrs[0]?.uuid}`);
      expect(qrs[0]?.attempt).toBe(1);
      expect(scans).toHaveLength(1);
      expect(scans[0]).toMatch(/^data:img\/jpg;base64,/);
      expect(methods).toEqual(['qr']);
      expect(ready).toBe(true);
      expect(sim.status()).toMatchObject({ loggedIn: true, mode });
      expect(client.self?.userName).toBe(sim.status().userName);
    } finally {
      await done();
    }
  });
});

test('ret 1203 in web mode: LoginError that says to use desktop mode; desktop mode then works', async () => {
  const { sim, client, done } = await setup({ account: { webLoginAllowed: false } }, { mode: 'web' });
  try {
    autoScan(client, sim);
    const err = await client.login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('LOGIN_REFUSED');
    expect((err as LoginError).message).toMatch(
      /^Web login refused \(ret=1203\): this account cannot use web WeChat; try login\.mode: desktop\./,
    );
  } finally {
    await done();
  }
  const second = await setup({ account: { webLoginAllowed: false } }, { mode: 'desktop' });
  try {
    autoScan(second.client, second.sim);
    await expect(second.client.login()).resolves.toBe('qr');
  } finally {
    await second.done();
  }
});

test('an expired QR is replaced by a new one; after maxQrAttempts a LoginError', async () => {
  const { client, done } = await setup({ qrExpireMs: 150, loginHoldMs: 50 }, { maxQrAttempts: 3 });
  try {
    const attempts: number[] = [];
    client.on('qr', (qr) => attempts.push(qr.attempt));
    const err = await client.login().catch((e: unknown) => e);
    expect(attempts).toEqual([1, 2, 3]);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('QR_EXPIRED');
    expect((err as Error).message).toMatch(/3 QR codes expired/);
  } finally {
    await done();
  }
});

test('a QR confirmed after one expired logs in on the second code', async () => {
  const { sim, client, done } = await setup({ qrExpireMs: 150, loginHoldMs: 50 });
  try {
    client.on('qr', (qr) => {
      if (qr.attempt === 2) setTimeout(() => sim.phone.login(qr.uuid), 5);
    });
    await expect(client.login()).resolves.toBe('qr');
  } finally {
    await done();
  }
});

test("stop() during a held login poll returns at once (not at the hold's end) and rejects login()", async () => {
  const { client, done } = await setup({ loginHoldMs: 60_000 }, { timeouts: { loginPoll: 90_000 } });
  try {
    const shown = new Promise((r) => client.once('qr', r));
    const login = client.login().catch((e: unknown) => e);
    await shown;
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await client.stop();
    // Far below the 60 s hold, and far above a loaded machine's scheduling delays.
    expect(Date.now() - started).toBeLessThan(20_000);
    const err = await login;
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('LOGIN_ABORTED');
  } finally {
    await done();
  }
});
