// A bot in its own process, to be killed with SIGKILL by kill9.test.ts. Env: SIM_URL, SESSION_FILE,
// HANDLED_LOG. Appends `start <MsgId>` / `done <MsgId>` to HANDLED_LOG around its middleware and
// answers each text `re:<text>`. Prints READY once receiving. SIGTERM = graceful stop.
import { appendFileSync } from 'node:fs';
import { createBot } from '@wxbot/core';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const log = env('HANDLED_LOG');
const bot = createBot({
  connectTo: env('SIM_URL'),
  sessionFile: env('SESSION_FILE'),
  keepAliveMs: 0,
  syncCheckMinIntervalMs: 0,
  sessionSaveDelayMs: 0,
  backoff: { baseMs: 10, maxMs: 100 },
  timeouts: { request: 1000, syncCheck: 2000, loginPoll: 2000 },
  deadlineMs: 2000,
  outbox: { pacing: false, retry: { attempts: 10, baseDelayMs: 10, maxDelayMs: 100 } },
});
bot.on('text', async (ctx) => {
  appendFileSync(log, `start ${ctx.message.id}\n`);
  await new Promise((resolve) => setTimeout(resolve, 3));
  await ctx.reply(`re:${ctx.text ?? ''}`);
  appendFileSync(log, `done ${ctx.message.id}\n`);
});
bot.events.on('error', () => undefined);
process.on('SIGTERM', () => {
  void bot.stop().then(() => process.exit(0));
});
await bot.start();
process.stdout.write('READY\n');
