/**
 * Auto-reply matching (issue 10 §4): 10 / 1,000 / 10,000 keyword rules + 50 regex rules, µs per
 * message (target ≤ 5 µs at 10,000 rules).
 *
 *   node bench/scenarios/autoreply.mjs [--json]
 *
 * TODO(wxbot): build the rule sets with @wxbot/plugin-autoreply's matcher (its compiled form, not the
 * whole bot) and time `match(text)` over the bench workload texts. Expected helper:
 *   async function matchUs(ruleCount: number): Promise<number>   // µs per message, 50 regex rules included
 * and return metrics { us10, us1000, us10000 }.
 */
import { runScenarioMain } from '../lib/scenario.mjs';

await runScenarioMain('autoreply', async () => {
  throw new Error(
    'TODO(wxbot): bench/scenarios/autoreply.mjs is not written yet (needs the autoreply matcher)',
  );
});
