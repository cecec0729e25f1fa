import type { Logger } from 'pino';
import type { RuntimeOptions } from '../bot-options.js';
import { systemClock } from '../clock/clock.js';
import { BotError } from '../errors.js';
import { layerLogger } from '../logging/logger.js';
import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { Message } from '../message/types.js';
import type { Outbox } from '../outbox/outbox.js';
import type { SendOptions } from '../outbox/types.js';
import { safetyStatePath } from '../storage/safety-state.js';
import { checkPacingSafety } from './pacing-safety.js';
import { ReplyLoopGuard, type ReplyLoopStatus } from './reply-loop-guard.js';
import { SendBudget } from './send-budget.js';

/** The outbox options the safety layer consumes (the rest go to the {@link Outbox}). */
export type OutboxSafetyKeys = 'unsafeRates' | 'dailyBudget';

/**
 * The account-safety wiring of a {@link Bot}: the pacing check on real hosts, the daily send
 * budget on the outbox, and the reply-loop guard around `ctx.reply`. The bot calls four hooks;
 * everything else lives here.
 */
export class BotSafety {
  /** Is a chat's auto-reply paused? (`bot.replyLoop`, `ctx.bot.replyLoop`). */
  readonly replyLoop: ReplyLoopStatus;
  readonly #guard: ReplyLoopGuard | undefined;
  readonly #budget: SendBudget | undefined;
  readonly #pacingWarning: string | undefined;
  readonly #log: Logger;

  /** @throws ConfigError `outbox.unsafeRates` for unsafe pacing on the real hosts without the opt-in. */
  constructor(options: RuntimeOptions, logger: Logger, realHosts: boolean) {
    const outbox = options.outbox ?? {};
    this.#log = logger;
    // Unsafe pacing on the real servers must be asked for: a typo must not risk the account.
    this.#pacingWarning = checkPacingSafety({
      pacing: outbox.pacing,
      unsafeRates: outbox.unsafeRates === true,
      realHosts,
    });
    const clock = options.clock ?? systemClock;
    this.#budget =
      outbox.dailyBudget === false
        ? undefined
        : new SendBudget(
            {
              ...(outbox.dailyBudget !== undefined ? { limit: outbox.dailyBudget } : {}),
              ...(options.sessionFile ? { file: safetyStatePath(options.sessionFile) } : {}),
            },
            clock,
            layerLogger(logger, 'outbox'),
          );
    const guard =
      options.replyLoop === false
        ? undefined
        : new ReplyLoopGuard(options.replyLoop ?? {}, clock, layerLogger(logger, 'safety'));
    this.#guard = guard;
    this.replyLoop = {
      isPaused: (chat) => guard?.isPaused(chat) ?? false,
      pausedUntil: (chat) => guard?.pausedUntil(chat),
      resume: (chat) => guard?.resume(chat),
    };
  }

  /** Today's sends and the daily budget, or undefined when the budget is off. */
  get budget(): { readonly used: number; readonly limit: number } | undefined {
    const b = this.#budget;
    return b ? { used: b.used, limit: b.limit } : undefined;
  }

  /** Installs the daily budget on the outbox (outermost: a refused send never reaches the server). */
  attach(outbox: Outbox): void {
    if (this.#budget) outbox.use(this.#budget.transformer);
  }

  /** At start: the unsafe-pacing warning, and today's send count from the safety file. */
  async start(): Promise<void> {
    if (this.#pacingWarning) this.#log.warn(this.#pacingWarning);
    await this.#budget?.load().catch(() => undefined);
  }

  /** A message is about to be handled (the guard watches who answers the bot, and how fast). */
  observe(message: Message): void {
    if (!this.#guard || message.self || !message.chat.userName) return;
    const text = message.kind === 'text' || message.kind === 'quote' ? message.text : undefined;
    this.#guard.observeInbound(message.chat.userName, text);
  }

  /**
   * Sends through `send` unless it is an automatic reply (`replyTo` set) in a chat the guard
   * paused: then it rejects with a `BotError` code `REPLY_PAUSED`.
   */
  send(
    message: OutgoingMessage,
    options: SendOptions | undefined,
    send: () => Promise<SendReceipt>,
  ): Promise<SendReceipt> {
    const guard = this.#guard;
    if (!guard || !options?.replyTo) return send();
    if (guard.isPaused(message.to)) {
      return Promise.reject(
        new BotError(
          'automatic replies in this chat are paused by the reply-loop guard (a reply loop was suspected); they resume by themselves',
          { code: 'REPLY_PAUSED', messageId: options.replyTo.id },
        ),
      );
    }
    const sent = send();
    sent.then(
      () => guard.observeReply(message.to, message.kind === 'text' ? message.text : undefined),
      () => undefined,
    );
    return sent;
  }
}
