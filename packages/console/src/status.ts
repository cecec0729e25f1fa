import type { Bot, BotStats, Contact, PluginStatus } from '@wxbot/core';
import type { ChatLog } from './chat-log.js';

/** The Status page: what the bot is doing, without any secret. */
export interface StatusView {
  readonly transport: string;
  /** What the transport can do (groups, contact list, media, reply window…). */
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly account: string | undefined;
  readonly loggedIn: boolean;
  readonly receiving: boolean;
  readonly uptimeMs: number;
  readonly lastSyncAt: number | undefined;
  readonly messagesIn: number;
  readonly messagesHandled: number;
  readonly messagesOut: number;
  readonly sendFailures: number;
  readonly outboxDepth: number;
  /** Messages the outbox sent in the last minute. */
  readonly sentLastMinute: number;
  readonly dispatcherPending: number;
  readonly unhandled: number;
  readonly plugins: readonly PluginStatus[];
  /** Reply window and turn quota of recent chats, on transports that have them (iLink). */
  readonly conversations: readonly {
    readonly chat: string;
    readonly name: string;
    readonly windowEndsAt: number | undefined;
    /** True while the bot may still answer (decided by the bot's clock, not the browser's). */
    readonly windowOpen: boolean;
    readonly quotaLeft: number;
  }[];
  /** Sends counted against today's daily budget and the budget; undefined when the budget is off. */
  readonly sendBudget: { readonly used: number; readonly limit: number } | undefined;
  /** Other counters the bot reports (e.g. a daily send budget), shown as they are. */
  readonly more: Readonly<Record<string, string | number | boolean>>;
}

const KNOWN = new Set<string>([
  'loggedIn',
  'running',
  'nickName',
  'lastSyncAt',
  'messagesIn',
  'messagesHandled',
  'messagesOut',
  'sendFailures',
  'outboxDepth',
  'dispatcherPending',
  'unhandled',
  'plugins',
  'startedAt',
  'uptimeMs',
  'sendBudget',
]);

/**
 * How the page names the bot's account: its nickname where the transport has profiles (Web), its
 * id where it has none (iLink: `…@im.bot`; the id is not a secret).
 */
export function accountName(bot: Bot, self: Contact | undefined): string | undefined {
  if (!self) return undefined;
  return bot.capabilities.contactList && self.name !== '' ? self.name : self.userName;
}

/** Counts the sends of the last minute (the Status page's send rate). */
export class SendRate {
  readonly #times: number[] = [];

  note(now = Date.now()): void {
    this.#times.push(now);
    this.#trim(now);
  }

  perMinute(now = Date.now()): number {
    this.#trim(now);
    return this.#times.length;
  }

  #trim(now: number): void {
    while (this.#times.length > 0 && (this.#times[0] ?? now) < now - 60_000) this.#times.shift();
  }
}

/** Builds the Status page's view from `bot.stats()`, the adapter's capabilities and conversation state. */
export function statusOf(bot: Bot, chats: ChatLog, rate: SendRate, now: () => number = Date.now): StatusView {
  const stats: BotStats = bot.stats();
  const more: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(stats)) {
    if (KNOWN.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      more[key] = value;
  }
  const state = bot.adapter.conversationState?.bind(bot.adapter);
  const conversations = state
    ? chats
        .list()
        .slice(0, 20)
        .flatMap((c) => {
          const s = state(c.id);
          return s === undefined
            ? []
            : [
                {
                  chat: c.id,
                  name: c.name,
                  windowEndsAt: s.windowEndsAt,
                  windowOpen: s.windowEndsAt !== undefined && now() < s.windowEndsAt,
                  quotaLeft: s.quotaLeft,
                },
              ];
        })
    : [];
  return {
    transport: bot.adapter.transport,
    capabilities: { ...bot.capabilities },
    account: accountName(bot, bot.self) ?? stats.nickName,
    loggedIn: stats.loggedIn,
    receiving: stats.running,
    uptimeMs: stats.uptimeMs,
    lastSyncAt: stats.lastSyncAt,
    messagesIn: stats.messagesIn,
    messagesHandled: stats.messagesHandled,
    messagesOut: stats.messagesOut,
    sendFailures: stats.sendFailures,
    outboxDepth: stats.outboxDepth,
    sentLastMinute: rate.perMinute(),
    dispatcherPending: stats.dispatcherPending,
    unhandled: stats.unhandled,
    plugins: stats.plugins,
    conversations,
    sendBudget:
      stats.sendBudget === undefined
        ? undefined
        : { used: stats.sendBudget.used, limit: stats.sendBudget.limit },
    more,
  };
}
