/**
 * Pacing (issue 10 §6): with the DEFAULT outbox settings, a 2,000-message burst to echo; the measured
 * send rate per chat and overall must stay within the configured limits, and nothing is dropped.
 *
 *   node bench/scenarios/pacing.mjs [--total 2000] [--factor 100] [--json]
 *
 * Bot and simulator run in this process and share one accelerated clock (`acceleratedClock` from
 * `@wxbot/testing`, the simulator's `now` option): at factor 100 the default 1 msg/s takes
 * 10 ms of real time, so 2,000 paced replies take ~20 s. Send times are the simulator's (sim time).
 *
 * Limits checked (the outbox defaults, `PacingOptions`): overall a token bucket of 1 msg/s with a
 * burst of 3 — in every window of T ms at most 3 + T/1000 sends (+1 for clock rounding); per chat at
 * least 2,000 ms between two sends to the same chat. "Dropped" = workload texts with no reply, plus
 * replies that failed, at the end of the run.
 *
 * The only non-default bot option is `maxPending` (messages waiting for a handler, default 1,000): a
 * 2,000 burst is by definition more than that, and it is not an outbox setting.
 */
import { createBot } from '@wxbot/core';
import { acceleratedClock } from '@wxbot/testing';
import { round, sleep } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { buildCast, closeSim, confirmLogin, injectText, startSim, userNameOfChat } from '../lib/sim-glue.mjs';
import { DEFAULT_WORKLOAD, generateWorkload, tagOf } from '../lib/workload.mjs';

const GLOBAL_PER_SECOND = 1;
const GLOBAL_BURST = 3;
const PER_CHAT_MIN_GAP_MS = 2000;

await runScenarioMain('pacing', async (args) => {
  const total = numArg(args, 'total', 2000);
  const factor = numArg(args, 'factor', 100);
  const w = { ...DEFAULT_WORKLOAD, total };
  const items = generateWorkload(w);
  const clock = acceleratedClock(factor);
  const sim = await startSim({ now: clock.now });
  const cast = await buildCast(sim, { friends: w.friends, groups: w.groups, groupSize: w.groupSize });
  // Default pacing; the daily send budget (300, a separate safety feature) is off so the row
  // checks the pacing of all 2,000 replies, not the budget's refusals.
  const bot = createBot({ connectTo: sim.url, clock, maxPending: 1_000_000, outbox: { dailyBudget: false } });
  let failed = 0;
  bot.events.on('failed', () => failed++);
  bot.catch(() => undefined);
  bot.on('text', (ctx) => (ctx.self ? undefined : ctx.reply(ctx.text ?? '').then(() => undefined)));
  bot.events.on('qr', (qr) => void confirmLogin(sim, qr.uuid));
  try {
    await bot.start();
    const sentBefore = sim.phone.sent.length;
    // The burst: everything at once (in sim time, well under a second).
    for (const item of items) injectText(sim, cast, item);
    const expected = new Set(items.map((it) => it.id));
    const deadline = Date.now() + (total / GLOBAL_PER_SECOND) * (1000 / factor) * 1.5 + 30_000;
    let idleSince = Date.now();
    let seen = 0;
    while (Date.now() < deadline) {
      await sleep(50);
      const n = sim.phone.sent.length - sentBefore;
      if (n >= total) break;
      if (n !== seen) {
        seen = n;
        idleSince = Date.now();
      } else if (Date.now() - idleSince > 10_000) break;
    }
    const sends = sim.phone.sent.slice(sentBefore).filter((m) => m.kind === 'text');
    const times = sends.map((m) => m.timeMs);
    let replied = 0;
    for (const m of sends) {
      const id = tagOf(m.text);
      if (id !== undefined && expected.delete(id)) replied++;
    }
    // Overall: in every window [t_i, t_j], j - i + 1 sends ≤ burst + rate × span (+1 for rounding).
    // For a fixed j the worst i maximises rate·t_i − i: one pass with a running maximum.
    let worstExcess = Number.NEGATIVE_INFINITY;
    let bestStart = Number.NEGATIVE_INFINITY;
    let maxIn1s = 0;
    let lo = 0;
    for (let j = 0; j < times.length; j++) {
      const tj = times[j] ?? 0;
      bestStart = Math.max(bestStart, ((times[j] ?? 0) * GLOBAL_PER_SECOND) / 1000 - j);
      worstExcess = Math.max(worstExcess, j + 1 - GLOBAL_BURST - (tj * GLOBAL_PER_SECOND) / 1000 + bestStart);
      while (tj - (times[lo] ?? 0) >= 1000) lo++;
      maxIn1s = Math.max(maxIn1s, j - lo + 1);
    }
    // Per chat: smallest gap between two sends to the same chat.
    const lastByChat = new Map();
    let minChatGap = Number.POSITIVE_INFINITY;
    let maxChatRate = 0;
    const firstByChat = new Map();
    const countByChat = new Map();
    for (const m of sends) {
      const prev = lastByChat.get(m.toUserName);
      if (prev !== undefined) minChatGap = Math.min(minChatGap, m.timeMs - prev);
      lastByChat.set(m.toUserName, m.timeMs);
      if (!firstByChat.has(m.toUserName)) firstByChat.set(m.toUserName, m.timeMs);
      countByChat.set(m.toUserName, (countByChat.get(m.toUserName) ?? 0) + 1);
    }
    for (const [chat, count] of countByChat) {
      const span = (lastByChat.get(chat) - firstByChat.get(chat)) / 1000;
      if (count > 1 && span > 0) maxChatRate = Math.max(maxChatRate, (count - 1) / span);
    }
    const spanSec = times.length > 1 ? ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000 : 0;
    const overallRate = spanSec > 0 ? (times.length - 1) / spanSec : 0;
    const withinOverall = worstExcess <= 1;
    const withinChat = minChatGap >= PER_CHAT_MIN_GAP_MS;
    const dropped = total - replied + failed;
    // Every reply must go to its own chat (a paced outbox must not reorder targets).
    const wrongTarget = sends.filter((m) => {
      const id = tagOf(m.text);
      return id !== undefined && items[id] && m.toUserName !== userNameOfChat(cast, items[id]);
    }).length;
    return {
      client: 'wxbot',
      metrics: {
        withinLimits: withinOverall && withinChat && wrongTarget === 0 ? 1 : 0,
        dropped,
        replies: replied,
        overallMsgsPerSec: round(overallRate, 3),
        maxIn1s,
        worstBucketExcess: round(worstExcess, 2),
        maxChatMsgsPerSec: round(maxChatRate, 3),
        minChatGapMs: Number.isFinite(minChatGap) ? minChatGap : null,
        simSeconds: round(spanSec, 1),
        factor,
      },
      notes: [
        `limits: overall ${GLOBAL_PER_SECOND} msg/s after a burst of ${GLOBAL_BURST}; per chat ≥ ${PER_CHAT_MIN_GAP_MS} ms apart (+ up to 1,000 ms jitter); clock ×${factor}`,
        ...(wrongTarget > 0 ? [`${wrongTarget} replies went to the wrong chat`] : []),
      ],
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await closeSim(sim);
  }
});
