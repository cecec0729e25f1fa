/**
 * A periodic "I am still here" (status notify) while a session lives, as the official client
 * sends; the timer never keeps the process alive on its own.
 *
 * @example
 * const keepAlive = new KeepAlive(300_000, () => notifyInited());
 * keepAlive.start(); // after login
 * keepAlive.stop(); // on stop or logout
 */
export class KeepAlive {
  #timer: NodeJS.Timeout | undefined;

  /** `periodMs` 0 disables it. `tick` must not throw (it handles its own errors). */
  constructor(
    private readonly periodMs: number,
    private readonly tick: () => void,
  ) {}

  /** (Re)starts the timer. */
  start(): void {
    this.stop();
    if (this.periodMs <= 0) return;
    this.#timer = setInterval(this.tick, this.periodMs);
    this.#timer.unref();
  }

  /** Stops the timer (no-op when stopped). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
