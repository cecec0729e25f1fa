/**
 * The `wxbot-cli` client: what users run. Writes a config, an echo plugin file and nothing else into
 * a fresh directory on the real disk (`WXBOT_BENCH_STATE_DIR`, default the OS temp dir — check with
 * `df` that it is not tmpfs), spawns `node packages/cli/dist/bin.js start -c <config>` there, and
 * speaks the same promise API as `spawnClient` (see client-proc.mjs), so every echo/listen/contacts
 * scenario runs it unchanged:
 *
 * - `uuid`: the simulator announces the QR login (`login.uuid` event); the scenario confirms it.
 * - `ready`: the CLI's `ready:` stdout line.
 * - `received`: listen mode, the plugin prints `bench: received N` once all texts arrived.
 * - `stats`: CPU (utime + stime) and RSS of the CLI process from /proc (Linux), peak RSS sampled
 *   every 10 ms, and VmHWM.
 *
 * Session, ledger, handled log and journal live in `<dir>/.wxbot/` (the config default); logging is
 * the default config's (`log.level: info`, JSON lines to stdout, here a pipe the bench drains).
 * Non-default settings, all config keys a user has: pacing off, no daily budget, no reply-loop guard,
 * `limits.maxPending` 1,000,000 is NOT raised (the default 1,000 backpressure stays on: none may be
 * dropped anyway), `limits.syncRequestsPerSecond` 100 (the default 4/s ceiling is an account-safety
 * rate, not a throughput race; wechat4u has none).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs } from './measure.mjs';

const CLI = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const TICK = 100; // USER_HZ on Linux

/** The echo/listen plugin, as a user would write it in a file next to the config (no imports). */
const PLUGIN_SOURCE = `// bench plugin: echo every text to its chat, or (listen) count them.
const mode = process.env.WXBOT_BENCH_MODE ?? 'echo';
const expect = Number(process.env.WXBOT_BENCH_EXPECT ?? 0);
export default {
  name: 'bench-echo',
  setup(bot) {
    let received = 0;
    bot.on('text', (ctx) => {
      if (ctx.self) return;
      if (mode === 'echo') return ctx.reply(ctx.text ?? '').then(() => undefined);
      received++;
      if (received === expect) process.stdout.write('bench: received ' + received + '\\n');
    });
  },
};
`;

/** Block-style YAML for the small config object above (strings quoted as JSON, which YAML accepts). */
function toYaml(value, indent = '') {
  if (Array.isArray(value))
    return value
      .map(
        (v) =>
          `${indent}- ${typeof v === 'object' ? toYaml(v, `${indent}  `).trimStart() : JSON.stringify(v)}`,
      )
      .join('\n');
  return Object.entries(value)
    .map(([k, v]) =>
      v !== null && typeof v === 'object'
        ? `${indent}${k}:\n${toYaml(v, `${indent}  `)}`
        : `${indent}${k}: ${JSON.stringify(v)}`,
    )
    .join('\n');
}

