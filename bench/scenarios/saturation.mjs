/**
 * Saturation (issue 10 §1): 20,000 texts queued at once, the client echoes them all; throughput is
 * replies per second from the injection to the last reply.
 *
 *   node bench/scenarios/saturation.mjs --client wechat4u|wxbot [--total 20000] [--json]
 */
import { runEcho } from '../lib/echo-run.mjs';
import { clientArg, numArg, runScenarioMain } from '../lib/scenario.mjs';

await runScenarioMain('saturation', async (args) => {
  const total = numArg(args, 'total', 20_000);
  return runEcho({
    client: clientArg(args),
    workload: { total, burstSize: total, burstIntervalMs: 0 },
    idleTimeoutMs: 20_000,
  });
});
