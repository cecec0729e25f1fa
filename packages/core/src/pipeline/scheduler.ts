import { type Clock, systemClock } from '../clock/clock.js';
import { WxError } from '../errors.js';
import { DeadlineWheel, type DeadlineWheelEntry } from './deadline-wheel.js';
import { DONE, isThenable } from './middleware.js';

/** Options of the {@link ChatScheduler}. */
export interface SchedulerOptions {
  /** Most chats handled at the same time. Default 16. */
  readonly concurrency?: number;
  /** Longest a task may run before it is abandoned. Default 30 000 ms. */
  readonly deadlineMs?: number;
  /**
   * Tasks waiting (all chats together) above which the scheduler is {@link ChatScheduler.full}:
   * the owner stops feeding it until {@link ChatScheduler.room} resolves. Nothing is ever dropped
   * for being over it. Default 1000.
   */
  readonly maxPending?: number;
  readonly clock?: Clock;
}

/**
 * What a running task can ask about its own fate. The `AbortController` behind `signal` is made
 * only when someone reads `signal` (most handlers never do); `aborted` never makes one.
 */
export interface TaskControl {
  /** Aborted (with a {@link DeadlineExceededError}) when the deadline passed. */
  readonly signal: AbortSignal;
  /** True once the deadline passed. */
  readonly aborted: boolean;
}

/** One unit of work for one chat. */
export interface ScheduledTask {
  /**
   * Do the work; stop early when `control` says the deadline passed. Return a promise for async
   * work; anything else (or a throw) means the work finished synchronously.
   */
  run(control: TaskControl): unknown;
  /** Called when the deadline passed; the chat moves on without waiting. */
  onTimeout(deadlineMs: number): void;
  /** Called when `run` throws or rejects (also when it rejects after its deadline). */
  onError(error: unknown, late: boolean): void;
  /** Called once the task finished, failed or was abandoned (optional). */
  onDone?(): void;
}

/** The error a timed-out task's signal is aborted with. */
export class DeadlineExceededError extends WxError {
  constructor(readonly deadlineMs: number) {
    super('DEADLINE_EXCEEDED', `deadline of ${deadlineMs} ms exceeded`);
  }
}

// One running task: its control (lazy signal) and its slot in the deadline wheel.
class Running implements TaskControl, DeadlineWheelEntry {
  aborted = false;
  done = false;
  #controller: AbortController | undefined;

  constructor(
    readonly chat: string,
    readonly task: ScheduledTask,
    readonly deadlineAt: number,
    private readonly deadlineMs: number,
  ) {}

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(new DeadlineExceededError(this.deadlineMs));
    }
    return this.#controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.#controller?.abort(new DeadlineExceededError(this.deadlineMs));
  }
}

/**
 * Runs tasks keyed by chat: tasks of one chat strictly one after another, in arrival order;
 * different chats concurrently, at most `concurrency` at once. Each task has a deadline;
 * a task that misses it is abandoned (its signal aborts) and its chat moves on.
 *
 * Cheap per task: tasks start in one microtask per batch, a task that finishes synchronously
 * (returns nothing, or the settled {@link DONE} a synchronous middleware chain returns) costs no
 * promise at all and frees its slot at once, and one timer watches the deadlines of every running task.
 *
 * @example
 * const scheduler = new ChatScheduler({ concurrency: 8, deadlineMs: 10_000 });
 * scheduler.push(message.chat.userName, { run: (control) => handle(message, control.signal), onTimeout, onError });
 * await scheduler.idle();
 */
export class ChatScheduler {
  private readonly concurrency: number;
  private readonly deadlineMs: number;
  private readonly maxPending: number;
  private readonly clock: Clock;
  private readonly wheel: DeadlineWheel<Running>;
  /** Waiting tasks per chat; a chat is present while it has work or is running. */
  private readonly chats = new Map<string, ScheduledTask[]>();
  /** Chats with waiting work and no running task, in arrival order. */
  private readonly ready: string[] = [];
  private readonly running = new Set<string>();
  /** Chats given a slot whose task starts in the next microtask. */
  private starting: Array<{ chat: string; task: ScheduledTask }> = [];
  private waiting = 0;
  private idleWaiters: Array<() => void> = [];
  private roomWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(options: SchedulerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.maxPending = options.maxPending ?? 1000;
    this.clock = options.clock ?? systemClock;
    this.wheel = new DeadlineWheel<Running>(this.clock, (entry) => this.expire(entry));
  }

