import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Bot, LoginError, type LogoutEvent, type Message } from '@wxbot/core';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { createIlinkBot } from '../../src/adapter/create-bot.js';
import { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';
import type { IlinkAdapterOptions } from '../../src/adapter/options.js';
import { until } from '../helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function simulator(): Promise<IlinkSimulator> {
  const sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
  cleanups.push(() => sim.close());
  return sim;
}

function tempSession(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxbot-ilink-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'ilink-session.json');
}

/** A bot on the iLink adapter that echoes texts and reports the size of received media. */
function echoBot(sim: IlinkSimulator, options: Partial<IlinkAdapterOptions> = {}) {
  const adapter = new IlinkAdapter({
    connectTo: sim.url,
    now: () => sim.now(),
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 } },
    ...options,
  });
  const bot = new Bot({ adapter, outbox: { pacing: false, journal: false } });
  const seen: Message[] = [];
  bot.use(async (ctx) => {
    const message = ctx.message;
    seen.push(message);
    if (message.self) return;
    if (message.kind === 'text') await ctx.reply(`echo: ${message.text}`);
    else if (message.kind === 'image' || message.kind === 'file') {
      const got = await adapter.download(message);
      await ctx.reply(`${message.kind} of ${got.size} bytes (${got.contentType})`);
    }
  });
  cleanups.push(() => bot.stop());
  return { adapter, bot, seen };
}

describe('IlinkAdapter under the real Bot runtime, against the simulator', () => {
  it('logs in by QR, echoes texts and voice transcripts, and downloads media', async () => {
    const sim = await simulator();
    const { bot, adapter } = echoBot(sim);
    const qrs: string[] = [];
    bot.events.on('qr', (qr) => qrs.push(qr.url));
    const started = bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    expect(qrs[0]).toMatch(/^https:\/\/liteapp\.weixin\.qq\.com\//);
    expect(adapter.self?.id).toBe(alice.bot?.botId);

    alice.says('ping');
    expect((await alice.waitForReply((m) => m.text === 'echo: ping')).outcome).toBe('delivered');
    alice.send({ kind: 'voice', data: Buffer.from('#!SILK_V3 pretend'), transcript: '明天提醒我' });
    await alice.waitForReply((m) => m.text === 'echo: 明天提醒我');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 1)]);
    alice.send({ kind: 'image', data: png });
    await alice.waitForReply((m) => m.text === `image of ${png.length} bytes (image/png)`);
    expect(adapter.conversationState(alice.userId)).toMatchObject({ quotaLeft: 9 });
    // "typing…" was shown while each message was handled, and always cancelled.
    await until(() => sim.typingEvents.filter((e) => e.status === 2).length === 3, 'three typing cancels');
    expect(sim.typingEvents.filter((e) => e.status === 1).length).toBeGreaterThanOrEqual(3);
    expect(alice.typing).toBe(false);
  });

  it('saves the session 0600, resumes without a QR after a restart, and delivers what came meanwhile exactly once', async () => {
    const sim = await simulator();
    const sessionFile = tempSession();
    const first = echoBot(sim, { sessionFile });
    const started = first.bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    alice.says('one');
    await alice.waitForReply((m) => m.text === 'echo: one');
    await first.bot.stop();
    expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(sessionFile, 'utf8')).toContain('"transport":"ilink"');

    alice.says('two');
    const second = echoBot(sim, { sessionFile });
    const qrs: unknown[] = [];
    second.bot.events.on('qr', (q) => qrs.push(q));
    await second.bot.start();
    await alice.waitForReply((m) => m.text === 'echo: two');
    await until(() => second.seen.length >= 1, 'the resumed message');
    expect(qrs).toEqual([]);
    expect(second.seen.map((m) => (m.kind === 'text' ? m.text : m.kind))).toEqual(['two']);
    expect(alice.received.filter((m) => m.text === 'echo: one')).toHaveLength(1);
  });

  it('keeps its session in any document store (here: memory), and resumes from it', async () => {
    const sim = await simulator();
    let doc: unknown;
    const handled: string[] = [];
    const storage = {
      session: {
        location: 'memory:ilink',
        load: async () =>
          doc === undefined ? ({ status: 'missing' } as const) : ({ status: 'ok', data: doc } as const),
        save: async (data: unknown) => {
          doc = JSON.parse(JSON.stringify(data));
        },
        remove: async () => {
          doc = undefined;
        },
      },
      handled: {
        append: (id: string) => void handled.push(id),
        readAll: () => [...handled],
        rotate: () => 1,
        commit: () => {},
        clear: () => void handled.splice(0),
      },
    };
    const first = echoBot(sim, { storage });
    const started = first.bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    const hi = alice.says('hi');
    await alice.waitForReply((m) => m.text === 'echo: hi');
    await first.bot.stop();
    expect(doc).toMatchObject({ transport: 'ilink', credentials: { botId: alice.bot?.botId } });
    expect(handled).toContain(hi.messageId.toString());

    const second = echoBot(sim, { storage });
    const qrs: unknown[] = [];
    second.bot.events.on('qr', (q) => qrs.push(q));
    await second.bot.start();
    alice.says('again');
    await alice.waitForReply((m) => m.text === 'echo: again');
    expect(qrs).toEqual([]);
  });

  it('reports -14 as a logout with no re-login, and a later resume-only login says the session ended', async () => {
    const sim = await simulator();
    const sessionFile = tempSession();
    const { bot } = echoBot(sim, { sessionFile });
    const logouts: LogoutEvent[] = [];
    bot.events.on('logout', (e) => logouts.push(e));
    const started = bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    alice.unbind();
    await until(() => logouts.length === 1, 'the logout');
    expect(logouts[0]).toMatchObject({ code: -14, willRelogin: false });
    expect(sim.status().pendingQr).toBeNull();
    const again = new IlinkAdapter({ connectTo: sim.url, sessionFile });
    await expect(again.login({ resumeOnly: true })).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    await expect(again.start()).rejects.toMatchObject({
      code: 'SESSION_ENDED',
      message: expect.stringMatching(/wxbot login/),
    });
    expect(sim.status().pendingQr).toBeNull();
    // A person logging in on purpose gets a QR, and the new binding works.
    const relogin = again.login();
    alice.login(await alice.waitForQr());
    expect(await relogin).toBe('qr');
    expect(again.loggedIn).toBe(true);
    again.client.close();
  });

  it('createIlinkBot keeps the session and the outbox journal side by side', async () => {
    const sim = await simulator();
    const sessionFile = tempSession();
    const bot = createIlinkBot({
      sessionFile,
      connectTo: sim.url,
      login: { pollIntervalMs: 5 },
      outbox: { pacing: false },
    });
    cleanups.push(() => bot.stop());
    bot.use(async (ctx) => {
      if (ctx.message.kind === 'text' && !ctx.message.self) await ctx.reply(ctx.message.text.toUpperCase());
    });
    const started = bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    alice.says('loud');
    await alice.waitForReply((m) => m.text === 'LOUD');
    await bot.stop();
    expect(existsSync(sessionFile)).toBe(true);
    expect(existsSync(sessionFile.replace(/\.json$/, '.outbox.jsonl'))).toBe(true);
  });

  it('lets the runtime refuse the 11th reply of a turn before it reaches the server', async () => {
    const sim = await simulator();
    const adapter = new IlinkAdapter({
      connectTo: sim.url,
      now: () => sim.now(),
      login: { pollIntervalMs: 5 },
      poll: { minEmptyPollIntervalMs: 0 },
    });
    const bot = new Bot({ adapter, outbox: { pacing: false, journal: false } });
    cleanups.push(() => bot.stop());
    const outcomes: string[] = [];
    bot.use(async (ctx) => {
      if (ctx.message.kind !== 'text' || ctx.message.self) return;
      for (let i = 1; i <= 11; i++) {
        try {
          await ctx.reply(`part ${i}`);
          outcomes.push('sent');
        } catch (err) {
          outcomes.push((err as { code?: string }).code ?? 'error');
        }
      }
    });
    const started = bot.start();
    const alice = sim.user('alice');
    alice.login(await alice.waitForQr());
    await started;
    alice.says('tell me everything');
    await until(() => outcomes.length === 11, 'eleven attempts');
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('sent'));
    expect(outcomes[10]).toBe('TURN_QUOTA_EXHAUSTED');
    await until(() => alice.received.length === 10, 'ten deliveries');
    expect(sim.sendLog.map((s) => s.outcome)).toEqual(Array(10).fill('delivered'));
  });

  it('reports a login whose QR codes all expired as a LoginError QR_EXPIRED', async () => {
    const sim = await createIlinkSimulator({ qrHoldMs: 10, qrTtlMs: 30 });
    cleanups.push(() => sim.close());
    const adapter = new IlinkAdapter({ connectTo: sim.url, login: { pollIntervalMs: 5, maxQrCodes: 2 } });
    cleanups.push(() => adapter.client.close());
    const qrs: number[] = [];
    adapter.on('qr', (q) => qrs.push(q.attempt));
    const err = await adapter.login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect(err).toMatchObject({ code: 'QR_EXPIRED' });
    expect(qrs).toEqual([1, 2]);
  });

  it('declares iLink capabilities: DM only, no proactive sends, window and quota from the rules', () => {
    const adapter = new IlinkAdapter({ rules: { windowMs: 23 * 3_600_000, quotaPerTurn: 8 } });
    expect(adapter.capabilities).toMatchObject({
      groups: false,
      contactList: false,
      proactiveSends: false,
      replyWindowMs: 23 * 3_600_000,
      perTurnQuota: 8,
      typing: true,
    });
    expect(Object.keys(adapter.capabilities.media).sort()).toEqual(['file', 'image', 'video']);
    adapter.client.close();
  });
});

