/**
 * iLink rows (issue 17 §7): `wxbot start -c` with `transport: ilink` on the iLink simulator, the same
 * echo plugin file as the Web CLI rows. The bot belongs to one person (the QR scanner, protocol.md
 * §1: direct messages to the account's own bot), so every text comes from that user; each text opens
 * a turn, and the bot may send at most 10 messages after the user's latest one (the per-turn quota):
 * a user who types 50 texts at once gets at most 10 echoes, by protocol. So the throughput profile
 * keeps at most 10 texts unanswered (the next one is typed when an echo arrives), which is the
 * fastest a person can be echoed in full. Reported: echo throughput and CPU per 1,000 with that
 * window, p50/p99 inject→reply at a human rate, RSS after login. No third-party iLink client
 * exists to race, so run.mjs puts the Web CLI rows of the same run beside these for scale.
 *
 *   node bench/scenarios/ilink.mjs --client wxbot-cli [--profile burst|human] [--total N] [--json]
 *
 * Profiles: `burst` = 1,000 texts, at most 10 unanswered at any time (as fast as the bot echoes);
 * `human` = 100 texts at 10 msg/s (one every 100 ms). The simulator holds an empty getupdates 25 s like the real
 * server (protocol.md §5); latency is from the user's send to the bot's sendmessage reaching it.
 */
import { spawnCliClient } from '../lib/cli-proc.mjs';
import { cpuStopwatch, latencySummary, mib, nowMs, round, sleep } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { prng, tagOf } from '../lib/workload.mjs';

const { createIlinkSimulator } = await import(process.env.WXBOT_BENCH_SIMULATOR ?? '@wxbot/simulator');

const PROFILES = {
  burst: { total: 1000, window: 10, intervalMs: 0 },
  human: { total: 100, window: 1000, intervalMs: 100 },
};

/** Texts like the Web workload's: a unique `#<id> ` tag, some with `<`, `>`, `&` and emoji. */
function texts(total) {
  const rnd = prng(17);
  const extras = ['hello', 'a < b && c > d', '好的 👍', 'ok & thanks', 'see you <tomorrow>', '🙂🙂'];
  return Array.from({ length: total }, (_, id) => `#${id} ${extras[Math.floor(rnd() * extras.length)]}`);
}

await runScenarioMain('ilink', async (args) => {
  const client = String(args.client ?? 'wxbot-cli');
  if (client !== 'wxbot-cli') throw new Error('--client must be wxbot-cli (no other iLink client to race)');
  const profile = String(args.profile ?? 'burst');
  const base = PROFILES[/** @type {keyof typeof PROFILES} */ (profile)];
  if (!base) throw new Error(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  const total = numArg(args, 'total', base.total);
  const items = texts(total);
  const sim = await createIlinkSimulator({ updatesHoldMs: 25_000, backlogLimit: 100_000 });
  const owner = sim.user('bench owner');
  const proc = spawnCliClient({ sim });
  const notes = [];
  try {
    proc.send({
      type: 'start',
      options: {
        mode: 'echo',
        config: {
          transport: 'ilink',
          plugins: [{ path: './bench-plugin.mjs' }],
          outbox: { pacing: false, dailyBudget: false },
          replyLoop: { enabled: false },
          ilink: { baseUrl: sim.url },
        },
      },
    });
    const spawned = await proc.next('spawned', 30_000);
    owner.login(await owner.waitForQr(30_000));
    const ready = await proc.next('ready', 60_000);
    await sleep(1000);
    const afterLogin = await proc.ask('stats');

    /** @type {(number | undefined)[]} */
    const injectedAt = new Array(total);
    /** @type {(number | undefined)[]} */
    const repliedAt = new Array(total);
    let replies = 0;
    let correct = 0;
    let lastReplyAt = 0;
    let seen = sim.sendLog.length;
    /** @type {(() => void) | undefined} */
    let onReply;
    const off = sim.onEvent((e) => {
      if (e.type !== 'bot.sent') return;
      const at = nowMs();
      for (; seen < sim.sendLog.length; seen++) {
        const m = sim.sendLog[seen];
        if (m.outcome !== 'delivered' || m.text === undefined) continue;
        const id = tagOf(m.text);
        if (id === undefined || id >= total || repliedAt[id] !== undefined) continue;
        repliedAt[id] = at;
        lastReplyAt = at;
        replies++;
        if (m.text === items[id] && m.toUserId === owner.userId) correct++;
      }
      onReply?.();
    });
    let requests = 0;
    const take = sim.faults.take.bind(sim.faults);
    sim.faults.take = (endpoint) => {
      requests++;
      return take(endpoint);
    };

    await proc.ask('mark');
    const simCpu = cpuStopwatch();
    const start = nowMs();
    for (let i = 0; i < total; i++) {
      const wait = start + i * base.intervalMs - nowMs();
      if (wait > 0) await sleep(wait);
      // The quota window: wait for an echo (or 10 s) while `window` texts are unanswered.
      while (i - replies >= base.window) {
        const arrived = await new Promise((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          onReply = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        onReply = undefined;
        if (!arrived) break;
      }
      injectedAt[i] = nowMs();
      owner.says(/** @type {string} */ (items[i]));
    }
    let lastProgress = nowMs();
    let count = 0;
    while (replies < total) {
      await sleep(20);
      if (replies !== count) {
        count = replies;
        lastProgress = nowMs();
      } else if (nowMs() - lastProgress > 10_000) {
        notes.push(`stopped waiting: ${total - replies} replies missing after 10 s without progress`);
        break;
      }
    }
    const stats = await proc.ask('stats');
    off();
    const refused = sim.sendLog.filter((m) => m.outcome !== 'delivered').length;
    if (refused > 0) notes.push(`${refused} sends refused by the simulator`);
    if (proc.errors.length > 0)
      notes.push(`${proc.errors.length} client errors, last: ${proc.errors.at(-1)?.slice(0, 200)}`);
    const latencies = [];
    for (let i = 0; i < total; i++) {
      const a = injectedAt[i];
      const b = repliedAt[i];
      if (a !== undefined && b !== undefined) latencies.push(b - a);
    }
    const lat = latencySummary(latencies);
    const elapsedSec = ((lastReplyAt || nowMs()) - start) / 1000;
    return {
      client,
      variant: profile,
      metrics: {
        messages: total,
        replies,
        msgsPerSec: round(replies / elapsedSec, 1),
        p50Ms: round(lat.p50, 1),
        p99Ms: round(lat.p99, 1),
        cpuSecPer1000: round((stats.cpuSeconds * 1000) / Math.max(1, replies), 3),
        // Kernel time (fsync, rename, sockets) apart: the durable session saves show up here.
        cpuUserSec: round(stats.cpuUser, 3),
        cpuSystemSec: round(stats.cpuSystem, 3),
        correctPct: round((100 * correct) / total, 1),
        startToReadySec: round((ready.at - spawned.at) / 1000, 3),
        rssAfterLoginMiB: mib(afterLogin.rss),
        peakRssMiB: mib(stats.peakRss),
        simCpuSec: round(simCpu.seconds(), 2),
        requestsPerMsg: round(requests / total, 2),
        elapsedSec: round(elapsedSec, 2),
      },
      notes,
    };
  } finally {
    await proc.stop();
    await sim.close();
  }
});
