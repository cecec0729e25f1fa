import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { LogoutEvent, SyncBatch } from '../../src/adapters/web/client/types.js';
import { autoScan, setup, waitFor } from './helpers.js';

const CAST = { cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] } };

function texts(client: import('../../src/adapters/web/client/client.js').WebWxClient): string[] {
  const out: string[] = [];
  client.on('sync', (b: SyncBatch) => {
    for (const m of b.messages) if (m.MsgType === 1) out.push(m.Content);
  });
  return out;
}

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('logout on the phone → synccheck 1100 → a typed logout event with what to do; the loop stops', async () => {
  const { sim, client, done } = await setup(CAST);
  try {
    autoScan(client, sim);
    await client.start();
    const logout = waitFor<LogoutEvent>((cb) => {
      client.on('logout', cb);
      return () => client.off('logout', cb);
    });
    sim.phone.logout();
    const e = await logout;
    expect(e).toEqual({
      code: 1100,
      kind: 'phoneLogout',
      reason: expect.stringMatching(/logged out on the phone.*wxbot login/),
      willRelogin: false,
    });
    expect(client.running).toBe(false);
    expect(client.loggedIn).toBe(false);
  } finally {
    await done();
  }
});

test('autoRelogin: after the phone logs out, a push login the phone confirms (no QR) and ready again', async () => {
  const { sim, client, done } = await setup(CAST, {
    autoRelogin: true,
    maxPushPolls: 1,
    reloginCooldownMs: 10,
  });
  try {
    autoScan(client, sim);
    await client.start();
    const events: string[] = [];
    client.on('logout', (e) => events.push(`logout:${e.willRelogin}`));
    client.on('login', (e) => events.push(`login:${e.method}`));
    client.on('qr', () => events.push('qr'));
    sim.onEvent((e) => {
      if (e.type === 'login.push') setTimeout(() => sim.phone.confirm(), 5);
    });
    const readyAgain = waitFor<void>((cb) => {
      const h = () => cb();
      client.on('ready', h);
      return () => client.off('ready', h);
    });
    sim.phone.logout();
    await readyAgain;
    expect(events).toEqual(['logout:true', 'login:push']);
    expect(client.running).toBe(true);
    const got = texts(client);
    sim.phone.say('wxid_alice', 'after relogin');
    await until(() => got.includes('after relogin'));
  } finally {
    await done();
  }
});

test('stop() returns at once, not at the end of a synccheck the server holds', async () => {
  const { sim, client, done } = await setup(
    { ...CAST, syncHoldMs: 60_000 },
    { timeouts: { syncCheck: 90_000 } },
  );
  try {
    autoScan(client, sim);
    await client.start();
    await new Promise((r) => setTimeout(r, 150));
    let stopped = 0;
    client.on('stop', () => stopped++);
    const started = Date.now();
    await client.stop();
    // Far below the 60 s hold, and far above a loaded machine's scheduling delays.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stopped).toBe(1);
    expect(client.running).toBe(false);
  } finally {
    await done();
  }
});

test('network errors and 5xx back off and recover; no message lost', async () => {
  const { sim, client, done } = await setup(CAST);
  try {
    autoScan(client, sim);
    await client.start();
    const got = texts(client);
    sim.faults.http('synccheck', 503, { times: 2 });
    sim.faults.reset('webwxsync', { times: 1 });
    sim.phone.say('wxid_alice', 'one');
    sim.phone.say('wxid_alice', 'two');
    await until(() => got.includes('one') && got.includes('two'));
    expect(got.filter((t) => t === 'one')).toHaveLength(1);
    expect(client.running).toBe(true);
  } finally {
    await done();
  }
});

test('1205 and malformed answers back off without stopping the loop', async () => {
  const { sim, client, done } = await setup(CAST);
  try {
    autoScan(client, sim);
    await client.start();
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    const got = texts(client);
    sim.faults.synccheckRetcode(1205, { times: 1 });
    sim.faults.malformed('webwxsync', { times: 1 });
    sim.phone.say('wxid_alice', 'still here');
    await until(() => got.includes('still here'));
    expect(errors.some((e) => e.name === 'WxApiError')).toBe(true);
  } finally {
    await done();
  }
});

test('ContinueFlag: a backlog larger than one batch arrives complete and in order', async () => {
  const { sim, client, done } = await setup({ ...CAST, syncBatchSize: 2 });
  try {
    autoScan(client, sim);
    await client.start();
    const got = texts(client);
    for (let i = 0; i < 7; i++) sim.phone.say('wxid_alice', `m${i}`);
    await until(() => got.length >= 7);
    expect(got).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  } finally {
    await done();
  }
});

test('spin guard: synccheck answered instantly is polled at most once per minIntervalMs', async () => {
  const { sim, client, done } = await setup({ ...CAST, syncHoldMs: 0 }, { syncCheckMinIntervalMs: 100 });
  try {
    autoScan(client, sim);
    await client.start();
    const counter = sim.faults.delay('synccheck', 0);
    await new Promise((r) => setTimeout(r, 1000));
    const hits = sim.faults.list().find((f) => f.id === counter)?.hits ?? 0;
    expect(hits).toBeGreaterThanOrEqual(5);
    expect(hits).toBeLessThanOrEqual(12);
  } finally {
    await done();
  }
});

test('a push host that keeps failing is swapped for webpush2, which works', async () => {
  const lines: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    }),
  );
  const { sim, client, done } = await setup(CAST, { logger });
  try {
    autoScan(client, sim);
    await client.start();
    const got = texts(client);
    sim.faults.reset('synccheck', { times: 2 });
    sim.phone.say('wxid_alice', 'via fallback');
    await until(() => got.includes('via fallback'));
    const switched = lines.map((l) => JSON.parse(l)).filter((l) => l.msg?.startsWith('switching push host'));
    expect(switched.map((l) => l.pushHost)).toEqual(['webpush2.wx2.qq.com']);
  } finally {
    await done();
  }
});