describe('IlinkAdapter session saves', () => {
  it('group-commits saves asked for while one is written: each resolves once a later snapshot is stored', async () => {
    const saved: unknown[] = [];
    let release: (() => void) | undefined;
    const handled: string[] = [];
    const adapter = new IlinkAdapter({
      storage: {
        session: {
          location: 'memory',
          load: async () => ({ status: 'missing' }),
          save: (data: unknown) => {
            saved.push(data);
            // The first write is slow: the others are asked for meanwhile.
            return saved.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
          },
          remove: async () => undefined,
        },
        handled: {
          append: (id: string) => handled.push(id),
          readAll: () => [],
          rotate: () => 1,
          commit: () => undefined,
          clear: () => undefined,
        },
      },
    });
    const first = adapter.saveSession();
    await until(() => release !== undefined);
    adapter.markHandled('m1');
    const later = [adapter.saveSession(), adapter.saveSession(), adapter.saveSession()];
    let laterDone = false;
    void Promise.all(later).then(() => (laterDone = true));
    await new Promise((r) => setImmediate(r));
    expect(laterDone).toBe(false); // not before their state is stored
    release?.();
    await first;
    await Promise.all(later);
    // One write for the three: and it holds what was marked before they were asked for.
    expect(saved).toHaveLength(2);
    expect(JSON.stringify(saved[1])).toContain('m1');
    expect(JSON.stringify(saved[0])).not.toContain('m1');
  });
});
