import { Counter, Gauge, Registry } from 'prom-client';
import type { BotStats } from './stats.js';

/** Renders {@link BotStats} in the Prometheus text format (what `/metrics` serves). */
export interface PrometheusExporter {
  readonly contentType: string;
  render(stats: BotStats): Promise<string>;
}

/**
 * A Prometheus registry for one bot (prom-client): counters of messages in, handled, sent and
 * failed; gauges of the login state, queues and plugins. Values are read from `bot.stats()` at
 * each scrape; the counters only ever grow. Nothing secret is labelled or exported.
 *
 * @example
 * const exporter = createPrometheusExporter();
 * res.setHeader('content-type', exporter.contentType);
 * res.end(await exporter.render(bot.stats()));
 */
export function createPrometheusExporter(): PrometheusExporter {
  const registry = new Registry();
  const registers = [registry];
  const counter = (name: string, help: string) => new Counter({ name, help, registers });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const counters = {
    messagesIn: counter(
      'wxbot_messages_received_total',
      'Messages received from the server (duplicates excluded).',
    ),
    messagesHandled: counter(
      'wxbot_messages_handled_total',
      'Messages whose handling finished or was abandoned.',
    ),
    messagesOut: counter('wxbot_messages_sent_total', 'Messages the server accepted from the outbox.'),
    sendFailures: counter('wxbot_send_failures_total', 'Messages the outbox gave up on.'),
  } as const;
  const last: Record<keyof typeof counters, number> = {
    messagesIn: 0,
    messagesHandled: 0,
    messagesOut: 0,
    sendFailures: 0,
  };
  const loggedIn = gauge('wxbot_logged_in', '1 while a session with the server is established.');
  const receiving = gauge('wxbot_receiving', '1 while messages are being received.');
  const lastSync = gauge(
    'wxbot_last_receive_timestamp_seconds',
    'When the receive loop last completed a round.',
  );
  const outbox = gauge('wxbot_outbox_depth', 'Messages waiting in the outbox.');
  const pending = gauge('wxbot_dispatcher_pending', 'Messages waiting to be handled.');
  const unhandled = gauge(
    'wxbot_unhandled_messages',
    'Messages received but not handled yet (replayed at the next start).',
  );
  const uptime = gauge('wxbot_uptime_seconds', 'Seconds since start().');
  const plugins = gauge('wxbot_plugin_active', '1 when the plugin is active, 0 when loading or failed.', [
    'plugin',
    'state',
  ]);
  // Reply windows (iLink): one series per listed conversation (at most 20: bounded cardinality).
  const windowsOpen = gauge('wxbot_reply_windows_open', 'Conversations whose reply window is open now.');
  const windowOpen = gauge(
    'wxbot_reply_window_open',
    '1 while the bot may still send in this conversation.',
    ['conversation'],
  );
  const windowCloses = gauge(
    'wxbot_reply_window_closes_timestamp_seconds',
    "When the conversation's reply window closes (or closed).",
    ['conversation'],
  );
  const quotaLeft = gauge('wxbot_turn_quota_left', 'Messages the bot may still send in this turn.', [
    'conversation',
  ]);
  return {
    contentType: registry.contentType,
    async render(stats: BotStats): Promise<string> {
      for (const key of Object.keys(counters) as (keyof typeof counters)[]) {
        const delta = stats[key] - last[key];
        if (delta > 0) counters[key].inc(delta);
        last[key] = Math.max(last[key], stats[key]);
      }
      loggedIn.set(stats.loggedIn ? 1 : 0);
      receiving.set(stats.running ? 1 : 0);
      if (stats.lastSyncAt !== undefined) lastSync.set(stats.lastSyncAt / 1000);
      outbox.set(stats.outboxDepth);
      pending.set(stats.dispatcherPending);
      unhandled.set(stats.unhandled);
      uptime.set(stats.uptimeMs / 1000);
      plugins.reset();
      for (const p of stats.plugins)
        plugins.set({ plugin: p.name, state: p.state }, p.state === 'active' ? 1 : 0);
      windowOpen.reset();
      windowCloses.reset();
      quotaLeft.reset();
      const windows = stats.replyWindows;
      if (windows !== undefined) {
        windowsOpen.set(windows.open);
        for (const w of windows.conversations) {
          const labels = { conversation: w.conversation };
          windowOpen.set(labels, w.open ? 1 : 0);
          if (w.closesAt !== undefined) windowCloses.set(labels, w.closesAt / 1000);
          if (Number.isFinite(w.quotaLeft)) quotaLeft.set(labels, w.quotaLeft);
        }
      }
      return registry.metrics();
    },
  };
}
