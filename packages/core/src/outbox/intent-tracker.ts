import { WxError } from '../errors.js';

const RESOLVED: Promise<void> = Promise.resolve();

interface Waiter {
  /** Every write numbered up to this one must be done. */
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Tracks the journal writes of queued messages, so the bot can wait until everything queued so far
 * is durable before it counts a message as handled. A wait costs the same however many writes are
 * pending: in a burst every handled message waits while the same batch is being fsync'ed, and
 * waiting on each pending write would cost the square of the burst.
 *
 * @example
 * const intents = new IntentTracker();
 * intents.track(journal.append(entry));
 * await intents.durable(); // the append above is on disk
 */
export class IntentTracker {
  #started = 0;
  /** Numbers of the writes not finished yet, oldest first (a Set keeps insertion order). */
  readonly #pending = new Set<number>();
  /** Waits, in `upTo` order (numbers only grow). */
  #waiters: Waiter[] = [];
  #lost = 0;

  /** Writes the journal gave up on (closed while failing): nothing counts as durable any more. */
  get lost(): number {
    return this.#lost;
  }

  /** Writes tracked and not finished yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Follow one write; it rejects only when the journal gave up on it. */
  track(write: Promise<void>): void {
    const seq = ++this.#started;
    this.#pending.add(seq);
    write.then(
      () => this.#done(seq),
      (error: unknown) => this.#failed(seq, error),
    );
  }

  /**
   * Resolves once every write tracked so far is done; rejects when one of them failed (at once
   * when one failed before).
   */
  durable(): Promise<void> {
    if (this.#lost > 0) return Promise.reject(new WxError('JOURNAL_LOST', 'a reply could not be journaled'));
    if (this.#pending.size === 0) return RESOLVED;
    const upTo = this.#started;
    return new Promise((resolve, reject) => this.#waiters.push({ upTo, resolve, reject }));
  }

  #done(seq: number): void {
    this.#pending.delete(seq);
    const oldest = this.#oldestPending();
    let n = 0;
    while (n < this.#waiters.length && this.#waiters[n]!.upTo < oldest) n++;
    if (n === 0) return;
    for (const waiter of this.#waiters.splice(0, n)) waiter.resolve();
  }

  #failed(seq: number, error: unknown): void {
    this.#lost += 1;
    // The waits that included this write fail with its error; older ones may still succeed.
    const keep = this.#waiters.filter((w) => w.upTo < seq);
    for (const waiter of this.#waiters) if (waiter.upTo >= seq) waiter.reject(error);
    this.#waiters = keep;
    this.#done(seq);
  }

  #oldestPending(): number {
    for (const seq of this.#pending) return seq;
    return Number.POSITIVE_INFINITY;
  }
}
