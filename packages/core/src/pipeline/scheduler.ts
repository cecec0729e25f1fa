import { type Clock, systemClock } from '../outbox/clock.js';

/** Options of the {@link ChatScheduler}. */
export interface SchedulerOptions {
  /** Most chats handled at the same time. Default 16. */
  readonly concurrency?: number;
  /** Longest a task may run before it is abandoned. Default 30 000 ms. */
  readonly deadlineMs?: number;
  /** Most tasks waiting (all chats together); more are dropped. Default 1000. */
  readonly maxPending?: number;
  readonly clock?: Clock;
}

/** One unit of work for one chat. */
export interface ScheduledTask {
  /** Do the work; stop early when `signal` aborts (the deadline passed). */
  run(signal: AbortSignal): Promise<unknown>;
  /** Called when the deadline passed; the chat moves on without waiting. */
  onTimeout(deadlineMs: number): void;
  /** Called when `run` rejects (also when it rejects after its deadline). */
  onError(error: unknown, late: boolean): void;
}

/** The error a timed-out task's signal is aborted with. */
export class DeadlineExceededError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms exceeded`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs tasks keyed by chat: tasks of one chat strictly one after another, in arrival order;
 * different chats concurrently, at most `concurrency` at once. Each task has a deadline;
 * a task that misses it is abandoned (its signal aborts) and its chat moves on.
 *
 * @example
 * const scheduler = new ChatScheduler({ concurrency: 8, deadlineMs: 10_000 });
 * scheduler.push(message.chat.userName, { run: (signal) => handle(message, signal), onTimeout, onError });
 * await scheduler.idle();
 */
export class ChatScheduler {
  private readonly concurrency: number;
  private readonly deadlineMs: number;
  private readonly maxPending: number;
  private readonly clock: Clock;
  /** Waiting tasks per chat; a chat is present while it has work or is running. */
  private readonly chats = new Map<string, ScheduledTask[]>();
  /** Chats with waiting work and no running task, in arrival order. */
  private readonly ready: string[] = [];
  private readonly running = new Set<string>();
  private waiting = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(options: SchedulerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.maxPending = options.maxPending ?? 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** Tasks waiting to start. */
  get pending(): number {
    return this.waiting;
  }

  /** Chats with a task running now. */
  get active(): number {
    return this.running.size;
  }

  /** Queue a task for a chat. Returns false when it was dropped (stopped or too many waiting). */
  push(chat: string, task: ScheduledTask): boolean {
    if (this.stopped || this.waiting >= this.maxPending) return false;
    let queue = this.chats.get(chat);
    if (!queue) {
      queue = [];
      this.chats.set(chat, queue);
    }
    queue.push(task);
    this.waiting += 1;
    if (!this.running.has(chat) && queue.length === 1) this.ready.push(chat);
    this.pump();
    return true;
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.waiting === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop waiting tasks and accept no more; running tasks finish (or time out). */
  stop(): void {
    this.stopped = true;
    for (const [chat, queue] of this.chats) {
      this.waiting -= queue.length;
      queue.length = 0;
      if (!this.running.has(chat)) this.chats.delete(chat);
    }
    this.ready.length = 0;
    this.settleIdle();
  }

  private settleIdle(): void {
    if (this.waiting > 0 || this.running.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.ready.length > 0) {
      const chat = this.ready.shift()!;
      const task = this.chats.get(chat)?.shift();
      if (!task) continue;
      this.waiting -= 1;
      this.running.add(chat);
      void this.execute(chat, task);
    }
  }

  private async execute(chat: string, task: ScheduledTask): Promise<void> {
    const controller = new AbortController();
    let timer: unknown;
    let timedOut = false;
    const deadline = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(() => {
        timedOut = true;
        controller.abort(new DeadlineExceededError(this.deadlineMs));
        resolve();
      }, this.deadlineMs);
    });
    const work = Promise.resolve()
      .then(() => task.run(controller.signal))
      .then(
        () => undefined,
        (error: unknown) => task.onError(error, timedOut),
      );
    await Promise.race([work, deadline]);
    this.clock.clearTimeout(timer);
    if (timedOut) task.onTimeout(this.deadlineMs);
    this.release(chat);
  }

  private release(chat: string): void {
    this.running.delete(chat);
    const queue = this.chats.get(chat);
    if (queue && queue.length > 0) this.ready.push(chat);
    else this.chats.delete(chat);
    this.pump();
    this.settleIdle();
  }
}
