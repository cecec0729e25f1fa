/**
 * Command-line plumbing shared by the scenario scripts: `--client wechat4u|wxbot`, `--json`
 * (print one JSON line for run.mjs instead of a human summary), and `--key value` options.
 */

/**
 * Parses `process.argv`-style flags into an object (`--client wxbot --json` → { client: 'wxbot', json: true }).
 * @param {readonly string[]} argv
 */
export function parseArgs(argv) {
  /** @type {Record<string, string | true>} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else {
      out[key] = next;
      i++;
    }
  }
  return out;
}

/**
 * A scenario's result: one row source for the table.
 * @typedef {object} ScenarioResult
 * @property {string} scenario
 * @property {string} client  `wxbot`, `wechat4u`, or a variant name (transport floor)
 * @property {Record<string, number | boolean | null>} metrics
 * @property {string[]} notes
 * @property {string} [error]
 * @property {boolean} [skipped]
 */

/**
 * Runs `fn(args)` as a script: prints the result (JSON line with `--json`), exits 0 on success,
 * 1 on error (the JSON line then carries `error`).
 *
 * @param {string} scenario
 * @param {(args: Record<string, string | true>) => Promise<Omit<ScenarioResult, 'scenario'>>} fn
 */
export async function runScenarioMain(scenario, fn) {
  const args = parseArgs(process.argv.slice(2));
  /** @type {ScenarioResult} */
  let result;
  try {
    result = { scenario, ...(await fn(args)) };
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error);
    // A wxbot half that is not written yet is "skipped", not a failure of the run.
    const todo = message.includes('TODO(wxbot)');
    result = {
      scenario,
      client: String(args.client ?? ''),
      metrics: {},
      notes: todo ? [message] : [],
      ...(todo ? { skipped: true } : { error: message }),
    };
  }
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else console.log(JSON.stringify(result, null, 2));
  // Simulator sockets or client handles may linger; a scenario script is done once it reported.
  process.exit(result.error ? 1 : 0);
}

/** The `--client` flag, validated. */
export function clientArg(args) {
  const c = args.client;
  if (c !== 'wechat4u' && c !== 'wxbot' && c !== 'wxbot-cli')
    throw new Error(
      '--client must be wechat4u, wxbot (the bare API in code) or wxbot-cli (`wxbot start -c`)',
    );
  return c;
}

/** A numeric flag with a default. */
export function numArg(args, key, fallback) {
  const v = args[key];
  if (v === undefined || v === true) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number (got ${v})`);
  return n;
}
