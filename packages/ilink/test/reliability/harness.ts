import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from '@wxbot/core';
import {
  createIlinkSimulator,
  type IlinkSimulator,
  type IlinkSimulatorOptions,
  type IlinkUser,
} from '@wxbot/simulator';
import { createIlinkBot, type IlinkBotOptions } from '../../src/adapter/create-bot.js';
import type { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';

// The iLink half of the fault suite (issue 17, "reliability parity"): the same counting as
// packages/core/test/reliability/harness.ts, on the iLink simulator. Every hold and timeout is short.

/** An iLink simulator that binds every QR at once (as `owner`), and a temp folder for the session. */
export interface IlinkWorld {
  readonly sim: IlinkSimulator;
  readonly user: IlinkUser;
  readonly dir: string;
  readonly sessionFile: string;
  close(): Promise<void>;
}

export async function startIlinkWorld(
  options: IlinkSimulatorOptions = {},
  dir?: string,
): Promise<IlinkWorld> {
  const sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    autoConfirm: { delayMs: 5 },
    ...options,
  });
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'wxbot-ilink-rel-')));
  return {
    sim,
    user: sim.owner,
    dir: folder,
    sessionFile: join(folder, 'ilink.json'),
    close: async () => {
      await sim.close();
      if (!dir) await rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}

/** Bot options for a world: short timeouts and back-offs, no pacing, no daily budget. */
export function ilinkBotOptions(world: IlinkWorld, extra: IlinkBotOptions = {}): IlinkBotOptions {
  return {
    connectTo: world.sim.url,
    sessionFile: world.sessionFile,
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 20, backoff: { baseMs: 10, maxMs: 100 }, timeoutMarginMs: 300 },
    timeouts: { send: 600, config: 600, getUpdates: 1000 },
    cdnRetryDelayMs: 5,
    saveRetryMs: 50,
    deadlineMs: 1000,
    ...extra,
    replyLoop: false,
    outbox: {
      pacing: false,
      dailyBudget: false,
      retry: { attempts: 10, baseDelayMs: 10, maxDelayMs: 100, frequencyPauseMs: 50 },
      ...extra.outbox,
    },
  };
}

/** Texts containing this are handled but not answered. */
export const NO_REPLY = '#noreply';

/** One row of the report (same columns as the Web fault suite). */
export interface IlinkRow {
  readonly fault: string;
  readonly injected: number;
  readonly deliveredOnce: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly repliesOnce: number;
  readonly repliesLost: number;
  readonly repliesDuplicated: number;
}

/**
 * Counts both ends: what the user sent, what reached the bot, what the middleware handled (per
 * message id), and the replies the simulator delivered (`re:<text>`, one per message).
 */
export class IlinkTally {
  readonly injected = new Map<string, string>();
  readonly serverDelivered = new Set<string>();
  readonly handled = new Map<string, number>();
  /** Replies that were refused or failed, with why. */
  readonly replyErrors: string[] = [];
  /** Runs before each answer (a scenario may make it throw or hang). */
  behaviour: (text: string) => Promise<void> | void = () => undefined;

  constructor(private readonly world: IlinkWorld) {}

  say(text: string): string {
    const id = this.world.user.says(text).messageId.toString();
    this.injected.set(id, text);
    return id;
  }

  burst(prefix: string, count: number): void {
    for (let i = 0; i < count; i++) this.say(`${prefix}-${i}`);
  }

  attach(bot: Bot<IlinkAdapter>): void {
    bot.adapter.on('inbound', (batch) => {
      for (const raw of batch.items) {
        const id = bot.adapter.inboundId(raw);
        if (id !== undefined) this.serverDelivered.add(id);
      }
    });
    bot.on('text', async (ctx) => {
      if (ctx.message.self) return;
      const id = ctx.message.id;
      this.handled.set(id, (this.handled.get(id) ?? 0) + 1);
      const text = ctx.text ?? '';
      await this.behaviour(text);
      if (text.includes(NO_REPLY)) return;
      try {
        await ctx.reply(`re:${text}`);
      } catch (err) {
        this.replyErrors.push(`${text}: ${(err as Error).message}`);
        throw err;
      }
    });
  }

  private replyCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.world.sim.sent)
      if (m.text !== undefined) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    return counts;
  }

  /** Every injected message handled and (unless NO_REPLY) answered. */
  settled(): boolean {
    const replies = this.replyCounts();
    for (const [id, text] of this.injected) {
      if (!this.handled.has(id)) return false;
      if (!text.includes(NO_REPLY) && !replies.has(`re:${text}`)) return false;
    }
    return true;
  }

  async waitSettled(timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.settled() && Date.now() < deadline) await pause(10);
  }

  row(fault: string): IlinkRow {
    const replies = this.replyCounts();
    let once = 0;
    let lost = 0;
    let dup = 0;
    let rOnce = 0;
    let rLost = 0;
    let rDup = 0;
    for (const [id, text] of this.injected) {
      const n = this.handled.get(id) ?? 0;
      if (n === 0) lost++;
      else if (n === 1) once++;
      else dup++;
      if (text.includes(NO_REPLY)) continue;
      const r = replies.get(`re:${text}`) ?? 0;
      if (r === 0) rLost++;
      else if (r === 1) rOnce++;
      else rDup++;
    }
    return {
      fault,
      injected: this.injected.size,
      deliveredOnce: once,
      lost,
      duplicated: dup,
      repliesOnce: rOnce,
      repliesLost: rLost,
      repliesDuplicated: rDup,
    };
  }
}

/** Start a bot on a world with a tally attached (the first start binds by the automatic QR). */
export async function startIlinkBot(
  world: IlinkWorld,
  tally: IlinkTally,
  extra: IlinkBotOptions = {},
): Promise<Bot<IlinkAdapter>> {
  const bot = createIlinkBot(ilinkBotOptions(world, extra));
  tally.attach(bot);
  bot.events.on('error', () => undefined);
  await bot.start();
  return bot;
}

export function renderIlinkReport(rows: readonly IlinkRow[]): string {
  const head =
    '| fault (iLink) | msgs injected | delivered once | lost | duplicated | replies once | replies lost | replies duplicated |';
  const sep = `|${'---|'.repeat(8)}`;
  const lines = rows.map(
    (r) =>
      `| ${r.fault} | ${r.injected} | ${r.deliveredOnce} | ${r.lost} | ${r.duplicated} | ${r.repliesOnce} | ${r.repliesLost} | ${r.repliesDuplicated} |`,
  );
  return [head, sep, ...lines].join('\n');
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The package's one poll-until helper (a cap for a hang; the checks are event-driven).
export { until } from '../helpers.js';
