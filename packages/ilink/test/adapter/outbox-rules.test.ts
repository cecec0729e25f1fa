import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Bot, type FailedEvent, type HeldEvent, type RuntimeOptions, WxApiError } from '@wxbot/core';
import { createIlinkSimulator, type IlinkSimulator, type IlinkSimulatorOptions } from '@wxbot/simulator';
import { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';
import type { IlinkAdapterOptions } from '../../src/adapter/options.js';
import { until } from '../helpers.js';

// The outbox on iLink's rules (issue 17): a "rate limited" answer is retried with bounded back-off and
// the same client_id; replies beyond the turn's quota or after the window wait for the person's next
// message when `queueUntilNextTurn` is on, and fail with a typed reason otherwise.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function simulator(options: IlinkSimulatorOptions = {}): Promise<IlinkSimulator> {
  const sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    ...options,
  });
  cleanups.push(() => sim.close());
  return sim;
}

function tempSession(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxbot-ilink-rules-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'ilink.json');
}

interface Rig {
  readonly bot: Bot<IlinkAdapter>;
  readonly held: HeldEvent[];
  readonly failed: FailedEvent[];
  readonly errors: string[];
}

/**
 * A bot whose handler answers `burst N` with N replies (not awaited: a held reply settles in a later
 * turn) and anything else with `echo: <text>`.
 */
function rig(
  sim: IlinkSimulator,
  runtime: RuntimeOptions['outbox'] = {},
  adapterOptions: Partial<IlinkAdapterOptions> = {},
  sessionFile?: string,
): Rig {
  const adapter = new IlinkAdapter({
    connectTo: sim.url,
    now: () => sim.now(),
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 } },
    ...(sessionFile ? { sessionFile } : {}),
    ...adapterOptions,
  });
  const bot = new Bot({
    adapter,
    ...(sessionFile ? { sessionFile } : {}),
    outbox: { pacing: false, ...(sessionFile ? {} : { journal: false }), ...runtime },
  });
  cleanups.push(() => bot.stop());
  const r: Rig = { bot, held: [], failed: [], errors: [] };
  bot.outbox.on('held', (e) => r.held.push(e));
  bot.events.on('failed', (e) => r.failed.push(e));
  bot.use(async (ctx) => {
    if (ctx.message.kind !== 'text' || ctx.message.self) return;
    const burst = /^burst (\d+)$/.exec(ctx.message.text);
    const count = burst ? Number(burst[1]) : 1;
    for (let i = 1; i <= count; i++) {
      const text = burst ? `r${i}` : `echo: ${ctx.message.text}`;
      ctx.reply(text).catch((err: { code?: string }) => r.errors.push(`${text}:${err.code ?? 'error'}`));
    }
  });
  return r;
}

async function loggedIn(sim: IlinkSimulator, r: Rig, resume = false) {
  const started = r.bot.start();
  const alice = sim.user('alice');
  if (!resume) alice.login(await alice.waitForQr());
  await started;
  return alice;
}

const texts = (sim: IlinkSimulator) => sim.sent.map((m) => m.text);

