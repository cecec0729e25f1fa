import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { type Bot, type LogoutEvent, StorageError, statusOf } from '@wxbot/core';
import { LiveStatusFile, liveStatusPath } from '../../../core/src/storage/live-status.js';
import { mountSmallFs, type SmallFs } from '../../../core/test/reliability/small-fs.js';
import { createIlinkBot } from '../../src/adapter/create-bot.js';
import type { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';
import {
  IlinkTally,
  type IlinkWorld,
  ilinkBotOptions,
  pause,
  startIlinkBot,
  startIlinkWorld,
  until,
} from './harness.js';

// The iLink rows of the fault suite that are about the session and the poll loop: -14, a stalled or
// empty-answering long-poll (no request storm), a full disk and a read-only session folder.

let world: IlinkWorld | undefined;
let bot: Bot<IlinkAdapter> | undefined;
let fs: SmallFs | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await world?.close();
  world = undefined;
  await fs?.close();
  fs = undefined;
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Counts calls to an endpoint from now on (a zero delay switch that only counts its hits). */
function counter(w: IlinkWorld, endpoint: 'getupdates' | 'get_bot_qrcode'): () => number {
  const id = w.sim.faults.delay(endpoint, 0);
  return () => w.sim.faults.list().find((f) => f.id === id)?.hits ?? 0;
}

test('-14 ends the session: typed logout, /healthz says why, no QR and no further polling', async () => {
  world = await startIlinkWorld();
  const tally = new IlinkTally(world);
  bot = await startIlinkBot(world, tally, { health: { port: 0, staleAfterMs: 60_000 } });
  const logouts: LogoutEvent[] = [];
  bot.events.on('logout', (e) => logouts.push(e));
  tally.burst('before', 4);
  await tally.waitSettled(4000);
  expect(tally.row('-14').deliveredOnce).toBe(4);

  world.sim.faults.errcode('getupdates', -14, { times: 1 });
  await until(() => logouts.length === 1, 'the logout');
  expect(logouts[0]).toMatchObject({ code: -14, kind: 'expired', willRelogin: false });
  const polls = counter(world, 'getupdates');
  const qrs = counter(world, 'get_bot_qrcode');
  await pause(500); // many poll intervals (20 ms) and QR holds
  expect(polls()).toBe(0);
  expect(qrs()).toBe(0);
  expect(world.sim.status().pendingQr).toBeNull();

  const health = await get(`${bot.healthServerInfo?.url}/healthz`);
  expect(health.status).toBe(503);
  expect(String(health.body.reason)).toMatch(/not logged in: .*-14.*wxbot login/);
  expect(bot.stats().lastEnd).toMatchObject({ code: -14, mayRelogin: false });

  // Starting again does not bring up a QR by itself: a person runs `wxbot login`.
  await bot.stop();
  const again = createIlinkBot(ilinkBotOptions(world));
  await expect(again.start()).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  await again.stop();
  expect(qrs()).toBe(0);
});

test('a long-poll that answers at once and empty: polls stay spaced, /healthz reports the storm, nothing is lost after', async () => {
  world = await startIlinkWorld();
  const tally = new IlinkTally(world);
  bot = await startIlinkBot(world, tally, {
    poll: { minEmptyPollIntervalMs: 100, backoff: { baseMs: 10, maxMs: 100 }, timeoutMarginMs: 300 },
    health: { port: 0, staleAfterMs: 60_000 },
  });
  tally.burst('before', 3);
  await tally.waitSettled(4000);

  const early = world.sim.faults.early();
  const started = Date.now();
  tally.burst('during', 3); // queued at the server, not handed out while it answers empty
  await pause(1000);
  const hits = world.sim.faults.list().find((f) => f.id === early)?.hits ?? 0;
  const elapsed = Date.now() - started;
  // The operator is told, through the same seam as a Web sync storm.
  const url = `${bot.healthServerInfo?.url}/healthz`;
  const storm = await get(url);
  expect(storm.status).toBe(503);
  expect(String(storm.body.reason)).toMatch(/^sync storm since .*answers the long-poll at once with nothing/);
  expect(bot.stats().syncStorm?.rounds).toBeGreaterThanOrEqual(3);
  // `wxbot status` (another process) reads it from the live status file the bot keeps.
  const statusFile = join(world.dir, 'status-probe.json');
  const live = LiveStatusFile.create(liveStatusPath(statusFile));
  live?.write({
    pid: process.pid,
    updatedAt: Date.now(),
    loggedIn: true,
    syncStorm: bot.stats().syncStorm,
    storageFaults: [],
  });
  const problems = (await statusOf(statusFile)).problems;
  live?.close();
  expect(problems).toContainEqual(
    expect.stringMatching(/^sync storm since .*: the server answers the long-poll at once with nothing/),
  );
  world.sim.faults.clear(early);
  // At most one poll per 100 ms (+1 in flight), whatever the machine's speed: no request storm.
  expect(hits).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 2);
  expect(hits).toBeGreaterThan(0);
  process.stdout.write(`iLink early-empty poll: ${hits} polls in ${elapsed} ms\n`);

  tally.burst('after', 3);
  await tally.waitSettled(6000);
  const row = tally.row('early empty');
  expect(row).toMatchObject({ lost: 0, duplicated: 0, repliesLost: 0, repliesDuplicated: 0 });
  expect(row.deliveredOnce).toBe(9);
  // Held polls and messages again: the storm is over.
  await until(() => bot?.stats().syncStorm === undefined, 'the storm to end');
  expect((await get(url)).status).toBe(200);
});

