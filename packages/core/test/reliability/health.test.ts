import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bot, defaultJournalPath, statusOf, type WebAdapter } from '@wxbot/core';
import { startBot, startWorld, Tally, until, type World } from './harness.js';

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('health endpoint', () => {
  let world: World;
  let bot: Bot<WebAdapter> | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await world.close();
  });

  test('/healthz is 200 while logged in and syncing, 503 after a logout; /stats and /metrics count messages', async () => {
    world = await startWorld(2);
    const tally = new Tally(world.sim);
    bot = await startBot(world, tally, { autoRelogin: false, health: { port: 0, staleAfterMs: 5000 } });
    const base = bot.healthServerInfo?.url ?? '';
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    tally.burst(world.friends, 'hi', 4);
    await tally.waitSettled();
    await until(() => bot?.stats().lastSyncAt !== undefined, 'a sync round');
    expect(await get(`${base}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    const metrics = await get(`${base}/stats`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      loggedIn: true,
      running: true,
      nickName: '测试机器人',
      messagesHandled: 4,
      messagesOut: 4,
      outboxDepth: 0,
      dispatcherPending: 0,
      unhandled: 0,
    });
    expect(metrics.body.messagesIn).toBeGreaterThanOrEqual(4);
    expect(typeof metrics.body.uptimeMs).toBe('number');
    // No secret in the metrics.
    const text = JSON.stringify(metrics.body);
    expect(text).not.toMatch(/skey|sid|pass_ticket|cookie|uin/i);
    // Prometheus text format at /metrics, with the same numbers.
    const prom = await fetch(`${base}/metrics`);
    expect(prom.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = await prom.text();
    expect(exposition).toMatch(/^# TYPE wxbot_messages_sent_total counter$/m);
    expect(exposition).toMatch(/^wxbot_messages_sent_total 4$/m);
    expect(exposition).toMatch(/^wxbot_logged_in 1$/m);
    expect(exposition).not.toMatch(/skey|sid|pass_ticket|cookie|uin/i);

    world.sim.phone.logout();
    await until(() => bot?.adapter.loggedIn === false, 'the logout');
    const down = await get(`${base}/healthz`);
    expect(down.status).toBe(503);
    // It says why, in one sentence with what to do, and the typed reason.
    expect(down.body).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not logged in: The session was logged out on the phone.*wxbot login/),
      endKind: 'phoneLogout',
    });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  test('statusOf(sessionFile) tells resumable / unhandled / unsent without secrets', async () => {
    world = await startWorld(1);
    expect(await statusOf(world.sessionFile)).toEqual({ file: world.sessionFile, state: 'missing' });
    const tally = new Tally(world.sim);
    bot = await startBot(world, tally);
    tally.burst(world.friends, 'x', 2);
    await tally.waitSettled();
    await bot.stop();
    bot = undefined;
    const status = await statusOf(world.sessionFile, { journalFile: defaultJournalPath(world.sessionFile) });
    expect(status).toMatchObject({
      state: 'ok',
      mode: 'desktop',
      resumable: true,
      nickName: '测试机器人',
      unhandledMessages: 0,
      unsentMessages: 0,
      fileMode: '600',
    });
    expect(JSON.stringify(status)).not.toMatch(/skey|wxsid|pass_?ticket|"uin"/i);
    const broken = join(world.dir, 'broken.json');
    await writeFile(broken, '{"version":1');
    expect(await statusOf(broken)).toEqual({ file: broken, state: 'invalid', problem: 'not valid JSON' });
  });
});
