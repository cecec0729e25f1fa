import type { SyncStorm } from '@wxbot/core';

/** Early empty answers in a row before an episode is declared (one can be a server hiccup). */
export const STORM_AFTER_EARLY_ANSWERS = 3;

/**
 * Watches for a long-poll that stopped holding: the server answers at once with nothing, again and
 * again. The poller already spaces such polls (`minEmptyPollIntervalMs`), so this only tells: the
 * episode in progress as a {@link SyncStorm} (what `/healthz` and `bot.stats()` report), and a call
 * to `onChange` when an episode starts and when it ends (for one log line each).
 *
 * @example
 * const watch = new EarlyAnswerWatch(Date.now, 1000, (storm) => log.warn({ storm }, 'early answers'));
 * watch.early();   // an empty answer that came back before the poll interval
 * watch.held();    // messages, or an empty answer the server held: over
 */
export class EarlyAnswerWatch {
  #streak = 0;
  #since = 0;
  #storm: SyncStorm | undefined;

  constructor(
    private readonly now: () => number,
    private readonly spacingMs: number,
    private readonly onChange: (storm: SyncStorm | undefined) => void = () => undefined,
  ) {}

  /** The episode in progress, if any. */
  get current(): SyncStorm | undefined {
    return this.#storm;
  }

  /** An empty answer that came back sooner than the poll spacing. */
  early(): void {
    if (this.#streak === 0) this.#since = this.now();
    this.#streak += 1;
    if (this.#streak < STORM_AFTER_EARLY_ANSWERS) return;
    const first = this.#storm === undefined;
    this.#storm = {
      since: this.#since,
      rounds: this.#streak,
      requests: this.#streak,
      what: `the server answers the long-poll at once with nothing instead of holding it; polls are spaced ${this.spacingMs} ms apart`,
    };
    if (first) this.onChange(this.#storm);
  }

  /** Messages came, or the server held the poll as it should: the episode (if any) is over. */
  held(): void {
    const ended = this.#storm !== undefined;
    this.#streak = 0;
    this.#storm = undefined;
    if (ended) this.onChange(undefined);
  }
}
