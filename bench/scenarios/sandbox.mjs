/**
 * Sandbox start (issue 10 §5): `wxbot start --sandbox` from process start to ready (target < 1.5 s).
 *
 *   node bench/scenarios/sandbox.mjs [--json]
 *
 * TODO(wxbot): spawn `node packages/cli/dist/bin.js start --sandbox` (with a throwaway config dir), note
 * the spawn time, and stop the clock at the line the CLI prints when ready (agree on a stable marker,
 * e.g. `ready`); then send SIGINT and wait for exit. Return metrics { readySec }.
 */
import { runScenarioMain } from '../lib/scenario.mjs';

await runScenarioMain('sandbox', async () => {
  throw new Error('TODO(wxbot): bench/scenarios/sandbox.mjs is not written yet (needs the CLI)');
});
