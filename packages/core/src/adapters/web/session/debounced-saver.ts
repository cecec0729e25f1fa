/**
 * Coalesces frequent "please save" requests (every SyncKey change) into one write per `delayMs`,
 * never two writes at once, and lets the owner flush on stop.
 *
 * @example
 * const saver = new DebouncedSaver(() => saveSession(file, snapshot()), 2000, (e) => log.warn(e));
 * saver.schedule(); // after each sync
 * await saver.flush(); // on stop
 */
export class DebouncedSaver {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #dirty = false;

  /** A failed write is tried again after `retryMs` (the disk may recover), until it works or is cancelled. */
  constructor(
    private readonly write: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly retryMs: number = Math.max(delayMs, 1000),
  ) {}

  /** Asks for a save within `delayMs`. */
  schedule(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, this.delayMs);
    this.#timer.unref();
  }

  /** Writes now if anything is pending, and waits for any write in progress. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    await this.#run();
  }

  /** Drops any pending save (the session is being discarded). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = false;
  }

  #retry(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, this.retryMs);
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    while (this.#running) await this.#running;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#running = this.write()
      .catch((err: unknown) => {
        this.onError(err);
        this.#retry();
      })
      .finally(() => {
        this.#running = undefined;
      });
    await this.#running;
  }
}