test('a long-poll that stalls past the client timeout: abandoned and asked again, nothing lost', async () => {
  world = await startIlinkWorld();
  const tally = new IlinkTally(world);
  bot = await startIlinkBot(world, tally);
  tally.burst('before', 3);
  await tally.waitSettled(4000);

  // The client gives up after the suggested 150 ms + 300 ms margin; the server holds for 2 s.
  const stall = world.sim.faults.delay('getupdates', 2000);
  const started = Date.now();
  tally.burst('during', 3);
  await pause(1500);
  const hits = world.sim.faults.list().find((f) => f.id === stall)?.hits ?? 0;
  const elapsed = Date.now() - started;
  world.sim.faults.clear(stall);
  expect(hits).toBeLessThanOrEqual(Math.floor(elapsed / 450) + 2);
  tally.burst('after', 3);
  await tally.waitSettled(8000);
  const row = tally.row('stall');
  expect(row).toMatchObject({ lost: 0, duplicated: 0, repliesLost: 0, repliesDuplicated: 0 });
  expect(row.deliveredOnce).toBe(9);
});

test('a read-only session folder is refused before login, with no QR', async () => {
  fs = await mountSmallFs(256);
  if (!fs) {
    process.stdout.write('iLink storage test skipped: cannot mount a tmpfs (not root)\n');
    return;
  }
  fs.readOnly();
  world = await startIlinkWorld({}, fs.dir);
  const qrs = counter(world, 'get_bot_qrcode');
  bot = createIlinkBot({ ...ilinkBotOptions(world), sessionFile: join(fs.dir, 'ilink.json') });
  const error = await bot.start().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect(error).toMatchObject({ code: 'SESSION_DIR_NOT_WRITABLE' });
  expect((error as Error).message).toContain(fs.dir);
  expect(qrs()).toBe(0);
});

test('the disk fills up mid-traffic: /healthz says so, nothing lost or doubled once it has room again', async () => {
  fs = await mountSmallFs(512);
  if (!fs) {
    process.stdout.write('iLink storage test skipped: cannot mount a tmpfs (not root)\n');
    return;
  }
  world = await startIlinkWorld({}, fs.dir);
  const tally = new IlinkTally(world);
  bot = await startIlinkBot(world, tally, { health: { port: 0, staleAfterMs: 60_000 } });
  tally.burst('before', 4);
  await tally.waitSettled(4000);

  const session = world.sessionFile;
  await fs.fill([session, session.replace(/\.json$/, '.outbox.jsonl'), `${session}.handled`]);
  tally.burst('during', 4);
  await until(() => (bot?.stats().storageFaults?.length ?? 0) > 0, 'the storage fault to show');
  const down = await get(`${bot.healthServerInfo?.url}/healthz`);
  expect(down.status).toBe(503);
  expect(String(down.body.reason)).toMatch(/cannot write .*ENOSPC/);

  await fs.free();
  await until(() => (bot?.stats().storageFaults?.length ?? 0) === 0, 'the storage to recover', 8000);
  tally.burst('after', 4);
  await tally.waitSettled(8000);
  const row = tally.row('disk full');
  expect(row).toMatchObject({ lost: 0, duplicated: 0, repliesLost: 0, repliesDuplicated: 0 });
  expect(row.deliveredOnce).toBe(12);
});

test('backpressure: while maxPending messages wait, no new getupdates; all handled once, in order', async () => {
  world = await startIlinkWorld({ updatesBatchSize: 5 });
  const tally = new IlinkTally(world);
  const order: string[] = [];
  tally.behaviour = async (text) => {
    order.push(text);
    await pause(40);
  };
  bot = await startIlinkBot(world, tally, { maxPending: 5 });
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, bot?.stats().dispatcherPending ?? 0);
  }, 2);
  try {
    for (let i = 0; i < 40; i++) tally.say(`bp-${String(i).padStart(2, '0')}#noreply`);
    await tally.waitSettled(15_000);
  } finally {
    clearInterval(sample);
  }
  const row = tally.row('backpressure');
  expect(row).toMatchObject({ deliveredOnce: 40, lost: 0, duplicated: 0 });
  expect(order).toEqual([...order].sort());
  // At most maxPending waiting plus one getupdates answer (5): the poller waited instead of fetching.
  expect(peak).toBeLessThanOrEqual(10);
  process.stdout.write(`iLink backpressure: peak ${peak} waiting (maxPending 5, batches of 5)\n`);
});
