/**
 * Runs model work outside the message pipeline: one job at a time per conversation (so a second
 * question sees the first answer in memory, and answers keep their order), at most
 * `maxConcurrent` jobs at once overall, and at most `maxQueued` waiting per conversation (a
 * flood is dropped, not queued without bound).
 *
 * @example
 * const queue = new ConversationQueue({ maxQueued: 5, maxConcurrent: 4 });
 * queue.push('private:alice', async () => { … });
 */
export class ConversationQueue {
  readonly #chains = new Map<string, { tail: Promise<void>; size: number }>();
  readonly #waiting: (() => void)[] = [];
  #active = 0;

  constructor(private readonly limits: { readonly maxQueued: number; readonly maxConcurrent: number }) {}

  /** Queues `job` for `key`; false (and nothing queued) when `key` already has `maxQueued` jobs. */
  push(key: string, job: () => Promise<void>): boolean {
    const chain = this.#chains.get(key) ?? { tail: Promise.resolve(), size: 0 };
    if (chain.size >= this.limits.maxQueued) return false;
    chain.size += 1;
    chain.tail = chain.tail
      .then(() => this.#slot())
      .then(async () => {
        try {
          await job();
        } finally {
          this.#release();
        }
      })
      .catch(() => undefined)
      .finally(() => {
        chain.size -= 1;
        if (chain.size === 0 && this.#chains.get(key) === chain) this.#chains.delete(key);
      });
    this.#chains.set(key, chain);
    return true;
  }

  /** Jobs queued or running. */
  get pending(): number {
    let n = 0;
    for (const c of this.#chains.values()) n += c.size;
    return n;
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#chains.values()].map((c) => c.tail));
  }

  #slot(): Promise<void> {
    if (this.#active < this.limits.maxConcurrent) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#active -= 1;
  }
}
