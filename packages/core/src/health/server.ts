import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotStats } from './stats.js';

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  /** Port to listen on (0 = any free port; read it back from `server.port`). */
  readonly port: number;
  /** Address to bind. Default `127.0.0.1` (keep metrics off the public network). */
  readonly host?: string;
  /** `/healthz` fails when the last sync round is older than this (ms). Default 120 000. */
  readonly staleAfterMs?: number;
}

/** A running health endpoint. */
export interface HealthServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Anything with the bot's `stats()` (the {@link Bot}). */
export interface StatsSource {
  stats(): BotStats;
}

/** Why `/healthz` fails, or undefined when healthy. */
export function unhealthyReason(stats: BotStats, staleAfterMs: number, now = Date.now()): string | undefined {
  const fault = stats.storageFaults?.[0];
  if (fault)
    return `cannot write ${fault.path}: ${fault.errno} (${fault.meaning}) since ${new Date(fault.since).toISOString()}`;
  const storm = stats.syncStorm;
  if (storm) {
    return `sync storm since ${new Date(storm.since).toISOString()}: ${storm.what} (${storm.rounds} rounds, ${storm.requests} requests); slowed down`;
  }
  if (!stats.loggedIn) return stats.lastEnd ? `not logged in: ${stats.lastEnd.message}` : 'not logged in';
  if (!stats.running) return 'not receiving (sync loop stopped)';
  if (stats.lastSyncAt === undefined) return 'no sync with the server yet';
  if (now - stats.lastSyncAt > staleAfterMs)
    return `no sync with the server for ${now - stats.lastSyncAt} ms`;
  return undefined;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Serves a bot's health over HTTP so an operator can alert when it drops offline:
 * - `GET /healthz` → 200 `{ok: true}` when logged in and synced within `staleAfterMs`, else 503
 *   `{ok: false, reason}`; on a transport with reply windows (iLink) also `replyWindows` (open
 *   count, the latest conversations with `closesAt` and `quotaLeft`);
 * - `GET /metrics` → Prometheus text format (prom-client): message counters, login state, queues,
 *   uptime, one `wxbot_plugin_active` series per plugin;
 * - `GET /stats` (or `/`) → the {@link BotStats} JSON (logged in?, nickname, last sync, messages
 *   in/out, outbox depth, dispatcher queue, plugins, uptime);
 * - `GET /plugins` → `{ plugins: PluginStatus[] }` (what `wxbot status` shows).
 * No secrets anywhere.
 *
 * @example
 * const health = await startHealthServer(bot, { port: 9464 });
 * // curl -f http://127.0.0.1:9464/healthz || alert
 * await health.close();
 */
export async function startHealthServer(
  source: StatsSource,
  options: HealthServerOptions,
): Promise<HealthServer> {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  // prom-client (and what it pulls in) is loaded only when a health port is configured.
  const { createPrometheusExporter } = await import('./prometheus.js');
  const exporter = createPrometheusExporter();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'GET only' });
    let stats: BotStats;
    try {
      stats = source.stats();
    } catch {
      return reply(res, 500, { ok: false, reason: 'stats unavailable' });
    }
    if (path === '/healthz') {
      const reason = unhealthyReason(stats, staleAfterMs);
      const end = stats.loggedIn ? undefined : stats.lastEnd;
      // On a transport with reply windows (iLink) the answer says how many are open, and the latest.
      const windows = stats.replyWindows;
      return reply(res, reason ? 503 : 200, {
        ...(reason ? { ok: false, reason, ...(end ? { endKind: end.kind } : {}) } : { ok: true }),
        ...(windows !== undefined ? { replyWindows: windows } : {}),
      });
    }
    if (path === '/metrics') {
      exporter.render(stats).then(
        (text) => {
          res.writeHead(200, { 'content-type': exporter.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () => reply(res, 500, { ok: false, reason: 'metrics unavailable' }),
      );
      return;
    }
    if (path === '/stats' || path === '/') return reply(res, 200, stats);
    if (path === '/plugins') return reply(res, 200, { plugins: stats.plugins });
    return reply(res, 404, { error: 'not found: try /healthz, /metrics, /stats or /plugins' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    port: address.port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
