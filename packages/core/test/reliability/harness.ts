import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Bot, type BotOptions, createBot, type SyncBatch, type WebAdapter } from '@wxbot/core';
import { type ContactHandle, createSimulator, type Simulator, type SimulatorOptions } from '@wxbot/simulator';

/** A simulator with friends, a temp dir for the session file, and the bot options that fit. */
export interface World {
  readonly sim: Simulator;
  readonly friends: readonly ContactHandle[];
  readonly dir: string;
  readonly sessionFile: string;
  close(): Promise<void>;
}

/** Short holds and auto-confirmed logins: every wait in these tests is tens of ms. */
export async function startWorld(friends = 4, options: Omit<SimulatorOptions, 'cast'> = {}): Promise<World> {
  const sim = await createSimulator({
    loginHoldMs: 100,
    syncHoldMs: 200,
    autoConfirm: { delayMs: 5 },
    ...options,
  });
  const handles = Array.from({ length: friends }, (_, i) =>
    sim.phone.addFriend({ nickName: `friend${i}`, wxid: `wxid_rel${String(i).padStart(4, '0')}` }),
  );
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-rel-'));
  return {
    sim,
    friends: handles,
    dir,
    sessionFile: join(dir, 'session.json'),
    close: async () => {
      await sim.close();
      // A session save racing the stop can recreate a file while the folder is removed: retry.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}

/** Bot options for a world: session file, auto re-login, short timeouts and back-offs, no pacing. */
export function botOptions(world: World, extra: BotOptions = {}): BotOptions {
  return {
    connectTo: world.sim.url,
    sessionFile: world.sessionFile,
    keepAliveMs: 0,
    syncCheckMinIntervalMs: 0,
    sessionSaveDelayMs: 10,
    autoRelogin: true,
    reloginCooldownMs: 10,
    // These scenarios are about sessions that expire, not restricted accounts (see session-safety tests).
    kickWindowMs: 0,
    backoff: { baseMs: 10, maxMs: 100 },
    timeouts: { request: 600, syncCheck: 1500, loginPoll: 1500 },
    maxPushPolls: 2,
    deadlineMs: 1000,
    ...extra,
    // A soak of thousands of replies is not an account: no daily budget, no loop guard here.
    replyLoop: false,
    outbox: {
      pacing: false,
      dailyBudget: false,
      retry: { attempts: 10, baseDelayMs: 10, maxDelayMs: 100, frequencyPauseMs: 50 },
      ...extra.outbox,
    },
  };
}

/** One row of the fault report. */
export interface ReportRow {
  readonly fault: string;
  readonly injected: number;
  /** Injected, but the server never handed them to the bot (e.g. sent to a session that was replaced). */
  readonly notDeliveredByServer: number;
  readonly deliveredOnce: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly repliesMade: number;
  readonly repliesOnce: number;
  readonly repliesLost: number;
  readonly repliesDuplicated: number;
}

/** Texts containing this are handled but not answered. */
export const NO_REPLY = '#noreply';

/**
 * Counts both ends: what the phone sent and the server delivered, what the middleware handled,
 * and what replies reached the simulator. A bot attached to it answers each text `re:<text>`.
 */
export class Tally {
  readonly injected = new Map<string, string>();
  readonly serverDelivered = new Set<string>();
  readonly handled = new Map<string, number>();
  /** Texts the bot decided to answer (once per message, whichever run handled it). */
  readonly answered = new Set<string>();

  constructor(private readonly sim: Simulator) {}

  /** The phone: `friend` writes `text` to the bot. */
  say(friend: ContactHandle, text: string): string {
    const { msgId } = this.sim.phone.say(friend, text);
    this.injected.set(msgId, text);
    return msgId;
  }

  /** Several messages round-robin over the friends. */
  burst(friends: readonly ContactHandle[], prefix: string, count: number): void {
    for (let i = 0; i < count; i++) this.say(friends[i % friends.length] as ContactHandle, `${prefix}-${i}`);
  }

  /** Count what `bot` receives and handles; reply to texts. Call before `bot.start()`. */
  attach(bot: Bot<WebAdapter>, behaviour: (text: string) => Promise<void> | void = () => undefined): void {
    bot.adapter.client.on('sync', (batch: SyncBatch) => {
      for (const m of batch.messages) this.serverDelivered.add(m.MsgId);
    });
    bot.on('text', async (ctx) => {
      const id = ctx.message.id;
      this.handled.set(id, (this.handled.get(id) ?? 0) + 1);
      const text = ctx.text ?? '';
      await behaviour(text);
      if (text.includes(NO_REPLY)) return;
      this.answered.add(text);
      await ctx.reply(`re:${text}`);
    });
  }

  /** Replies to `text` the simulator received. */
  replies(text: string): number {
    return this.sim.phone.sent.filter((m) => m.text === `re:${text}`).length;
  }

  /** True when every delivered message was handled and every reply arrived. */
  settled(): boolean {
    for (const id of this.injected.keys()) {
      if (this.serverDelivered.has(id) && !this.handled.has(id)) return false;
    }
    // One pass over what the simulator received (not one per answered text: bursts are thousands).
    const replied = new Set<string>();
    for (const m of this.sim.phone.sent) if (m.text !== undefined) replied.add(m.text);
    for (const text of this.answered) if (!replied.has(`re:${text}`)) return false;
    return true;
  }

  /** Injected messages the server never handed to the bot, as texts. */
  undelivered(): string[] {
    return [...this.injected].filter(([id]) => !this.serverDelivered.has(id)).map(([, text]) => text);
  }

  /**
   * Wait until {@link settled} and every injected message reached the bot (except those
   * `mayBeLost` allows the server to drop), at most `timeoutMs` (a cap for a hang: a loaded CI
   * machine may take many seconds for what takes milliseconds on a quiet one).
   */
  async waitSettled(timeoutMs = 30_000, mayBeLost: (text: string) => boolean = () => false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const all = this.undelivered().every(mayBeLost);
      if (all && this.settled()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The report row; `expectReply(text)` says which injected texts should have been answered. */
  row(fault: string, expectReply: (text: string) => boolean = (t) => !t.includes(NO_REPLY)): ReportRow {
    let notDelivered = 0;
    let once = 0;
    let lost = 0;
    let dup = 0;
    let made = 0;
    let rOnce = 0;
    let rLost = 0;
    let rDup = 0;
    const replyCount = new Map<string, number>();
    for (const m of this.sim.phone.sent) {
      if (m.text !== undefined) replyCount.set(m.text, (replyCount.get(m.text) ?? 0) + 1);
    }
    for (const [id, text] of this.injected) {
      const n = this.handled.get(id) ?? 0;
      if (!this.serverDelivered.has(id) && n === 0) notDelivered++;
      else if (n === 0) lost++;
      else if (n === 1) once++;
      else dup++;
      if (n > 0 && expectReply(text)) {
        made++;
        const r = replyCount.get(`re:${text}`) ?? 0;
        if (r === 0) rLost++;
        else if (r === 1) rOnce++;
        else rDup++;
      }
    }
    return {
      fault,
      injected: this.injected.size,
      notDeliveredByServer: notDelivered,
      deliveredOnce: once,
      lost,
      duplicated: dup,
      repliesMade: made,
      repliesOnce: rOnce,
      repliesLost: rLost,
      repliesDuplicated: rDup,
    };
  }
}

/** Start a bot on a world with a tally attached. */
export async function startBot(
  world: World,
  tally: Tally,
  extra: BotOptions = {},
  behaviour?: (text: string) => Promise<void> | void,
  before?: (bot: Bot<WebAdapter>) => void,
): Promise<Bot<WebAdapter>> {
  const bot = createBot(botOptions(world, extra));
  tally.attach(bot, behaviour);
  before?.(bot);
  bot.events.on('error', () => undefined);
  await bot.start();
  return bot;
}

/** The report as a Markdown table. */
export function renderReport(rows: readonly ReportRow[]): string {
  const head =
    '| fault | msgs injected | not delivered by server | delivered once | lost | duplicated | replies made | replies once | replies lost | replies duplicated |';
  const sep = `|${'---|'.repeat(10)}`;
  const lines = rows.map(
    (r) =>
      `| ${r.fault} | ${r.injected} | ${r.notDeliveredByServer} | ${r.deliveredOnce} | ${r.lost} | ${r.duplicated} | ${r.repliesMade} | ${r.repliesOnce} | ${r.repliesLost} | ${r.repliesDuplicated} |`,
  );
  return [head, sep, ...lines].join('\n');
}

/** Sleep real time (tests keep these to tens of ms). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll until `check()` is true or fail after `timeoutMs` (a cap for a hang, generous for a loaded machine). */
export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(10);
  }
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Heap and RSS after a full garbage collection. A jest worker runs many test files in one process, so
 * an unforced reading includes whatever earlier files left for the collector (seen in CI: 1.1 GB at the
 * start of the soak); only a collected heap says whether *this* test retains memory.
 */
export function settledMemory(): { heap: number; rss: number } {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}
