/**
 * Echo end to end (issue 10 §1): the workload through the simulator → client (echo every text to its
 * chat) → simulator. Msgs/s, p50/p99 inject→reply, client CPU per 1,000 messages, peak RSS,
 * correctness (exact text and target).
 *
 *   node bench/scenarios/echo.mjs --client wechat4u|wxbot|wxbot-cli [--profile burst|rate200] [--total N]
 *     [--friends 50] [--groups 5] [--members 200] [--json]
 *
 * Profiles: `burst` = issue 10's workload (2,000 texts, bursts of 100 every 50 ms = 2,000 msg/s
 * offered); `rate200` = the same mix offered at 200 msg/s (bursts of 10 every 50 ms, 1,000 texts) for
 * the latency target.
 */
import { runEcho } from '../lib/echo-run.mjs';
import { clientArg, numArg, runScenarioMain } from '../lib/scenario.mjs';

const PROFILES = {
  burst: { total: 2000, burstSize: 100, burstIntervalMs: 50 },
  rate200: { total: 1000, burstSize: 10, burstIntervalMs: 50 },
};

await runScenarioMain('echo', async (args) => {
  const profile = String(args.profile ?? 'burst');
  const base = PROFILES[/** @type {keyof typeof PROFILES} */ (profile)];
  if (!base) throw new Error(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  const result = await runEcho({
    client: clientArg(args),
    workload: {
      ...base,
      total: numArg(args, 'total', base.total),
      friends: numArg(args, 'friends', 50),
      groups: numArg(args, 'groups', 5),
      groupSize: numArg(args, 'members', 200),
    },
  });
  return { ...result, variant: profile };
});