  /** Tasks waiting to start. */
  get pending(): number {
    return this.waiting;
  }

  /** Chats with a task running now. */
  get active(): number {
    return this.running.size;
  }

  /** True while `maxPending` or more tasks wait: the owner should stop fetching more work. */
  get full(): boolean {
    return this.waiting >= this.maxPending;
  }

  /** Resolves when fewer than `maxPending` tasks wait (at once when so); undefined when not full. */
  room(): Promise<void> | undefined {
    if (!this.full || this.stopped) return undefined;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /**
   * Queue a task for a chat. Returns false only when stopped. Over `maxPending` the task is still
   * queued (never dropped: its message would be lost or answered out of order); see {@link full}.
   */
  push(chat: string, task: ScheduledTask): boolean {
    if (this.stopped) return false;
    if (!this.running.has(chat) && this.running.size < this.concurrency && !this.chats.has(chat)) {
      // Free chat and a free slot: take the slot now, start in the batch's microtask.
      this.running.add(chat);
      this.chats.set(chat, []);
      this.startSoon(chat, task);
      return true;
    }
    let queue = this.chats.get(chat);
    if (!queue) {
      queue = [];
      this.chats.set(chat, queue);
    }
    queue.push(task);
    this.waiting += 1;
    if (!this.running.has(chat) && queue.length === 1) this.ready.push(chat);
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
    this.settleRoom();
    this.settleIdle();
  }

  private settleRoom(): void {
    if (this.roomWaiters.length === 0 || (this.full && !this.stopped)) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private settleIdle(): void {
    if (this.waiting > 0 || this.running.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private startSoon(chat: string, task: ScheduledTask): void {
    this.starting.push({ chat, task });
    // A promise job, not queueMicrotask: fake timers (tests) fake the latter and would stall it.
    if (!this.draining && this.starting.length === 1) void DONE.then(this.startBatch);
  }

  // Tasks that finish synchronously free their slot at once: the next ones start in the same loop.
  private draining = false;
  private readonly startBatch = (): void => {
    this.draining = true;
    try {
      for (let i = 0; i < this.starting.length; i++) {
        const next = this.starting[i] as { chat: string; task: ScheduledTask };
        this.execute(next.chat, next.task);
      }
    } finally {
      this.starting = [];
      this.draining = false;
    }
  };

  /** Give free slots to ready chats (their tasks start in the next microtask). */
  private pump(): void {
    while (this.running.size < this.concurrency && this.ready.length > 0) {
      const chat = this.ready.shift() as string;
      const task = this.chats.get(chat)?.shift();
      if (!task) continue;
      this.waiting -= 1;
      this.running.add(chat);
      this.startSoon(chat, task);
    }
  }

  private execute(chat: string, task: ScheduledTask): void {
    const entry = new Running(chat, task, this.clock.now() + this.deadlineMs, this.deadlineMs);
    let result: unknown;
    try {
      result = task.run(entry);
    } catch (error) {
      task.onError(error, false);
      this.finish(entry);
      return;
    }
    // `DONE` is what a chain of plain functions returns (every `next()` of a chain that finished
    // synchronously): the work is over, so no deadline to watch and no promise job to wait for.
    if (result === DONE || !isThenable(result)) {
      this.finish(entry);
      return;
    }
    this.wheel.add(entry);
    result.then(
      () => this.finish(entry),
      (error: unknown) => {
        task.onError(error, entry.aborted);
        this.finish(entry);
      },
    );
  }

  // The deadline passed: abandon the task, let its chat move on.
  private expire(entry: Running): void {
    if (entry.done) return;
    entry.abort();
    entry.task.onTimeout(this.deadlineMs);
    this.finish(entry);
  }

  private finish(entry: Running): void {
    if (entry.done) return;
    entry.done = true;
    this.wheel.remove(entry);
    try {
      entry.task.onDone?.();
    } catch {
      // onDone is bookkeeping of the owner; its failure must not stall the chat.
    }
    this.release(entry.chat);
  }

  private release(chat: string): void {
    this.running.delete(chat);
    const queue = this.chats.get(chat);
    if (queue && queue.length > 0) this.ready.push(chat);
    else this.chats.delete(chat);
    this.pump();
    this.settleRoom();
    this.settleIdle();
  }
}