describe('iLink "rate limited" (ret -2): bounded back-off, same client_id, typed failure', () => {
  it('retries after a pause with the same client_id: delivered once, the turn keeps its quota', async () => {
    const sim = await simulator();
    const r = rig(sim, { retry: { attempts: 5, frequencyPauseMs: 20, frequencyPauseMaxMs: 200 } });
    const alice = await loggedIn(sim, r);
    sim.faults.rateLimited({ times: 3 });
    alice.says('hello');
    await alice.waitForReply((m) => m.text === 'echo: hello');
    await r.bot.idle();

    const calls = sim.sendLog.filter((s) => s.text === 'echo: hello');
    expect(calls.map((c) => c.outcome)).toEqual([
      'rate-limited',
      'rate-limited',
      'rate-limited',
      'delivered',
    ]);
    expect(new Set(calls.map((c) => c.clientId)).size).toBe(1);
    expect(alice.received.filter((m) => m.text === 'echo: hello')).toHaveLength(1);
    // Refused attempts did not use the turn's quota: one message sent, nine left.
    expect(r.bot.adapter.conversationState(alice.userId)?.quotaLeft).toBe(9);
    expect(r.failed).toEqual([]);
  });

  it('gives up after the configured attempts with a RATE_LIMITED error, pausing longer each time', async () => {
    const sim = await simulator();
    const r = rig(sim, { retry: { attempts: 3, frequencyPauseMs: 30, frequencyPauseMaxMs: 1000 } });
    const alice = await loggedIn(sim, r);
    sim.faults.rateLimited();
    alice.says('hello');
    await until(() => r.failed.length === 1, 'the failure', 8000);

    const error = r.failed[0]!.error;
    expect(error).toBeInstanceOf(WxApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', ret: -2 });
    expect(error.message).toMatch(/rate limited/);
    expect(r.failed[0]!.attempts).toBe(3);
    expect(r.errors).toEqual(['echo: hello:RATE_LIMITED']);
    // Exactly the attempts, no storm; the pauses double (30 ms, then 60 ms) — lower bounds only.
    const calls = sim.sendLog.filter((s) => s.text === 'echo: hello');
    expect(calls).toHaveLength(3);
    expect(calls[1]!.timeMs - calls[0]!.timeMs).toBeGreaterThanOrEqual(25);
    expect(calls[2]!.timeMs - calls[1]!.timeMs).toBeGreaterThanOrEqual(55);
    expect(alice.received).toEqual([]);
    expect(r.bot.adapter.conversationState(alice.userId)?.quotaLeft).toBe(10);
  });
});

describe('queueUntilNextTurn on iLink', () => {
  it('off (default): replies beyond the quota fail TURN_QUOTA_EXHAUSTED and never reach the server', async () => {
    const sim = await simulator();
    const r = rig(sim);
    const alice = await loggedIn(sim, r);
    alice.says('burst 12');
    await until(() => r.errors.length === 2 && alice.received.length === 10, 'ten sent, two refused');
    expect(r.errors.sort()).toEqual(['r11:TURN_QUOTA_EXHAUSTED', 'r12:TURN_QUOTA_EXHAUSTED']);
    expect(sim.sendLog.every((s) => s.outcome === 'delivered')).toBe(true);
    expect(r.held).toEqual([]);
  });

  it('on: replies beyond the quota wait, and go first in the next turn, once each', async () => {
    const sim = await simulator();
    const r = rig(sim, { queueUntilNextTurn: true });
    const alice = await loggedIn(sim, r);
    alice.says('burst 12');
    await until(() => alice.received.length === 10 && r.held.length === 2, 'ten sent, two held');
    expect(r.bot.outbox.held).toBe(2);
    await r.bot.idle(); // held replies do not keep the bot busy
    expect(alice.received).toHaveLength(10);

    alice.says('again');
    await alice.waitForReply((m) => m.text === 'echo: again');
    expect(texts(sim)).toEqual([...Array.from({ length: 12 }, (_, i) => `r${i + 1}`), 'echo: again']);
    // Nothing was thrown at the server: every call was a delivery.
    expect(sim.sendLog.every((s) => s.outcome === 'delivered')).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.bot.outbox.held).toBe(0);
  });

  it('on: a send after the reply window closed waits for the next message', async () => {
    const sim = await simulator({ replyWindowMs: 60_000 });
    const r = rig(sim, { queueUntilNextTurn: true }, { rules: { windowMs: 60_000 } });
    const alice = await loggedIn(sim, r);
    alice.says('hi');
    await alice.waitForReply((m) => m.text === 'echo: hi');
    sim.advanceTime(61_000);
    const later = r.bot.send({ kind: 'text', to: alice.userId, text: 'your reminder' });
    await until(() => r.held.length === 1, 'the reminder to be held');
    expect(r.held[0]!.reason).toMatchObject({ code: 'REPLY_WINDOW_CLOSED' });
    alice.says('back');
    await later;
    await alice.waitForReply((m) => m.text === 'echo: back');
    expect(texts(sim)).toEqual(['echo: hi', 'your reminder', 'echo: back']);
    expect(sim.sendLog.every((s) => s.outcome === 'delivered')).toBe(true);
  });

  it('on: a send the server refuses (ret -2, its window shorter than ours) waits for the next message', async () => {
    const sim = await simulator({ replyWindowMs: 60_000 });
    const r = rig(sim, { queueUntilNextTurn: true });
    const alice = await loggedIn(sim, r);
    alice.says('hi');
    await alice.waitForReply((m) => m.text === 'echo: hi');
    sim.advanceTime(61_000); // closed for the server, still open for the client (24 h)
    const later = r.bot.send({ kind: 'text', to: alice.userId, text: 'your reminder' });
    await until(() => r.held.length === 1, 'the refused reminder to be held');
    expect(sim.sendLog.map((s) => s.outcome)).toEqual(['delivered', 'refused']);
    alice.says('back');
    await later;
    await alice.waitForReply((m) => m.text === 'echo: back');
    expect(texts(sim)).toEqual(['echo: hi', 'your reminder', 'echo: back']);
  });

  it('is bounded: past maxPerChat a reply fails at once, saying so', async () => {
    const sim = await simulator();
    const r = rig(sim, { queueUntilNextTurn: { maxPerChat: 1 } });
    const alice = await loggedIn(sim, r);
    alice.says('burst 12');
    await until(() => r.held.length === 1 && r.errors.length === 1, 'one held, one refused');
    expect(r.errors).toEqual(['r12:TURN_QUOTA_EXHAUSTED']);
    expect(r.failed.at(-1)!.error.message).toMatch(/maxPerChat/);
  });

  it('is bounded in time: a reply held past maxHoldMs fails with REPLY_WINDOW_CLOSED', async () => {
    const sim = await simulator();
    const r = rig(sim, { queueUntilNextTurn: { maxHoldMs: 50 } });
    const alice = await loggedIn(sim, r);
    alice.says('burst 11');
    await until(() => r.errors.length === 1, 'the held reply to expire');
    expect(r.errors).toEqual(['r11:REPLY_WINDOW_CLOSED']);
    expect(r.bot.outbox.held).toBe(0);
    alice.says('again');
    await alice.waitForReply((m) => m.text === 'echo: again');
    expect(texts(sim)).not.toContain('r11');
  });

  it('survives a restart: the held reply is journaled and goes out once in the next turn', async () => {
    const sim = await simulator();
    const sessionFile = tempSession();
    const first = rig(sim, { queueUntilNextTurn: true }, {}, sessionFile);
    const alice = await loggedIn(sim, first);
    alice.says('burst 11');
    await until(() => alice.received.length === 10 && first.held.length === 1, 'ten sent, one held');
    await first.bot.stop();

    const second = rig(sim, { queueUntilNextTurn: true }, {}, sessionFile);
    await loggedIn(sim, second, true);
    await until(() => second.held.length === 1, 'the journaled reply to be held again');
    expect(alice.received).toHaveLength(10);
    alice.says('again');
    await alice.waitForReply((m) => m.text === 'echo: again');
    expect(texts(sim)).toEqual([...Array.from({ length: 11 }, (_, i) => `r${i + 1}`), 'echo: again']);
    expect(sim.sendLog.every((s) => s.outcome === 'delivered')).toBe(true);
  });
});
