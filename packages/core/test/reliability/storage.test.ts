import { join } from 'node:path';
import { type Bot, createBot, StorageError, statusOf } from '@wxbot/core';
import { botOptions, startBot, startWorld, Tally, until, type World } from './harness.js';
import { captureLogger, linesWith } from './log-capture.js';
import { mountSmallFs, type SmallFs } from './small-fs.js';

// Issue 13, row 3. A REAL read-only folder and a REAL full file system: a small tmpfs mounted for
// the test (root needed). Where it cannot be mounted the tests say so and are skipped.

let world: World;
let fs: SmallFs | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await world?.close();
  await fs?.close();
  fs = undefined;
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('a read-only session folder is refused before login, with a message that says what to do', async () => {
  fs = await mountSmallFs(256);
  if (!fs) {
    process.stdout.write('storage test skipped: cannot mount a tmpfs (not root)\n');
    return;
  }
  fs.readOnly();
  world = await startWorld(1);
  const options = { ...botOptions(world), sessionFile: join(fs.dir, 'session.json') };
  bot = createBot(options);
  let qrs = 0;
  bot.events.on('qr', () => {
    qrs += 1;
  });
  const error = await bot.start().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect(error).toMatchObject({ code: 'SESSION_DIR_NOT_WRITABLE' });
  expect((error as Error).message).toContain(fs.dir);
  expect((error as Error).message).toContain('EROFS: the file system is read-only');
  expect(qrs).toBe(0);
  expect(bot.adapter.loggedIn).toBe(false);
});

test('a full disk while running: replies wait, nothing is marked handled, then all go once when space is back', async () => {
  fs = await mountSmallFs(1024);
  if (!fs) {
    process.stdout.write('storage test skipped: cannot mount a tmpfs (not root)\n');
    return;
  }
  world = await startWorld(3);
  const tally = new Tally(world.sim);
  const log = captureLogger();
  bot = await startBot(world, tally, {
    sessionFile: join(fs.dir, 'session.json'),
    logger: log.logger,
    health: { port: 0, staleAfterMs: 60_000 },
    journalFile: { retryMs: 50 },
  });
  const running = bot;
  const base = bot.healthServerInfo?.url ?? '';
  tally.burst(world.friends, 'before', 3);
  await tally.waitSettled();
  expect(tally.row('before').repliesOnce).toBe(3);

  await fs.fill([join(fs.dir, 'session.outbox.jsonl'), join(fs.dir, 'session.json.handled')]);
  tally.burst(world.friends, 'during', 5);
  await until(() => tally.handled.size === 8, 'the handlers to run');
  await until(() => running.stats().storageFaults?.some((f) => f.kind === 'journal') === true, 'the fault');
  // Not sent (the journal cannot record them) and not marked handled.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(world.sim.phone.sent.filter((m) => m.text.startsWith('re:during'))).toHaveLength(0);
  expect(bot.stats().unhandled).toBe(5);
  const down = await get(`${base}/healthz`);
  expect(down.status).toBe(503);
  expect(String(down.body.reason)).toMatch(
    /^cannot write .*session\.outbox\.jsonl: ENOSPC \(the disk is full\)/,
  );
  const errors = linesWith(log.lines, 'cannot write the outbox journal');
  expect(errors).toHaveLength(1);
  // `wxbot status` (another process) reads why from the bot's live status file.
  const status = await statusOf(join(fs.dir, 'session.json'));
  expect(status.runningPid).toBe(process.pid);
  expect(status.problems?.join('\n')).toMatch(
    /cannot write .*session\.outbox\.jsonl: ENOSPC \(the disk is full\)/,
  );
  expect(errors[0]).toMatchObject({ level: 50, errno: 'ENOSPC', kind: 'journal' });

  await fs.free();
  await tally.waitSettled();
  await bot.idle();
  const row = tally.row('full disk');
  expect(row.deliveredOnce).toBe(8);
  expect(row.repliesOnce).toBe(8);
  expect(row.repliesLost + row.repliesDuplicated + row.lost + row.duplicated).toBe(0);
  await until(() => (running.stats().storageFaults?.length ?? 0) === 0, 'the recovery');
  await until(() => running.stats().unhandled === 0, 'the messages to be marked handled');
  expect((await get(`${base}/healthz`)).status).toBe(200);
  expect(linesWith(log.lines, 'cannot write the outbox journal')).toHaveLength(1);
});
