/**
 * The echo measurement shared by scenarios/echo.mjs and scenarios/saturation.mjs: a client echoes
 * every text to its chat; we inject the workload through the simulator's phone and time each reply
 * from injection to its arrival at the simulator.
 */
import { writeFile } from 'node:fs/promises';
import { spawnClient } from './client-proc.mjs';
import { cpuStopwatch, latencySummary, mib, nowMs, round, sleep } from './measure.mjs';
import {
  buildCast,
  closeSim,
  confirmLogin,
  countRequests,
  injectText,
  onBotText,
  startSim,
  userNameOfChat,
} from './sim-glue.mjs';
import { generateWorkload, tagOf, toBursts } from './workload.mjs';

/**
 * @param {object} o
 * @param {'wechat4u' | 'wxbot'} o.client
 * @param {Partial<import('./workload.mjs').DEFAULT_WORKLOAD>} o.workload
 * @param {number} [o.idleTimeoutMs] give up when no reply arrived for this long
 */
export async function runEcho(o) {
  const items = generateWorkload(o.workload);
  const friends = o.workload.friends ?? 50;
  const groups = o.workload.groups ?? 5;
  const groupSize = o.workload.groupSize ?? 200;
  const sim = await startSim();
  const cast = await buildCast(sim, { friends, groups, groupSize });
  const client = spawnClient(o.client, { sim });
  const notes = [];
  try {
    client.send({
      type: 'start',
      options: { serverUrl: sim.url, mode: 'echo', expect: { friends, groups, membersPerGroup: groupSize } },
    });
    const { uuid } = await client.next('uuid', 30_000);
    await confirmLogin(sim, uuid);
    await client.next('ready', 120_000);
    await sleep(200); // let the first sync round trips settle before the clock starts

    /** @type {(number | undefined)[]} */
    const injectedAt = new Array(items.length);
    /** @type {(number | undefined)[]} */
    const repliedAt = new Array(items.length);
    let correct = 0;
    let replies = 0;
    let strays = 0;
    let lastReplyAt = 0;
    const expectedTo = items.map((item) => userNameOfChat(cast, item));
    const unsubscribe = onBotText(sim, (sent) => {
      const id = tagOf(sent.text);
      if (id === undefined || id >= items.length || repliedAt[id] !== undefined) {
        strays++;
        return;
      }
      repliedAt[id] = sent.atMs;
      lastReplyAt = sent.atMs;
      replies++;
      if (sent.text === items[id]?.text && sent.to === expectedTo[id]) correct++;
    });

    await client.ask('mark', 'marked');
    // The simulator's own CPU (this process): if it nears 1 s per second, the simulator is the bottleneck.
    const simCpu = cpuStopwatch();
    const requests = countRequests(sim);
    const start = nowMs();
    for (const burst of toBursts(items, o.workload)) {
      const wait = start + burst.atMs - nowMs();
      if (wait > 0) await sleep(wait);
      for (const item of burst.items) {
        injectedAt[item.id] = nowMs();
        injectText(sim, cast, item);
      }
    }
    const idle = o.idleTimeoutMs ?? 10_000;
    let lastProgress = nowMs();
    let seen = 0;
    while (replies < items.length) {
      await sleep(20);
      if (replies !== seen) {
        seen = replies;
        lastProgress = nowMs();
      } else if (nowMs() - lastProgress > idle) {
        notes.push(
          `stopped waiting: ${items.length - replies} replies missing after ${idle} ms without progress`,
        );
        break;
      }
    }
    const stats = await client.ask('stats', 'stats');
    unsubscribe();

    const latencies = [];
    for (let i = 0; i < items.length; i++) {
      const a = injectedAt[i];
      const b = repliedAt[i];
      if (a !== undefined && b !== undefined) latencies.push(b - a);
    }
    const lat = latencySummary(latencies);
    // WXBOT_BENCH_LATENCY_DUMP=file: every message's inject and reply times (epoch ms) as JSON lines,
    // to find periodic stalls; it only reads what was measured above.
    if (process.env.WXBOT_BENCH_LATENCY_DUMP) {
      // monoMinusEpochMs: add it to a time here to get CLOCK_MONOTONIC ms, the clock of a CPU profile's
      // timestamps (µs) and of process.hrtime in the client.
      const monoMinusEpochMs = Number(process.hrtime.bigint()) / 1e6 - nowMs();
      const lines = items.map((item, i) =>
        JSON.stringify({
          id: i,
          chat: `${item.chat}${item.chatIndex}`,
          in: injectedAt[i],
          out: repliedAt[i],
        }),
      );
      await writeFile(
        process.env.WXBOT_BENCH_LATENCY_DUMP,
        `${JSON.stringify({ monoMinusEpochMs })}\n${lines.join('\n')}\n`,
      );
    }
    const elapsedSec = ((lastReplyAt || nowMs()) - start) / 1000;
    const escaped = items.filter((it) => it.escaped).length;
    if (process.env.WXBOT_BENCH_VERBOSE) notes.push(`requests: ${JSON.stringify(requests.counts)}`);
    if (strays > 0) notes.push(`${strays} bot texts did not match a workload message`);
    if (client.errors.length > 0)
      notes.push(`${client.errors.length} client errors, last: ${client.errors.at(-1)?.slice(0, 200)}`);
    return {
      client: o.client,
      metrics: {
        messages: items.length,
        replies,
        msgsPerSec: round(replies / elapsedSec, 1),
        p50Ms: round(lat.p50, 1),
        p99Ms: round(lat.p99, 1),
        // CPU seconds per 1,000 messages (= CPU ms per message).
        cpuSecPer1000: round((stats.cpuSeconds * 1000) / Math.max(1, replies), 3),
        cpuUserSec: round(stats.cpuUser, 3),
        cpuSystemSec: round(stats.cpuSystem, 3),
        peakRssMiB: mib(Math.max(stats.peakRss, 0)),
        correctPct: round((100 * correct) / items.length, 1),
        escapedTexts: escaped,
        simCpuSec: round(simCpu.seconds(), 2),
        requestsPerMsg: round(requests.total() / items.length, 2),
        elapsedSec: round(elapsedSec, 2),
      },
      notes,
    };
  } finally {
    await client.stop();
    await closeSim(sim);
  }
}
