import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockSession, SessionLockedError } from '@wxbot/core';
import { type Child, spawnScript } from './child-process.js';

// Issue 13, row 4: two processes on one session file both resumed and handled every message twice.

let dir: string;
let child: Child | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-lock-'));
});
afterEach(async () => {
  await child?.kill9();
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

test('a second process is refused, naming the first one’s pid; after a kill -9 the lock is taken over at once', async () => {
  const file = join(dir, 'session.json');
  child = spawnScript('./child-locker.ts', { WXBOT_LOCK_FILE: file });
  await child.waitFor('locked');
  const pid = child.process.pid;
  const refused = await lockSession(file).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(SessionLockedError);
  expect(refused).toMatchObject({ code: 'SESSION_LOCKED', pid });
  expect((refused as Error).message).toContain(`pid ${pid}`);

  await child.kill9();
  child = undefined;
  // The dead holder's lock is fresh (not stale by time: we judge staleness at 10 minutes) but its
  // pid is gone: taken over now, not in 10 minutes.
  const staleMs = 600_000;
  const startedAt = Date.now();
  const lock = await lockSession(file, { staleMs });
  expect(Date.now() - startedAt).toBeLessThan(30_000);
  const again = await lockSession(file, { staleMs }).catch((err: unknown) => err);
  expect(again).toMatchObject({ code: 'SESSION_LOCKED', pid: process.pid });
  await lock.release();
  const free = await lockSession(file);
  await free.release();
});
