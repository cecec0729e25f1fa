/**
 * Measurement helpers shared by every scenario: CPU time of this process, RSS peak sampling,
 * latency percentiles, a monotonic wall clock comparable across processes on one machine.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds since the epoch with sub-millisecond precision; comparable between processes. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

/**
 * Starts a CPU stopwatch for this process (user + system time, from `process.cpuUsage`).
 *
 * @example
 * const cpu = cpuStopwatch();
 * doWork();
 * cpu.seconds(); // e.g. 0.42
 */
export function cpuStopwatch() {
  const start = process.cpuUsage();
  return {
    /** CPU seconds (user + system) since the stopwatch started. */
    seconds() {
      const d = process.cpuUsage(start);
      return (d.user + d.system) / 1e6;
    },
    /** User and system seconds separately. */
    split() {
      const d = process.cpuUsage(start);
      return { user: d.user / 1e6, system: d.system / 1e6 };
    },
  };
}

/**
 * Samples this process's RSS every `intervalMs` and keeps the peak (bytes). The OS peak
 * (`process.resourceUsage().maxRSS`) is also reported, since a short spike can fall between samples.
 *
 * @param {number} [intervalMs]
 */
export function rssSampler(intervalMs = 20) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, intervalMs);
  timer.unref();
  return {
    /** Highest sampled RSS in bytes since start (or the last reset). */
    peak() {
      const rss = process.memoryUsage.rss();
      if (rss > peak) peak = rss;
      return peak;
    },
    /** Starts a new peak window from the current RSS. */
    reset() {
      peak = process.memoryUsage.rss();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** The OS-reported peak RSS of this process since it started, in bytes. */
export function maxRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Percentile by nearest rank of an unsorted list (the list is not modified).
 * Returns NaN for an empty list.
 *
 * @param {readonly number[]} values
 * @param {number} p between 0 and 100
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return /** @type {number} */ (sorted[rank - 1]);
}

/**
 * p50/p90/p99/max/mean of a list of latencies (ms).
 *
 * @param {readonly number[]} values
 */
export function latencySummary(values) {
  const mean = values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
  return {
    count: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    mean,
  };
}

/** Bytes to MiB with one decimal. */
export function mib(bytes) {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Rounds to `digits` significant decimals for tables and JSON. */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `predicate` every `everyMs` until it returns true; rejects with `message` after `timeoutMs`.
 *
 * @param {() => boolean} predicate
 * @param {{ timeoutMs: number, everyMs?: number, message?: string }} options
 */
export async function waitUntil(predicate, options) {
  const deadline = Date.now() + options.timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(options.message ?? `timed out after ${options.timeoutMs} ms`);
    await sleep(options.everyMs ?? 5);
  }
}
