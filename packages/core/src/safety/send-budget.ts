import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { BotError } from '../errors.js';
import type { SendTransformer } from '../outbox/send-transformer.js';
import { readSafetyState, updateSafetyState } from '../storage/safety-state.js';

/**
 * Default daily send budget per account. Reports (protocol.md §11) put the server's limits at ~60
 * messages in a burst and 1205 after 30–40 image uploads; accounts that sent many hundreds a day
 * through the web protocol were the ones warned and banned. 300 a day is about one message every
 * three minutes through a waking day.
 */
export const DEFAULT_DAILY_SEND_BUDGET = 300;

/** Options of the daily send budget. */
export interface SendBudgetOptions {
  /** Messages the account may send per local day. Default {@link DEFAULT_DAILY_SEND_BUDGET}. */
  readonly limit?: number;
  /** Where the count survives restarts (the safety file beside the session). Omit to count in memory. */
  readonly file?: string;
}

function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Counts the account's sends per local day. Past the limit every send fails at once with a
 * `BotError` code `DAILY_BUDGET_EXCEEDED` (the outbox reports it as `failed`); at 80 % it warns
 * once. Install its {@link SendBudget.transformer} on the outbox.
 */
export class SendBudget {
  readonly limit: number;
  #day = '';
  #count = 0;
  #warnedDay = '';
  #loaded: Promise<void> | undefined;

  constructor(
    options: SendBudgetOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_DAILY_SEND_BUDGET));
    this.file = options.file;
  }

  private readonly file: string | undefined;

  /** Sends counted today. */
  get used(): number {
    this.#roll();
    return this.#count;
  }

  /** Loads today's count from the safety file (once). */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      if (!this.file) return;
      const saved = (await readSafetyState(this.file)).sends;
      this.#roll();
      if (saved && saved.day === this.#day) this.#count = Math.max(this.#count, saved.count);
    })();
    return this.#loaded;
  }

  /** The outbox transformer: refuses past the limit, counts what the server accepted. */
  readonly transformer: SendTransformer = async (message, _info, next) => {
    await this.load().catch(() => undefined);
    this.#roll();
    if (this.#count >= this.limit) {
      throw new BotError(
        `daily send budget reached (${this.limit} messages today for this account): not sent, to protect the account; raise outbox.dailyBudget if you must, or wait until tomorrow`,
        { code: 'DAILY_BUDGET_EXCEEDED' },
      );
    }
    const receipt = await next(message);
    this.#count += 1;
    if (this.#count >= Math.ceil(this.limit * 0.8) && this.#warnedDay !== this.#day) {
      this.#warnedDay = this.#day;
      this.log.warn(
        { used: this.#count, limit: this.limit },
        `80 % of today's send budget used (${this.#count}/${this.limit}); sends stop at ${this.limit}`,
      );
    }
    this.#save();
    return receipt;
  };

  #roll(): void {
    const day = dayOf(this.clock.now());
    if (day !== this.#day) {
      this.#day = day;
      this.#count = 0;
    }
  }

  #save(): void {
    const file = this.file;
    if (!file) return;
    const sends = { day: this.#day, count: this.#count };
    updateSafetyState(file, (s) => ({ ...s, sends })).catch((err: Error) =>
      this.log.warn({ err: err.message }, 'could not save the daily send count'),
    );
  }
}
