import type { Logger } from 'pino';

/** A request storm in progress: the server keeps saying "new" and delivers nothing new. */
import type { SyncStorm } from '../../../adapter/adapter.js';

export type { SyncStorm } from '../../../adapter/adapter.js';

/** Hollow rounds in a row before an episode is declared (and logged). */
export const STORM_AFTER_ROUNDS = 3;

/**
 * Tells hollow rounds (the server announced messages, nothing new came: a stale SyncKey backlog,
 * duplicates only, or ContinueFlag with empty lists) from progress, says how long the loop should
 * wait after one (exponential, up to `maxWaitMs`), and logs a storm once per episode: one warning
 * when it starts, one info line when it ends.
 *
 * @example
 * const watch = new StormWatch(log, clock.now, 1000, 30_000);
 * const wait = watch.hollow('stale');   // after a round that brought nothing new
 * watch.progress();                     // after a round that did
 */
export class StormWatch {
  #streak = 0;
  #since = 0;
  #requests = 0;
  #storm: SyncStorm | undefined;
  /** Storm episodes seen since the start. */
  episodes = 0;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly baseWaitMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** The storm in progress, if any. */
  get current(): SyncStorm | undefined {
    return this.#storm;
  }

  /** Counts one request of the loop (for the episode's figures). */
  request(): void {
    if (this.#streak > 0) this.#requests += 1;
  }

  /**
   * A hollow round. Returns how long the loop should wait before the next request: nothing
   * extra for the first rounds (own-send echoes look like this), then doubling up to the maximum.
   */
  hollow(what: string): number {
    if (this.#streak === 0) {
      this.#since = this.now();
      this.#requests = 2;
    }
    this.#streak += 1;
    if (this.#streak >= STORM_AFTER_ROUNDS) {
      const first = this.#storm === undefined;
      this.#storm = { since: this.#since, rounds: this.#streak, requests: this.#requests, what };
      if (first) {
        this.episodes += 1;
        this.log.warn(
          {
            what,
            rounds: this.#streak,
            requests: this.#requests,
            since: new Date(this.#since).toISOString(),
          },
          `sync storm: the server keeps announcing messages but delivers nothing new (${what}); ` +
            'slowing the sync loop down until it does',
        );
      }
      const exp = this.#streak - STORM_AFTER_ROUNDS;
      return Math.min(this.maxWaitMs, Math.max(1, this.baseWaitMs) * 2 ** Math.min(20, exp));
    }
    return 0;
  }

  /** A round that brought something new, or a quiet long poll: the episode (if any) is over. */
  progress(): void {
    const storm = this.#storm;
    if (storm) {
      this.log.info(
        { rounds: storm.rounds, requests: this.#requests, durationMs: this.now() - storm.since },
        'sync storm over: the server delivers again',
      );
    }
    this.#storm = undefined;
    this.#streak = 0;
    this.#requests = 0;
  }
}
