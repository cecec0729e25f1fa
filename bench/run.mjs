/**
 * `pnpm bench`: runs every scenario in sequence, each client in its own child process, prints ONE
 * table (scenario, metric, wxbot, baseline, ratio, target, pass) and writes bench/results/latest.json.
 *
 *   node bench/run.mjs [--only <text>] [--clients wxbot,wxbot-cli,wechat4u] [--quick] [--check]
 *
 * `--only` keeps plan entries whose id or script contains the text (e.g. `--only echo`).
 * `--quick` runs only the CLI rows (`wxbot start -c` against wechat4u, ~3 minutes).
 * `--check` exits 1 when a target row fails (goals of the bare-API rows are shown, not gated).
 * Every full run also writes `results/<date>.json` (rows, raw results, machine, Node, load).
 * Scenarios are plain scripts (bench/scenarios/*.mjs) and can be run alone; see bench/README.md.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeTarget, meets, PLAN } from './lib/plan.mjs';
import { parseArgs } from './lib/scenario.mjs';

const args = parseArgs(process.argv.slice(2));
const only = typeof args.only === 'string' ? args.only : undefined;
const clients =
  typeof args.clients === 'string' ? args.clients.split(',') : ['wxbot', 'wxbot-cli', 'wechat4u'];
const quick = args.quick === true;
const check = args.check === true;
const loadBefore = os.loadavg();
const startedAt = new Date();
/** One run per script+args+client: the wechat4u baseline is shared by the bare and CLI rows. */
const cache = new Map();
const scenarioDir = new URL('./scenarios/', import.meta.url);

/** Runs one scenario script and returns its JSON result (or an error result). */
function runOne(script, scriptArgs, client) {
  const argv = [fileURLToPath(new URL(script, scenarioDir)), ...scriptArgs, '--json'];
  if (client) argv.push('--client', client);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      argv,
      { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line));
        } catch {
          resolve({
            scenario: script,
            client: client ?? '',
            metrics: {},
            notes: [],
            error: `no result (exit ${error?.code ?? 0}): ${(stderr || String(error ?? '')).trim().split('\n').slice(-3).join(' / ')}`,
          });
        }
      },
    );
  });
}

function fmt(x) {
  if (x === undefined || x === null || (typeof x === 'number' && !Number.isFinite(x))) return '–';
  if (typeof x !== 'number') return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(Math.abs(x) >= 1 ? 2 : 3);
}

const rows = [];
const raw = [];
/** Each plan entry's results by client, for rows whose baseline is another entry's (`{ plan }`). */
const byPlan = new Map();
for (const entry of PLAN) {
  if (only && !entry.id.includes(only) && !entry.script.includes(only)) continue;
  if (quick && !entry.quick) continue;
  /** @type {Record<string, any>} */
  const results = {};
  for (const client of entry.clients) {
    if (client !== null && !clients.includes(client)) continue;
    const argv = client === 'wechat4u' && entry.baselineArgs ? entry.baselineArgs : entry.args;
    const key = JSON.stringify([entry.script, argv, client]);
    let result = cache.get(key);
    if (result) {
      process.stderr.write(`▶ ${entry.id} — ${client}: same run as above\n`);
      results[client ?? 'self'] = result;
      continue;
    }
    process.stderr.write(`▶ ${entry.id}${client ? ` — ${client}` : ''} …\n`);
    result = await runOne(entry.script, argv, client);
    cache.set(key, result);
    results[client ?? 'self'] = result;
    raw.push({ plan: entry.id, args: argv, ...result });
    if (result.error) process.stderr.write(`  ✗ ${result.error}\n`);
    else if (result.skipped) process.stderr.write(`  – skipped: ${result.notes?.[0] ?? ''}\n`);
  }
  byPlan.set(entry.id, results);
  for (const row of entry.rows) {
    // Scenarios that measure both sides themselves (clients [null]) report under `self`.
    const own =
      row.baselineFrom === 'self' ? results.self : (results['wxbot-cli'] ?? results.wxbot ?? results.self);
    const from = row.baselineFrom;
    const base =
      from === 'self'
        ? results.self
        : typeof from === 'object'
          ? byPlan.get(from.plan)?.[from.client ?? 'wxbot-cli']
          : results.wechat4u;
    const w = own?.metrics?.[row.key];
    const b = base?.metrics?.[row.baselineKey ?? row.key];
    const ratio = typeof w === 'number' && typeof b === 'number' && b !== 0 ? w / b : undefined;
    const subject = row.target?.on === 'ratio' ? ratio : w;
    // No verdict while a half is missing (e.g. a wxbot half still marked TODO).
    const missing = typeof subject !== 'number' || (row.target?.on === 'ratio' && typeof b !== 'number');
    const met = !missing && row.target !== undefined && meets(row.target, subject);
    // A missing half of a target row fails the check: a client that did not run proves nothing.
    const pass =
      row.target === undefined ? '' : row.target.goal ? (met ? 'met' : 'missed') : met ? 'pass' : 'FAIL';
    rows.push({
      scenario: entry.id,
      metric: row.metric,
      wxbot: typeof w === 'number' ? w : null,
      baseline: typeof b === 'number' ? b : null,
      ratio: ratio ?? null,
      target: describeTarget(row.target),
      pass,
    });
  }
}

const header = ['scenario', 'metric', 'wxbot', 'baseline', 'ratio', 'target', 'pass'];
const table = [
  header,
  ...rows.map((r) => [r.scenario, r.metric, fmt(r.wxbot), fmt(r.baseline), fmt(r.ratio), r.target, r.pass]),
];
const widths = header.map((_, i) => Math.max(...table.map((line) => String(line[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));

const notes = raw.flatMap((r) => (r.notes ?? []).map((n) => `${r.plan} / ${r.client}: ${n}`));
const errors = raw.filter((r) => r.error).map((r) => `${r.plan} / ${r.client}: ${r.error}`);
if (notes.length + errors.length > 0) {
  console.log('');
  for (const n of [...errors, ...notes]) console.log(`- ${n}`);
}

const machine = {
  cpus: os.availableParallelism?.() ?? os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  totalMemMiB: Math.round(os.totalmem() / 1048576),
};
console.log(`\nmachine: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, ${machine.platform}`);
const load = {
  before: loadBefore.map((x) => Math.round(x * 100) / 100),
  after: os.loadavg().map((x) => Math.round(x * 100) / 100),
};
console.log(`load average (1/5/15 min): before ${load.before.join(' ')}, after ${load.after.join(' ')}`);
const outDir = new URL('./results/', import.meta.url);
await mkdir(outDir, { recursive: true });
const full = !only && !quick && !args.clients;
const report = {
  date: startedAt.toISOString(),
  durationSec: Math.round((Date.now() - startedAt.getTime()) / 1000),
  command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  full,
  machine,
  load,
  rows,
  results: raw,
};
const text = `${JSON.stringify(report, null, 2)}\n`;
await writeFile(new URL('latest.json', outDir), text);
if (full) await writeFile(new URL(`${startedAt.toISOString().slice(0, 10)}.json`, outDir), text);
const failed = rows.filter((r) => r.pass === 'FAIL');
if (check && failed.length > 0) {
  console.log(`\n--check: ${failed.length} target row(s) failed:`);
  for (const r of failed) console.log(`  ${r.scenario} / ${r.metric}`);
}
process.exitCode = errors.length > 0 || (check && failed.length > 0) ? 1 : 0;
