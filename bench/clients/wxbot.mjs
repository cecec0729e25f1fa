/**
 * The wxbot half of every client scenario — same spec as clients/wechat4u.mjs: log in through the QR
 * flow, be "ready" once contacts AND group members are loaded (`bot.start()` resolves exactly then),
 * then echo every incoming text to its chat, or only read (listen mode, one log line per message).
 *
 * Bot options, and why:
 * - `outbox.pacing: false` — issue 10: pacing off unless the row says otherwise (bench/scenarios/pacing.mjs
 *   measures the defaults).
 * - `outbox.maxQueue`, `maxPending` raised — the saturation run queues 20,000 messages at once; the
 *   defaults (100 waiting sends, 1,000 waiting messages) are there to shed load in production and
 *   would drop most of them (wechat4u has no such limits).
 * - `syncCheckMinIntervalMs` — `WXBOT_BENCH_SYNC_INTERVAL_MS` (default 0). wxbot's default spin guard
 *   (1,000 ms between two synccheck calls, even when the previous round delivered messages) adds up to
 *   1 s to every message's latency; wechat4u polls again at once. See bench/README.md.
 *
 * Contract (DriverOptions, see clients/wechat4u.mjs): o.serverUrl, o.mode ('echo'|'listen'|'contacts'),
 * o.expect { friends, groups, membersPerGroup, texts? }, o.onUuid(uuid), o.onReady(),
 * o.onReceivedAll(count), o.onError(err). Everything runs in the client child process; only its CPU
 * and RSS are measured.
 */
import { createRequire } from 'node:module';
import { createBot } from '@wxbot/core';

const SYNC_INTERVAL_MS = Number(process.env.WXBOT_BENCH_SYNC_INTERVAL_MS ?? 0);

/**
 * The listen-mode logger: the logger plugin when it is built and exports one, else a plain pino
 * line per message to a null destination (same cost shape: one structured line per message).
 * @param {import('@wxbot/core').Bot} bot
 * @returns {Promise<string>} what was used (for the notes)
 */
async function attachLogger(bot) {
  /** @type {any} */
  let mod;
  try {
    mod = await import('@wxbot/plugin-logger');
  } catch {
    mod = undefined;
  }
  const plugin = mod?.logger ?? mod?.default;
  if (plugin && typeof plugin === 'object' && typeof plugin.name === 'string') {
    // The plugin's defaults: records go to the bot's logger (here pino at info, async, to /dev/null).
    await bot.plugin(plugin, {});
    return '@wxbot/plugin-logger';
  }
  const { default: pino } = await pinoModule();
  const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  bot.events.on('message', (m) => {
    log.info(
      {
        kind: m.kind,
        id: m.id,
        chat: m.chat.name,
        from: m.sender.name,
        text: m.kind === 'text' ? m.text : undefined,
      },
      'message',
    );
  });
  return 'pino line per message (logger plugin not built yet)';
}

/** pino, resolved from @wxbot/core (the bench has no direct dependency on it). */
function pinoModule() {
  const require = createRequire(import.meta.resolve('@wxbot/core'));
  return import(require.resolve('pino'));
}

/**
 * Starts wxbot against the simulator.
 * @param {import('./wechat4u.mjs').DriverOptions} o
 * @returns {Promise<{ stop(): Promise<void> }>}
 */
export async function startClient(o) {
  // An application logger at info level to the null device, written the way pino writes by default
  // (`pino()` = a synchronous sonic-boom): one write(2) per line. pino's asynchronous mode costs more
  // CPU per line here (sonic-boom appends to a pending string and re-measures it with
  // Buffer.byteLength on every write: ≈ 20 vs 12 µs per record measured), and trades durability.
  const { default: pino } = await pinoModule();
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  const bot = createBot({
    connectTo: o.serverUrl,
    logger,
    // A throughput race, not an account: no daily send budget, no reply-loop guard (the echo
    // scenario answers at machine speed by design).
    outbox: { pacing: false, maxQueue: 1_000_000, dailyBudget: false },
    replyLoop: false,
    maxPending: 1_000_000,
    syncCheckMinIntervalMs: SYNC_INTERVAL_MS,
    // The default ceiling (4 sync requests/s) is an account-safety rate, not a throughput race;
    // the CLI rows set the same through `limits.syncRequestsPerSecond: 100`.
    syncRateLimit: { perSecond: 100, burst: 200 },
  });
  bot.events.on('qr', (qr) => o.onUuid(qr.uuid));
  bot.events.on('error', (e) => o.onError(e));
  bot.catch((e) => {
    if (e.cause instanceof Error && 'code' in e.cause && e.cause.code === 'SELF_REPLY') return;
    o.onError(e);
  });

  if (o.mode === 'echo') {
    bot.on('text', (ctx) => {
      if (ctx.self) return;
      return ctx.reply(ctx.text ?? '').then(() => undefined);
    });
  } else if (o.mode === 'listen') {
    const target = o.expect.texts ?? 0;
    let received = 0;
    const how = await attachLogger(bot);
    if (how !== '@wxbot/plugin-logger') o.onError(`note: ${how}`);
    bot.on('text', (ctx) => {
      if (ctx.self) return;
      received++;
      if (received === target) o.onReceivedAll(received);
    });
  }

  bot.start().then(
    () => o.onReady(),
    (e) => o.onError(e),
  );
  return { stop: () => bot.stop() };
}
