import { LoginError, statusOf } from '@wxbot/core';
import type { Simulator } from '@wxbot/simulator';
import { sessionWorld } from './session-world.js';

// A kick that lands while `start()` is still logging in (webwxinit) or loading contacts: the same
// typed `logout` event and recorded ending as a kick after `ready`, `start()` rejects with
// `SESSION_ENDED`, and nothing logs in again by itself (no QR, no push). The kicks go through the
// simulator's HTTP control API, as an outside script would drive them.

async function control(sim: Simulator, path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${sim.url}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status}`);
  return res.json();
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kicked before webwxinit answers: a typed logout event (`restricted`), the ending recorded, start() rejects, no new login', async () => {
  const w = await sessionWorld({}, { kickWindowMs: 60_000 });
  try {
    // Risk control ends the fresh session the moment it begins: webwxinit already gets 1102.
    await control(w.sim, 'account/restricted', { kickAfterMs: 0 });
    const err = await w.bot.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LoginError);
    expect(err).toMatchObject({ code: 'SESSION_ENDED' });
    // A fresh login kicked at once is what a restricted account looks like.
    expect(w.logouts).toEqual([
      expect.objectContaining({ code: 1102, kind: 'restricted', willRelogin: false }),
    ]);
    expect(w.bot.stats().lastEnd).toMatchObject({ kind: 'restricted', mayRelogin: false });
    expect((await statusOf(w.sessionFile)).lastEnd?.kind).toBe('restricted');
    await pause(300); // many re-login cool-downs
    expect(w.qrs).toBe(1);
    expect(w.logouts).toHaveLength(1);
    expect(w.sim.status().pendingLogin ?? null).toBeNull();
  } finally {
    await w.done();
  }
});

test('logged out on the phone while contacts load: a typed logout event, start() rejects, no push login and no QR', async () => {
  const w = await sessionWorld({}, { kickWindowMs: 0 });
  try {
    // The address book answer is held; while it is, the phone logs the session out.
    await control(w.sim, 'faults', {
      endpoint: 'webwxgetcontact',
      action: { type: 'delay', ms: 300 },
      times: 1,
    });
    // When the held call is in (its one-shot fault is used up, so the list is empty), the phone logs out.
    const kick = (async () => {
      for (;;) {
        const faults = (await (await fetch(`${w.sim.url}/__sim/faults`)).json()) as unknown[];
        if (faults.length === 0) return control(w.sim, 'logout');
        await pause(5);
      }
    })();
    const err = await w.bot.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await kick;
    expect(err).toMatchObject({ code: 'SESSION_ENDED' });
    expect(w.logouts).toEqual([
      expect.objectContaining({ code: 1100, kind: 'phoneLogout', willRelogin: false }),
    ]);
    expect(w.logouts[0]?.reason).toMatch(/wxbot login/);
    await pause(300);
    expect(w.logins).toEqual(['qr']);
    expect(w.qrs).toBe(1);
    expect(w.logouts).toHaveLength(1);
  } finally {
    await w.done();
  }
});
