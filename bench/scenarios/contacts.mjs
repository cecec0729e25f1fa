/**
 * Contacts at scale (issue 10 §2): 5,000 friends + 200 groups × 500 members. Time from the phone's
 * login confirm to the client's "ready" (all friends, groups and members loaded), and the client's
 * RSS after ready.
 *
 *   node bench/scenarios/contacts.mjs --client wechat4u|wxbot [--friends 5000] [--groups 200] [--members 500] [--json]
 */
import { spawnClient } from '../lib/client-proc.mjs';
import { cpuStopwatch, mib, nowMs, round, sleep } from '../lib/measure.mjs';
import { clientArg, numArg, runScenarioMain } from '../lib/scenario.mjs';
import { buildCast, closeSim, confirmLogin, startSim } from '../lib/sim-glue.mjs';

await runScenarioMain('contacts', async (args) => {
  const client = clientArg(args);
  const friends = numArg(args, 'friends', 5000);
  const groups = numArg(args, 'groups', 200);
  const members = numArg(args, 'members', 500);
  const settleMs = numArg(args, 'settle', 1000);
  const sim = await startSim();
  await buildCast(sim, { friends, groups, groupSize: members });
  const spawnedAt = nowMs();
  const proc = spawnClient(client, { sim });
  try {
    proc.send({
      type: 'start',
      options: {
        serverUrl: sim.url,
        mode: 'contacts',
        expect: { friends, groups, membersPerGroup: members },
      },
    });
    const { uuid } = await proc.next('uuid', 30_000);
    // The client's footprint before login (runtime + libraries): the floor RSS can go down to.
    const marked = await proc.ask('stats', 'stats');
    await proc.ask('mark', 'marked');
    // The simulator's CPU (this process) while the client loads: shows when the server is the bottleneck.
    const simCpu = cpuStopwatch();
    const confirmedAt = nowMs();
    await confirmLogin(sim, uuid);
    const ready = await proc.next('ready', 120_000);
    const simCpuSec = simCpu.seconds();
    const atReady = await proc.ask('stats', 'stats');
    // RSS "after ready": what the client keeps once loading is over (no forced GC on either side).
    await sleep(settleMs);
    const settled = await proc.ask('stats', 'stats');
    return {
      client,
      metrics: {
        readySec: round((ready.at - confirmedAt) / 1000, 3),
        // Process spawn → ready: module loading, login (the phone confirms at once), contacts.
        startToReadySec: round((ready.at - spawnedAt) / 1000, 3),
        cpuSecToReadyTotal: round(atReady.cpuTotalSeconds ?? Number.NaN, 3),
        rssAfterReadyMiB: mib(settled.rss),
        rssAtReadyMiB: mib(atReady.rss),
        heapAfterReadyMiB: mib(settled.heapUsed),
        heapTotalAfterReadyMiB: mib(settled.heapTotal),
        externalAfterReadyMiB: mib(settled.external),
        rssAtMarkMiB: mib(marked.rss),
        peakRssMiB: mib(settled.peakRss),
        cpuSecToReady: round(atReady.cpuSeconds, 3),
        simCpuSecToReady: round(simCpuSec, 3),
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
