import { afterEach, describe, expect, it } from '@jest/globals';
import { IlinkReplyBlockedError } from '../../src/errors.js';
import { until } from '../helpers.js';
import { closeWorlds, e2eWorld, loggedIn } from './world.js';

afterEach(closeWorlds);

const HOUR = 3_600_000;

describe('iLink reply rules against the simulator', () => {
  it('sends 10 messages in a turn, refuses the 11th without asking the server, and opens a new turn on the next message', async () => {
    const w = await loggedIn(await e2eWorld());
    w.poll();
    w.alice.says('tell me ten things');
    await w.inboxed(1);
    for (let i = 1; i <= 10; i++) await w.client.sendText(w.alice.userId, `thing ${i}`);
    expect(w.client.canReply(w.alice.userId)).toMatchObject({ ok: false, reason: 'quota-used' });
    await expect(w.client.sendText(w.alice.userId, 'eleven')).rejects.toBeInstanceOf(IlinkReplyBlockedError);
    expect(w.sim.sendLog).toHaveLength(10);
    expect(w.sim.sendLog.every((s) => s.outcome === 'delivered')).toBe(true);

    w.alice.says('more');
    await w.inboxed(2);
    expect(w.client.canReply(w.alice.userId)).toMatchObject({ ok: true, left: 10 });
    await w.client.sendText(w.alice.userId, 'eleven');
    expect(w.alice.received.at(-1)).toMatchObject({ text: 'eleven', outcome: 'delivered' });
  });

  it('splits a long answer into at most the quota left, each part delivered', async () => {
    const w = await loggedIn(await e2eWorld({ quotaPerTurn: 3 }, { rules: { quotaPerTurn: 3 } }));
    w.poll();
    w.alice.says('essay please');
    await w.inboxed(1);
    const receipts = await w.client.sendText(w.alice.userId, 'word '.repeat(2000));
    expect(receipts.map((r) => r.left)).toEqual([2, 1, 0]);
    expect(w.alice.received.map((m) => m.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(w.alice.received.at(-1)!.text!.endsWith('…')).toBe(true);
  });

  it('closes the window 24 h after the user message, on the client and on the server alike', async () => {
    const w = await loggedIn(await e2eWorld());
    w.poll();
    w.alice.says('hello');
    await w.inboxed(1);
    w.sim.advanceTime(24 * HOUR);
    expect(w.client.canReply(w.alice.userId)).toMatchObject({ ok: false, reason: 'window-closed' });
    await expect(w.client.sendText(w.alice.userId, 'late')).rejects.toMatchObject({
      reason: 'window-closed',
    });
    expect(w.sim.sendLog).toHaveLength(0);
  });

  it('takes a server refusal (ret -2) as the end of the turn when the local rules are looser than the server', async () => {
    const w = await loggedIn(await e2eWorld({ quotaPerTurn: 2 }));
    w.poll();
    w.alice.says('hi');
    await w.inboxed(1);
    await w.client.sendText(w.alice.userId, 'one');
    await w.client.sendText(w.alice.userId, 'two');
    await expect(w.client.sendText(w.alice.userId, 'three')).rejects.toMatchObject({ code: 'SEND_REFUSED' });
    await expect(w.client.sendText(w.alice.userId, 'four')).rejects.toMatchObject({
      reason: 'refused-by-server',
    });
    expect(w.sim.sendLog.map((s) => s.outcome)).toEqual(['delivered', 'delivered', 'refused']);
  });

  it('ends polling with a typed session-ended reason when the user unbinds, and polls no more', async () => {
    const w = await loggedIn(await e2eWorld());
    const { ended, poller } = w.poll();
    w.alice.says('bye');
    await w.inboxed(1);
    w.alice.unbind();
    const end = await ended;
    expect(end).toMatchObject({ kind: 'session-ended', code: 'SESSION_EXPIRED' });
    expect(poller.running).toBe(false);
    await expect(w.client.sendText(w.alice.userId, 'still there?')).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });

  it('shows typing while working and always cancels it; notifystart/stop mark the bot online and offline', async () => {
    const w = await loggedIn(await e2eWorld());
    expect(await w.client.notifyStart()).toBe(true);
    expect(w.alice.bot?.online).toBe(true);
    w.poll();
    const said = w.alice.says('think hard');
    await w.inboxed(1);
    const stop = await w.client.typing.start(w.alice.userId, said.contextToken);
    await until(() => w.alice.typing, 'typing on');
    await stop();
    expect(w.alice.typing).toBe(false);
    expect(w.sim.typingEvents.map((e) => e.status)).toEqual([1, 2]);
    expect(await w.client.notifyStop()).toBe(true);
    expect(w.alice.bot?.online).toBe(false);
  });
});