/** CPU seconds and RSS bytes of `pid` from /proc. */
function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]) / TICK;
  const system = Number(fields[12]) / TICK;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { user, system, rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * @param {{ sim: any }} context the scenario's simulator (for the `login.uuid` event)
 */
export function spawnCliClient(context) {
  /** @type {any[]} */
  const inbox = [];
  /** @type {{ type: string, resolve: (m: any) => void, reject: (e: Error) => void }[]} */
  const waiters = [];
  /** @type {string[]} */
  const errors = [];
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let dir;
  let exited = false;
  let exitInfo = '';
  let stderr = '';
  let mark = { user: 0, system: 0 };
  let peak = 0;
  const sampler = setInterval(() => {
    if (!child || exited) return;
    try {
      const s = procStats(child.pid);
      if (s.rss > peak) peak = s.rss;
    } catch {}
  }, 10);
  sampler.unref();

  const deliver = (msg) => {
    const i = waiters.findIndex((w) => w.type === msg.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(msg);
    else inbox.push(msg);
  };
  const fail = (why) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`wxbot-cli: ${why}`));
  };
  // The Web simulator announces each QR login; the iLink scenario watches its own simulator instead.
  const offUuid = context.sim.onEvent((e) => {
    if (e.type !== 'login.uuid') return;
    const uuid = /new QR login (\S+)/.exec(e.message)?.[1];
    if (uuid) deliver({ type: 'uuid', uuid });
  });

  async function start(options) {
    dir = await mkdtemp(join(process.env.WXBOT_BENCH_STATE_DIR ?? tmpdir(), 'wxbot-bench-cli-'));
    // `options.config`: another transport's config (the iLink rows); the plugin file is the same.
    const config = options.config ?? {
      plugins: [...(options.logger ? ['@wxbot/plugin-logger'] : []), { path: './bench-plugin.mjs' }],
      hosts: { connectTo: options.serverUrl },
      outbox: { pacing: false, dailyBudget: false },
      replyLoop: { enabled: false },
      limits: { syncRequestsPerSecond: Number(process.env.WXBOT_BENCH_SYNC_RPS ?? 100) },
    };
    // A YAML file, as `wxbot init` writes and most users keep.
    await writeFile(join(dir, 'wxbot.config.yaml'), toYaml(config));
    await writeFile(join(dir, 'bench-plugin.mjs'), PLUGIN_SOURCE);
    const spawnedAt = nowMs();
    // WXBOT_BENCH_CLI_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof': profile the CLI process.
    const nodeArgs = (process.env.WXBOT_BENCH_CLI_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, [...nodeArgs, CLI, 'start', '-c', join(dir, 'wxbot.config.yaml')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NO_COLOR: '1',
        WXBOT_BENCH_MODE: options.mode,
        WXBOT_BENCH_EXPECT: String(options.expect?.texts ?? 0),
      },
    });
    deliver({ type: 'spawned', at: spawnedAt, pid: child.pid });
    let line = '';
    child.stdout.setEncoding('utf8');
    // WXBOT_BENCH_CLI_STDOUT=file: a copy of the CLI's stdout (its log lines, `--trace-gc` output).
    const copy = process.env.WXBOT_BENCH_CLI_STDOUT
      ? createWriteStream(process.env.WXBOT_BENCH_CLI_STDOUT)
      : undefined;
    if (copy) child.stdout.pipe(copy);
    child.stdout.on('data', (chunk) => {
      // Log lines are drained (a default config logs JSON to stdout); only two lines matter here.
      line += chunk;
      let nl = line.indexOf('\n');
      while (nl >= 0) {
        const l = line.slice(0, nl);
        line = line.slice(nl + 1);
        if (l.startsWith('ready')) deliver({ type: 'ready', at: nowMs() });
        else if (l.startsWith('bench: received '))
          deliver({ type: 'received', count: Number(l.slice(16)), at: nowMs() });
        else if (l.includes('"level":50') || l.includes('"level":60')) errors.push(l.slice(0, 300));
        nl = line.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exitInfo = `exited (${code ?? signal}) ; stderr: ${stderr.trim().split('\n').slice(-3).join(' / ')}`;
      fail(exitInfo);
    });
  }

  function next(type, timeoutMs = 60_000) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    if (exited) return Promise.reject(new Error(`wxbot-cli: ${exitInfo}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`wxbot-cli: no '${type}' within ${timeoutMs} ms; stderr: ${stderr.slice(-300)}`));
      }, timeoutMs);
      const waiter = {
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      waiters.push(waiter);
    });
  }

  function answer(type) {
    if (!child || exited) throw new Error(`wxbot-cli: ${exitInfo || 'not started'}`);
    const s = procStats(child.pid);
    if (type === 'mark') {
      mark = s;
      peak = s.rss;
      return { type: 'marked' };
    }
    if (s.rss > peak) peak = s.rss;
    const user = s.user - mark.user;
    const system = s.system - mark.system;
    return {
      type: 'stats',
      cpuSeconds: user + system,
      cpuUser: user,
      cpuSystem: system,
      cpuTotalSeconds: s.user + s.system,
      rss: s.rss,
      heapUsed: 0,
      heapTotal: 0,
      external: 0,
      arrayBuffers: 0,
      peakRss: peak,
      maxRss: s.hwm,
    };
  }

  return {
    get child() {
      return child;
    },
    errors,
    next,
    /** `{ type: 'start', options }` spawns the CLI; other messages are not used. */
    send(msg) {
      if (msg.type === 'start') {
        start(msg.options).catch((e) => {
          errors.push(String(e));
          fail(String(e));
        });
      }
    },
    ask: async (type) => answer(type),
    /** SIGTERM (a clean stop: sends what is queued, saves the session); SIGKILL after `graceMs`. */
    async stop(graceMs = 5000) {
      offUuid();
      clearInterval(sampler);
      if (child && !exited) {
        const done = new Promise((resolve) => child?.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
        await done;
        clearTimeout(timer);
      }
      if (dir && !process.env.WXBOT_BENCH_KEEP_STATE) await rm(dir, { recursive: true, force: true });
    },
  };
}
