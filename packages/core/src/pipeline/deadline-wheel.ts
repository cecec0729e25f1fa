import type { Clock, TimerHandle } from '../clock/clock.js';

/** What the {@link DeadlineWheel} needs of an entry. */
export interface DeadlineWheelEntry {
  /** When the entry expires (clock ms). Entries must be added in non-decreasing order. */
  readonly deadlineAt: number;
  /** True once the entry finished: it is skipped and dropped. */
  readonly done: boolean;
}

/**
 * One timer for many deadlines. Every running task has the same deadline length, so deadlines
 * arrive in order and a FIFO suffices: the timer is armed for the oldest live entry only.
 * Finished entries are dropped from the head; the timer is cleared when nothing is left.
 *
 * @example
 * const wheel = new DeadlineWheel(systemClock, (entry) => entry.abort());
 * wheel.add({ deadlineAt: Date.now() + 30_000, done: false });
 */
export class DeadlineWheel<E extends DeadlineWheelEntry> {
  private items: E[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (entry: E) => void,
  ) {}

  /** Entries held (live or not yet dropped). */
  get size(): number {
    return this.items.length - this.head;
  }

  add(entry: E): void {
    this.items.push(entry);
    if (this.timer === undefined) this.arm(entry.deadlineAt);
  }

  /** Called when an entry finished: drops finished entries from the head. */
  remove(_entry: E): void {
    this.dropDone();
  }

  private dropDone(): void {
    const items = this.items;
    while (this.head < items.length && (items[this.head] as E).done) this.head += 1;
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
      // Nothing left to watch: no timer may outlive the work (an idle process must be able to exit).
      if (this.timer !== undefined) {
        this.clock.clearTimeout(this.timer);
        this.timer = undefined;
      }
    } else if (this.head > 1024 && this.head * 2 > items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
  }

  private arm(at: number): void {
    const handle = this.clock.setTimeout(
      () => {
        if (this.timer === handle) this.timer = undefined;
        this.fire();
      },
      Math.max(1, at - this.clock.now()),
    );
    this.timer = handle;
  }

  private fire(): void {
    const now = this.clock.now();
    this.dropDone();
    while (this.size > 0) {
      const entry = this.items[this.head] as E;
      if (entry.deadlineAt > now) break;
      this.head += 1;
      if (!entry.done) this.onExpire(entry);
    }
    this.dropDone();
    if (this.size > 0 && this.timer === undefined) this.arm((this.items[this.head] as E).deadlineAt);
  }
}
