/**
 * Child-process entry of a benchmarked client: `node bench/lib/client-main.mjs <client>`.
 * It loads the driver `bench/clients/<client>.mjs`, and speaks a tiny IPC protocol with the scenario
 * (the parent process, which also runs the simulator):
 *
 *   parent → child  { type: 'start', options }   options: see DriverOptions in clients/README
 *                   { type: 'mark' }             start the CPU/RSS window of the workload
 *                   { type: 'stats' }            ask for CPU/RSS since the mark
 *                   { type: 'stop' }             stop the client cleanly, then exit
 *   child → parent  { type: 'uuid', uuid }       a QR uuid the phone should confirm
 *                   { type: 'ready', at }        logged in and contacts loaded (`at` = nowMs())
 *                   { type: 'received', count, at }  listen mode: all expected texts arrived
 *                   { type: 'stats', … }         answer to 'stats'
 *                   { type: 'stopped' } / { type: 'error', message }
 *
 * Only this process's CPU and memory are measured, so the simulator's work never counts.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { cpuStopwatch, maxRssBytes, nowMs, rssSampler } from './measure.mjs';

// WXBOT_BENCH_PROF_DIR=/tmp/prof: write a CPU profile of the measured window (mark → stats) there,
// e.g. `WXBOT_BENCH_PROF_DIR=/tmp/prof node bench/scenarios/echo.mjs --client wxbot`.
const PROF_DIR = process.env.WXBOT_BENCH_PROF_DIR;
/** @type {Session | undefined} */
let profiler;
async function startProfile() {
  if (!PROF_DIR || profiler) return;
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.post('Profiler.start');
}
async function stopProfile() {
  if (!profiler || !PROF_DIR) return;
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  writeFileSync(
    join(PROF_DIR, `${clientName}-${process.pid}-${Date.now()}.cpuprofile`),
    JSON.stringify(profile),
  );
}

// WXBOT_BENCH_HEAP_DIR=/tmp/heap: write a heap snapshot at every 'stats' (slow: diagnostics only).
const HEAP_DIR = process.env.WXBOT_BENCH_HEAP_DIR;

/** heapUsed / heapTotal / external / arrayBuffers (bytes), and a heap snapshot when asked. */
function memoryBreakdown() {
  const m = process.memoryUsage();
  if (HEAP_DIR) writeHeapSnapshot(join(HEAP_DIR, `${clientName}-${process.pid}-${Date.now()}.heapsnapshot`));
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

const clientName = process.argv[2];
if (!clientName || !/^[a-z0-9-]+$/.test(clientName) || typeof process.send !== 'function') {
  console.error('usage: forked by a scenario as client-main.mjs <wechat4u|wxbot>');
  process.exit(2);
}
const send = (msg) => process.send?.(msg);

const driver = await import(new URL(`../clients/${clientName}.mjs`, import.meta.url).href);
const rss = rssSampler(10);
let cpu = cpuStopwatch();
/** @type {{ stop(): Promise<void> } | undefined} */
let running;

/** Starts the driver; a failure to start is fatal (the parent stops waiting at once). */
async function startDriver(options) {
  try {
    return await driver.startClient({
      ...options,
      onUuid: (uuid) => send({ type: 'uuid', uuid }),
      onReady: () => send({ type: 'ready', at: nowMs() }),
      onReceivedAll: (count) => send({ type: 'received', count, at: nowMs() }),
      onError: (error) => send({ type: 'error', message: String(error?.stack ?? error) }),
    });
  } catch (error) {
    send({ type: 'error', fatal: true, message: String(error instanceof Error ? error.message : error) });
    return undefined;
  }
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'start') {
      running = await startDriver(msg.options);
    } else if (msg.type === 'mark') {
      await startProfile();
      cpu = cpuStopwatch();
      rss.reset();
      send({ type: 'marked' });
    } else if (msg.type === 'stats') {
      const split = cpu.split();
      await stopProfile();
      send({
        type: 'stats',
        cpuSeconds: split.user + split.system,
        cpuUser: split.user,
        cpuSystem: split.system,
        rss: process.memoryUsage.rss(),
        ...memoryBreakdown(),
        peakRss: rss.peak(),
        maxRss: maxRssBytes(),
      });
    } else if (msg.type === 'stop') {
      await running?.stop();
      rss.stop();
      send({ type: 'stopped' });
      process.disconnect?.();
      // Clients may keep sockets/timers (wechat4u's long-poll); the scenario is over either way.
      setTimeout(() => process.exit(0), 200).unref();
    }
  } catch (error) {
    send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
send({ type: 'hello', pid: process.pid });
