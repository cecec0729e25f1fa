/**
 * Listen only (issue 10 §7): the same 2,000 texts, no replies; client CPU per 1,000 incoming
 * messages — the framework's own cost (parse, normalize, dispatch), not the cost of sending.
 * wxbot runs with the logger plugin on (see clients/wxbot.mjs).
 *
 *   node bench/scenarios/listen.mjs --client wechat4u|wxbot [--total 2000] [--json]
 */
import { spawnClient } from '../lib/client-proc.mjs';
import { mib, nowMs, round, sleep } from '../lib/measure.mjs';
import { clientArg, numArg, runScenarioMain } from '../lib/scenario.mjs';
import { buildCast, closeSim, confirmLogin, injectText, startSim } from '../lib/sim-glue.mjs';
import { DEFAULT_WORKLOAD, generateWorkload, toBursts } from '../lib/workload.mjs';

await runScenarioMain('listen', async (args) => {
  const client = clientArg(args);
  const total = numArg(args, 'total', DEFAULT_WORKLOAD.total);
  const w = { ...DEFAULT_WORKLOAD, total };
  const items = generateWorkload(w);
  const sim = await startSim();
  const cast = await buildCast(sim, { friends: w.friends, groups: w.groups, groupSize: w.groupSize });
  const proc = spawnClient(client, { sim });
  try {
    proc.send({
      type: 'start',
      options: {
        serverUrl: sim.url,
        mode: 'listen',
        // wxbot-cli: `--logger` adds @wxbot/plugin-logger to the config (its cost as its own row).
        logger: args.logger === true,
        expect: { friends: w.friends, groups: w.groups, membersPerGroup: w.groupSize, texts: total },
      },
    });
    const { uuid } = await proc.next('uuid', 30_000);
    await confirmLogin(sim, uuid);
    await proc.next('ready', 60_000);
    await sleep(200);
    await proc.ask('mark', 'marked');
    const start = nowMs();
    for (const burst of toBursts(items, w)) {
      const wait = start + burst.atMs - nowMs();
      if (wait > 0) await sleep(wait);
      for (const item of burst.items) injectText(sim, cast, item);
    }
    const done = await proc.next('received', 60_000);
    const stats = await proc.ask('stats', 'stats');
    return {
      client,
      metrics: {
        messages: total,
        received: done.count,
        cpuSecPer1000: round((stats.cpuSeconds * 1000) / total, 3),
        lastReceivedAfterMs: round(done.at - start, 1),
        peakRssMiB: mib(stats.peakRss),
      },
      notes:
        proc.errors.length > 0
          ? [`${proc.errors.length} client errors, last: ${proc.errors.at(-1)?.slice(0, 200)}`]
          : [],
    };
  } finally {
    await proc.stop();
    await closeSim(sim);
  }
});
