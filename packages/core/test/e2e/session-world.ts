import { join } from 'node:path';
import { createBot, type LogoutEvent, type WebWxClient } from '@wxbot/core';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { autoScan, FAST_SIM, fastClientOptions, tempDir } from '../client/helpers.js';

// One Web bot with a session file, logged in by the simulator's phone (autoRelogin on, a short
// cooldown, one push poll), counting its QR codes, logins and typed logouts: the world of the
// session-ending tests.

const CAST: Parameters<typeof createSimulator>[0] = {
  cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] },
};

/** A logged-in bot, its simulator and what it reported. */
export interface SessionWorld {
  sim: Simulator;
  bot: ReturnType<typeof createBot>;
  client: WebWxClient;
  sessionFile: string;
  logouts: LogoutEvent[];
  qrs: number;
  logins: string[];
  done: () => Promise<void>;
}

/** Starts a simulator with Alice as a friend and a bot on it; `done()` stops and cleans up both. */
export async function sessionWorld(
  simExtra: Parameters<typeof createSimulator>[0] = {},
  clientExtra: Parameters<typeof fastClientOptions>[1] = {},
): Promise<SessionWorld> {
  const sim = await createSimulator({ ...FAST_SIM, ...CAST, ...simExtra });
  const dir = await tempDir();
  const sessionFile = join(dir.dir, 'session.json');
  const bot = createBot({
    ...fastClientOptions(sim, {
      sessionFile,
      autoRelogin: true,
      reloginCooldownMs: 20,
      maxPushPolls: 1,
      ...clientExtra,
    }),
    outbox: { pacing: false },
    health: { port: 0 },
  });
  const w: SessionWorld = {
    sim,
    bot,
    client: bot.adapter.client,
    sessionFile,
    logouts: [],
    qrs: 0,
    logins: [],
    done: async () => {
      await bot.stop();
      await sim.close();
      await dir.cleanup();
    },
  };
  autoScan(bot.adapter.client, sim);
  bot.events.on('qr', () => w.qrs++);
  bot.events.on('logout', (e) => w.logouts.push(e));
  bot.events.on('login', (e) => w.logins.push(e.method));
  return w;
}
