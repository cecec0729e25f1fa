import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { SessionLockedError } from '@wxbot/core';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';

// Issue 17: two iLink bots on one session file both ran, each handling every message and moving the
// cursor under the other. Like Web, the second is refused, naming the first one's pid.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ sim: IlinkSimulator; sessionFile: string }> {
  const sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
  cleanups.push(() => sim.close());
  const dir = mkdtempSync(join(tmpdir(), 'wxbot-ilink-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { sim, sessionFile: join(dir, 'ilink.json') };
}

function adapter(sim: IlinkSimulator, sessionFile: string, lock?: boolean): IlinkAdapter {
  const a = new IlinkAdapter({
    connectTo: sim.url,
    now: () => sim.now(),
    sessionFile,
    notify: false,
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 } },
    ...(lock === undefined ? {} : { lockSession: lock }),
  });
  cleanups.push(() => a.stop());
  return a;
}

it('a second adapter on the same session file is refused naming the pid; free again after stop()', async () => {
  const { sim, sessionFile } = await setup();
  const first = adapter(sim, sessionFile);
  const started = first.start();
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await started;
  expect(readFileSync(`${sessionFile}.pid`, 'utf8').trim()).toBe(String(process.pid));

  const second = adapter(sim, sessionFile);
  const refused = await second.start().catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(SessionLockedError);
  expect(refused).toMatchObject({ code: 'SESSION_LOCKED', pid: process.pid });
  expect((refused as Error).message).toContain(`pid ${process.pid}`);
  // login() alone (`wxbot login`) is refused too, without asking the server for a QR.
  expect(await second.login().catch((err: unknown) => err)).toBeInstanceOf(SessionLockedError);
  expect(second.running).toBe(false);

  await first.stop();
  expect(existsSync(`${sessionFile}.pid`)).toBe(false);
  // The saved session resumes in the second one (no QR), now that the file is free.
  await second.start();
  expect(second.running).toBe(true);
  await second.stop();
});

it('a start that fails leaves the file free; lockSession: false turns the lock off', async () => {
  const { sim, sessionFile } = await setup();
  const first = adapter(sim, sessionFile);
  // No saved session and resume only: refused, and the lock is not kept.
  expect(await first.login({ resumeOnly: true }).catch((err: unknown) => err)).toMatchObject({
    code: 'NO_SESSION',
  });
  expect(existsSync(`${sessionFile}.lock`)).toBe(false);

  const unlocked = adapter(sim, sessionFile, false);
  const started = unlocked.start();
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await started;
  expect(existsSync(`${sessionFile}.lock`)).toBe(false);
  expect(existsSync(`${sessionFile}.pid`)).toBe(false);
});
