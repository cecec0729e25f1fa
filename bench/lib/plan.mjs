/**
 * What `pnpm bench` runs and how each result becomes a table row (issue 10's targets).
 *
 * A run is one scenario script invoked once per client (`--client wxbot`, `--client wechat4u`) or
 * once alone (`clients: [null]`, for scenarios that measure both sides themselves). A row picks a
 * number from the wxbot result and one from the baseline result; `ratio` = wxbot / baseline.
 */

/**
 * @typedef {object} Target
 * @property {'ratio' | 'value'} on      compare the ratio, or wxbot's own value
 * @property {'<=' | '>=' | '<' | '==' } op
 * @property {number} value
 * @property {boolean} [goal] a goal (issue 10, bare API), shown as met/missed; `--check` ignores it
 */

/**
 * @typedef {object} Row
 * @property {string} metric   label in the table
 * @property {string} key      metric key in the result JSON
 * @property {string} [baselineKey] metric key of the baseline value (default: `key`)
 * @property {'self' | 'wechat4u' | { plan: string, client?: string }} [baselineFrom] where the baseline
 *   value comes from (default wechat4u); `{ plan }` = another plan entry's wxbot-cli result of the same
 *   run (the iLink rows show the Web CLI rows beside them; no third-party iLink client exists)
 * @property {Target} [target]
 */

/**
 * `clients`: `wxbot` = the bare API in code (`createBot()`, state in memory); `wxbot-cli` = what users
 * run (`wxbot start -c <config>`, an echo plugin file, session/ledger/journal on disk); a `wechat4u`
 * run with the same script and args is run once and shared by every entry that asks for it.
 * `baselineArgs`: the wechat4u run's args when they differ (the logger row).
 *
 * @type {{ id: string, script: string, args: string[], baselineArgs?: string[], clients: (string | null)[], quick?: boolean, rows: Row[] }[]}
 */
