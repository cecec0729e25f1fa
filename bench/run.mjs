/**
 * `pnpm bench`: runs every scenario in sequence, each client in its own child process, prints ONE
 * table (scenario, metric, wxbot, baseline, ratio, target, pass) and writes bench/results/latest.json.
 *
 *   node bench/run.mjs [--only <text>] [--clients wxbot,wechat4u]
 *
 * `--only` keeps plan entries whose id or script contains the text (e.g. `--only echo`).
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
const clients = typeof args.clients === 'string' ? args.clients.split(',') : ['wxbot', 'wechat4u'];
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
for (const entry of PLAN) {
  if (only && !entry.id.includes(only) && !entry.script.includes(only)) continue;
  /** @type {Record<string, any>} */
  const results = {};
  for (const client of entry.clients) {
    if (client !== null && !clients.includes(client)) continue;
    process.stderr.write(`▶ ${entry.id}${client ? ` — ${client}` : ''} …\n`);
    const result = await runOne(entry.script, entry.args, client);
    results[client ?? 'self'] = result;
    raw.push({ plan: entry.id, ...result });
    if (result.error) process.stderr.write(`  ✗ ${result.error}\n`);
    else if (result.skipped) process.stderr.write(`  – skipped: ${result.notes?.[0] ?? ''}\n`);
  }
  for (const row of entry.rows) {
    // Scenarios that measure both sides themselves (clients [null]) report under `self`.
    const own = row.baselineFrom === 'self' ? results.self : (results.wxbot ?? results.self);
    const base = row.baselineFrom === 'self' ? results.self : results.wechat4u;
    const w = own?.metrics?.[row.key];
    const b = base?.metrics?.[row.baselineKey ?? row.key];
    const ratio = typeof w === 'number' && typeof b === 'number' && b !== 0 ? w / b : undefined;
    const subject = row.target?.on === 'ratio' ? ratio : w;
    // No verdict while a half is missing (e.g. a wxbot half still marked TODO).
    const missing = typeof subject !== 'number' || (row.target?.on === 'ratio' && typeof b !== 'number');
    const pass = row.target === undefined ? '' : missing ? '–' : meets(row.target, subject) ? 'pass' : 'FAIL';
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
const outDir = new URL('./results/', import.meta.url);
await mkdir(outDir, { recursive: true });
await writeFile(
  new URL('latest.json', outDir),
  `${JSON.stringify({ date: new Date().toISOString(), machine, rows, results: raw }, null, 2)}\n`,
);
process.exitCode = errors.length > 0 ? 1 : 0;
