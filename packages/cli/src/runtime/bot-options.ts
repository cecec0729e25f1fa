import type { BotOptions, PacingOptions, ReplyLoopOptions, TurnHoldOptions } from '@wxbot/core';
import type { Logger } from 'pino';
import type { WxbotConfig } from '../config/schema.js';

/** What {@link botOptionsFromConfig} adds to the config (sandbox and tests override these). */
export interface BotOptionOverrides {
  /** The root logger (wxbot makes `wxbot:*` children of it). */
  logger: Logger;
  /** Replace `hosts.connectTo` (sandbox: the in-process simulator). */
  connectTo?: string;
  /** Replace `login.sessionFile` (sandbox: a temp file). */
  sessionFile?: string;
  /** Extra client/bot options (short holds and backoffs in fast sandbox mode). */
  extra?: Partial<BotOptions>;
}

/**
 * The outbox pacing the config asks for, as the core's {@link PacingOptions}: `pacing: false`
 * turns it off; `globalPerMinute` caps the overall rate; `perChatPerMinute` sets the gap between
 * two messages to one chat (plus a random extra of up to half a gap, so it looks human, never
 * faster than asked); `typingCharsPerSecond` delays texts as if typed (0 = off). Unset values keep
 * the core's defaults.
 *
 * @example
 * pacingFromConfig({ pacing: true, globalPerMinute: 30, perChatPerMinute: 10, typingCharsPerSecond: 8 });
 * // { global: { perSecond: 0.5 }, perChat: { intervalMs: 6000, jitterMs: 3000 }, typing: { charsPerSecond: 8 } }
 */
export function pacingFromConfig(outbox: WxbotConfig['outbox']): false | PacingOptions {
  if (!outbox.pacing) return false;
  const pacing: {
    global?: { perSecond: number };
    perChat?: { intervalMs: number; jitterMs: number };
    typing?: false | { charsPerSecond: number };
  } = {};
  if (outbox.globalPerMinute !== undefined) pacing.global = { perSecond: outbox.globalPerMinute / 60 };
  if (outbox.perChatPerMinute !== undefined) {
    const intervalMs = Math.round(60_000 / outbox.perChatPerMinute);
    pacing.perChat = { intervalMs, jitterMs: Math.round(intervalMs / 2) };
  }
  if (outbox.typingCharsPerSecond !== undefined) {
    pacing.typing = outbox.typingCharsPerSecond > 0 ? { charsPerSecond: outbox.typingCharsPerSecond } : false;
  }
  return pacing;
}

/**
 * The core's {@link BotOptions} for a validated config: login mode, session file, automatic
 * re-login, QR attempts, `hosts.connectTo`, the health endpoint and outbox pacing.
 *
 * @example
 * const bot = createBot(botOptionsFromConfig(config, { logger }));
 */
export function botOptionsFromConfig(config: WxbotConfig, overrides: BotOptionOverrides): BotOptions {
  const connectTo = overrides.connectTo ?? config.hosts.connectTo;
  const extra = overrides.extra ?? {};
  return {
    transport: 'web',
    mode: config.login.mode,
    sessionFile: overrides.sessionFile ?? config.login.sessionFile,
    autoRelogin: config.login.autoRelogin,
    reloginCooldownMs: Math.round(config.login.reloginCooldownSeconds * 1000),
    maxQrAttempts: config.login.maxQrAttempts,
    replyLoop: replyLoopFromConfig(config.replyLoop),
    ...(connectTo !== undefined ? { connectTo } : {}),
    ...(config.health.port !== undefined
      ? { health: { port: config.health.port, host: config.health.host } }
      : {}),
    maxPending: config.limits.maxPending,
    maxResponseBytes: Math.round(config.limits.maxResponseMB * 1024 * 1024),
    syncRateLimit: {
      perSecond: config.limits.syncRequestsPerSecond,
      burst: Math.max(1, Math.round(config.limits.syncRequestsPerSecond * 2)),
    },
    logger: overrides.logger,
    ...extra,
    outbox: {
      ...extra.outbox,
      pacing: pacingFromConfig(config.outbox),
      unsafeRates: config.outbox.unsafeRates,
      dailyBudget: config.outbox.dailyBudget,
      queueUntilNextTurn: turnHoldFromConfig(config.outbox.queueUntilNextTurn),
    },
  };
}

/** The core's `queueUntilNextTurn` for the config's (hours → ms). */
export function turnHoldFromConfig(
  hold: WxbotConfig['outbox']['queueUntilNextTurn'],
): boolean | TurnHoldOptions {
  if (typeof hold === 'boolean') return hold;
  return {
    ...(hold.maxPerChat !== undefined ? { maxPerChat: hold.maxPerChat } : {}),
    ...(hold.maxHoldHours !== undefined ? { maxHoldMs: Math.round(hold.maxHoldHours * 3_600_000) } : {}),
  };
}

/** The core's reply-loop guard options for the config's `replyLoop` section (`false` when disabled). */
export function replyLoopFromConfig(r: WxbotConfig['replyLoop']): ReplyLoopOptions | false {
  if (!r.enabled) return false;
  return {
    ...(r.fastReplySeconds !== undefined ? { fastReplyMs: Math.round(r.fastReplySeconds * 1000) } : {}),
    ...(r.strikes !== undefined ? { strikes: r.strikes } : {}),
    ...(r.pauseMinutes !== undefined ? { pauseMs: Math.round(r.pauseMinutes * 60_000) } : {}),
  };
}