export const PLAN = [
  // ---- what users run: `wxbot start -c` (issue 18 targets; `pnpm bench --check` gates on these) ----
  {
    id: 'CLI echo (2,000 @ bursts of 100/50 ms)',
    script: 'echo.mjs',
    args: ['--profile', 'burst'],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      {
        metric: 'replies (all 2,000 echoed)',
        key: 'replies',
        target: { on: 'value', op: '==', value: 2000 },
      },
      { metric: 'msgs/s', key: 'msgsPerSec', target: { on: 'ratio', op: '>=', value: 1.5 } },
      { metric: 'CPU s / 1,000 msgs', key: 'cpuSecPer1000', target: { on: 'ratio', op: '<=', value: 0.6 } },
      { metric: 'p50 inject→reply ms', key: 'p50Ms' },
      { metric: 'p99 inject→reply ms', key: 'p99Ms' },
      { metric: 'peak RSS MiB', key: 'peakRssMiB' },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'CLI echo (1,000 @ 200 msg/s offered)',
    script: 'echo.mjs',
    args: ['--profile', 'rate200'],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      { metric: 'p50 inject→reply ms', key: 'p50Ms', target: { on: 'ratio', op: '<=', value: 1 } },
      { metric: 'p99 inject→reply ms', key: 'p99Ms', target: { on: 'ratio', op: '<=', value: 1 } },
      { metric: 'CPU s / 1,000 msgs', key: 'cpuSecPer1000' },
    ],
  },
  {
    id: 'CLI listen only (2,000)',
    script: 'listen.mjs',
    args: [],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      { metric: 'CPU s / 1,000 msgs', key: 'cpuSecPer1000', target: { on: 'ratio', op: '<=', value: 0.6 } },
    ],
  },
  {
    id: 'CLI listen + @wxbot/plugin-logger (2,000)',
    script: 'listen.mjs',
    args: ['--logger'],
    baselineArgs: [],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [{ metric: 'CPU s / 1,000 msgs (logger cost)', key: 'cpuSecPer1000' }],
  },
  {
    id: 'CLI scale echo (5,000 friends, 200×500; 500 texts)',
    script: 'echo.mjs',
    args: [
      '--profile',
      'burst',
      '--total',
      '500',
      '--friends',
      '5000',
      '--groups',
      '200',
      '--members',
      '500',
    ],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      { metric: 'msgs/s', key: 'msgsPerSec', target: { on: 'ratio', op: '>=', value: 1 } },
      { metric: 'p50 inject→reply ms', key: 'p50Ms', target: { on: 'ratio', op: '<=', value: 1 } },
      { metric: 'p99 inject→reply ms', key: 'p99Ms' },
      { metric: 'CPU s / 1,000 msgs', key: 'cpuSecPer1000' },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'CLI contacts (5,000 friends, 200×500)',
    script: 'contacts.mjs',
    args: [],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      { metric: 'confirm→ready s', key: 'readySec' },
      { metric: 'RSS after ready MiB', key: 'rssAfterReadyMiB' },
    ],
  },
  {
    id: 'CLI start→ready (57 contacts)',
    script: 'contacts.mjs',
    args: ['--friends', '50', '--groups', '1', '--members', '8'],
    clients: ['wxbot-cli', 'wechat4u'],
    quick: true,
    rows: [
      {
        metric: 'process start→ready s',
        key: 'startToReadySec',
        target: { on: 'ratio', op: '<=', value: 1.2 },
      },
      {
        metric: 'RSS after ready MiB',
        key: 'rssAfterReadyMiB',
        target: { on: 'ratio', op: '<=', value: 0.8 },
      },
      { metric: 'RSS before login MiB', key: 'rssAtMarkMiB' },
      { metric: 'CPU s spawn→ready', key: 'cpuSecToReadyTotal' },
    ],
  },
  {
    id: 'CLI iLink echo (1,000, ≤ 10 unanswered; vs Web CLI burst)',
    script: 'ilink.mjs',
    args: ['--profile', 'burst'],
    clients: ['wxbot-cli'],
    quick: true,
    rows: [
      {
        metric: 'replies (all 1,000 echoed)',
        key: 'replies',
        target: { on: 'value', op: '==', value: 1000 },
      },
      {
        metric: 'msgs/s',
        key: 'msgsPerSec',
        baselineFrom: { plan: 'CLI echo (2,000 @ bursts of 100/50 ms)' },
      },
      {
        metric: 'CPU s / 1,000 msgs',
        key: 'cpuSecPer1000',
        baselineFrom: { plan: 'CLI echo (2,000 @ bursts of 100/50 ms)' },
      },
      {
        metric: 'requests / msg',
        key: 'requestsPerMsg',
        baselineFrom: { plan: 'CLI echo (2,000 @ bursts of 100/50 ms)' },
      },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'CLI iLink echo at a human rate (100 @ 10 msg/s; vs Web CLI 200 msg/s)',
    script: 'ilink.mjs',
    args: ['--profile', 'human'],
    clients: ['wxbot-cli'],
    quick: true,
    rows: [
      {
        metric: 'p50 inject→reply ms',
        key: 'p50Ms',
        baselineFrom: { plan: 'CLI echo (1,000 @ 200 msg/s offered)' },
      },
      {
        metric: 'p99 inject→reply ms',
        key: 'p99Ms',
        baselineFrom: { plan: 'CLI echo (1,000 @ 200 msg/s offered)' },
      },
      {
        metric: 'CPU s / 1,000 msgs',
        key: 'cpuSecPer1000',
        baselineFrom: { plan: 'CLI echo (1,000 @ 200 msg/s offered)' },
      },
      {
        metric: 'RSS after login MiB (vs Web start→ready)',
        key: 'rssAfterLoginMiB',
        baselineKey: 'rssAfterReadyMiB',
        baselineFrom: { plan: 'CLI start→ready (57 contacts)' },
      },
      {
        metric: 'process start→ready s (vs Web)',
        key: 'startToReadySec',
        baselineFrom: { plan: 'CLI start→ready (57 contacts)' },
      },
    ],
  },
  // ---- the bare API in code (`createBot()`, state in memory): issue 10's rows, goals not gates ----
  {
    id: 'bare API echo (2,000 @ bursts of 100/50 ms)',
    script: 'echo.mjs',
    args: ['--profile', 'burst'],
    clients: ['wxbot', 'wechat4u'],
    rows: [
      { metric: 'msgs/s', key: 'msgsPerSec' },
      { metric: 'p50 inject→reply ms', key: 'p50Ms' },
      { metric: 'p99 inject→reply ms', key: 'p99Ms' },
      {
        metric: 'CPU s / 1,000 msgs',
        key: 'cpuSecPer1000',
        target: { goal: true, on: 'ratio', op: '<=', value: 0.5 },
      },
      { metric: 'peak RSS MiB', key: 'peakRssMiB' },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'bare API echo (1,000 @ 200 msg/s offered)',
    script: 'echo.mjs',
    args: ['--profile', 'rate200'],
    clients: ['wxbot', 'wechat4u'],
    rows: [
      {
        metric: 'p50 inject→reply ms',
        key: 'p50Ms',
        target: { goal: true, on: 'ratio', op: '<=', value: 0.25 },
      },
      { metric: 'p99 inject→reply ms', key: 'p99Ms' },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'bare API saturation (20,000 queued)',
    script: 'saturation.mjs',
    args: [],
    clients: ['wxbot', 'wechat4u'],
    rows: [
      { metric: 'msgs/s', key: 'msgsPerSec', target: { goal: true, on: 'ratio', op: '>=', value: 2 } },
      { metric: 'CPU s / 1,000 msgs', key: 'cpuSecPer1000' },
      { metric: 'peak RSS MiB', key: 'peakRssMiB' },
      { metric: 'correct replies %', key: 'correctPct', target: { on: 'value', op: '==', value: 100 } },
    ],
  },
  {
    id: 'bare API contacts (5,000 friends, 200×500)',
    script: 'contacts.mjs',
    args: [],
    clients: ['wxbot', 'wechat4u'],
    rows: [
      {
        metric: 'confirm→ready s',
        key: 'readySec',
        target: { goal: true, on: 'ratio', op: '<=', value: 0.5 },
      },
      {
        metric: 'RSS after ready MiB',
        key: 'rssAfterReadyMiB',
        target: { goal: true, on: 'ratio', op: '<=', value: 1 / 3 },
      },
    ],
  },
  {
    id: 'bare API listen only (2,000)',
    script: 'listen.mjs',
    args: [],
    clients: ['wxbot', 'wechat4u'],
    rows: [
      {
        metric: 'CPU s / 1,000 msgs',
        key: 'cpuSecPer1000',
        target: { goal: true, on: 'ratio', op: '<=', value: 0.2 },
      },
    ],
  },
  {
    id: 'transport floor (axios+jar vs node:http)',
    script: 'transport.mjs',
    args: [],
    clients: [null],
    rows: [
      {
        metric: 'CPU ms / 1,000 requests',
        key: 'wxbotCpuMsPer1000',
        baselineKey: 'bareCpuMsPer1000',
        baselineFrom: 'self',
      },
      {
        metric: '(ref) axios + cookie agent, keep-alive',
        key: 'axiosKeepAliveCpuMsPer1000',
        baselineKey: 'bareCpuMsPer1000',
        baselineFrom: 'self',
      },
    ],
  },
  {
    id: 'pipeline (10 middleware vs eventemitter3)',
    script: 'pipeline.mjs',
    args: [],
    clients: [null],
    rows: [
      {
        metric: 'normalize ns/msg (vs bare emit)',
        key: 'normalizeNs',
        baselineKey: 'bareNs',
        baselineFrom: 'self',
      },
      {
        metric: 'normalize+dispatch ns/msg, 10 mw (vs bare emit)',
        key: 'wxbotNs10',
        baselineKey: 'bareNs',
        baselineFrom: 'self',
      },
      {
        metric: 'dispatch ns/msg, 1 mw vs 1 listener',
        key: 'dispatchNs1',
        baselineKey: 'bareNs1',
        baselineFrom: 'self',
      },
      {
        metric: 'dispatch ns/msg, 10 mw vs 10 listeners',
        key: 'dispatchNs10',
        baselineKey: 'bareNs10',
        baselineFrom: 'self',
        target: { goal: true, on: 'ratio', op: '<=', value: 3 },
      },
      {
        metric: 'dispatch ns/msg, 50 mw vs 50 listeners',
        key: 'dispatchNs50',
        baselineKey: 'bareNs50',
        baselineFrom: 'self',
      },
    ],
  },
  {
    id: 'auto-reply matching',
    script: 'autoreply.mjs',
    args: [],
    clients: [null],
    rows: [
      { metric: 'µs/msg, 10 rules', key: 'us10' },
      { metric: 'µs/msg, 1,000 rules', key: 'us1000' },
      { metric: 'µs/msg, 10,000 rules', key: 'us10000', target: { on: 'value', op: '<=', value: 5 } },
    ],
  },
  {
    id: 'sandbox start',
    script: 'sandbox.mjs',
    args: [],
    clients: [null],
    rows: [
      { metric: 'process start→ready s', key: 'readySec', target: { on: 'value', op: '<', value: 1.5 } },
    ],
  },
  {
    id: 'pacing (default outbox, 2,000 burst)',
    script: 'pacing.mjs',
    args: [],
    clients: [null],
    rows: [
      { metric: 'within limits (1 = yes)', key: 'withinLimits', target: { on: 'value', op: '==', value: 1 } },
      { metric: 'dropped', key: 'dropped', target: { on: 'value', op: '==', value: 0 } },
    ],
  },
];

/**
 * Whether a target holds.
 * @param {Target} t
 * @param {number} x
 */
export function meets(t, x) {
  if (!Number.isFinite(x)) return false;
  switch (t.op) {
    case '<=':
      return x <= t.value + 1e-12;
    case '>=':
      return x >= t.value - 1e-12;
    case '<':
      return x < t.value;
    case '==':
      return Math.abs(x - t.value) < 1e-9;
  }
  return false;
}

/** Human form of a target, e.g. `ratio ≤ 0.5`. */
export function describeTarget(t) {
  if (!t) return '';
  if (t.goal) return `goal ${describeTarget({ ...t, goal: false })}`;
  const op = { '<=': '≤', '>=': '≥', '<': '<', '==': '=' }[t.op];
  const v = Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(2).replace(/0+$/, '');
  return `${t.on === 'ratio' ? 'ratio' : 'value'} ${op} ${v}`;
}
