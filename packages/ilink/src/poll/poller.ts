import type { SyncStorm } from '@wxbot/core';
import { IlinkApiError, IlinkNetworkError } from '../errors.js';
import type { IlinkApi } from '../protocol/api.js';
import type { WeixinMessage } from '../protocol/types.js';
import { sleep } from '../transport/sleep.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { EarlyAnswerWatch } from './early-answer-watch.js';

/** One successful `getupdates` answer with messages, handed to the caller before the cursor moves on. */
export interface UpdateBatch {
  /** In server order; may include the bot's own echoes (normalize marks them). */
  readonly messages: readonly WeixinMessage[];
  /** The cursor to resume from once these messages are safe (persist it with them). */
  readonly cursor: string;
  /** The cursor these messages were fetched with. */
  readonly previousCursor: string;
}

/** Why the poll loop ended. */
export type PollEnd =
  | { readonly kind: 'stopped' }
  | {
      /** The server ended the session (`-14`): the token is dead. Nothing retries; a person must log in again. */
      readonly kind: 'session-ended';
      readonly code: 'SESSION_EXPIRED';
      readonly error: IlinkApiError;
    };

/** Options of {@link UpdatePoller}. */
export interface UpdatePollerOptions {
  /** Where to resume: the last persisted cursor, or `""` (default) for a fresh start. */
  readonly cursor?: string | undefined;
  /**
   * Called for every answer that has messages, awaited before the next poll. The cursor advances only
   * when it resolves: persist `batch.cursor` together with what you did with the messages. If it
   * throws, the same messages come again after a back-off.
   */
  readonly onUpdates: (batch: UpdateBatch) => Promise<void> | void;
  /** Called when the cursor changed without messages (persist it when convenient). */
  readonly onCursor?: ((cursor: string) => void) | undefined;
  /** Called on every failed poll with the retry number and the pause before it. */
  readonly onError?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
  /**
   * Backpressure: asked before every poll; while it returns a promise the poller waits for it (the
   * server keeps the messages, the cursor does not move). The runtime's `setFetchGate`.
   */
  readonly gate?: (() => Promise<void> | undefined) | undefined;
  /** Added to the server's `longpolling_timeout_ms` for the client's timeout (default 5000; protocol.md §5.4). */
  readonly timeoutMarginMs?: number | undefined;
  readonly backoff?: Partial<BackoffOptions> | undefined;
  /**
   * An empty answer that came back faster than this waits out the rest before the next poll (default
   * 1000), so a server that stops holding cannot drive a request storm.
   */
  readonly minEmptyPollIntervalMs?: number | undefined;
  /**
   * Called when the server starts answering at once with nothing, again and again (with the episode,
   * see {@link UpdatePoller.storm}), and when it holds polls or delivers again (with `undefined`).
   */
  readonly onEarlyAnswers?: ((storm: SyncStorm | undefined) => void) | undefined;
  readonly random?: (() => number) | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * The `getupdates` long-poll loop (protocol.md §5): the server's suggested timeout plus a margin (so
 * the client never gives up a moment before the server answers), the cursor handed to the caller with
 * each batch and advanced only after the caller is done, a client timeout treated as an empty poll,
 * bounded jittered back-off on errors, and `-14` ending the loop with a typed reason and no retry.
 *
 * @example
 * const poller = new UpdatePoller(api, { cursor: saved, onUpdates: async (b) => { await handle(b.messages); await save(b.cursor); } });
 * const end = await poller.run();
 * if (end.kind === 'session-ended') console.error('log in again: wxbot login');
 */
export class UpdatePoller {
  readonly #api: IlinkApi;
  readonly #options: UpdatePollerOptions;
  readonly #backoff: BackoffOptions;
  #cursor: string;
  #suggestedTimeoutMs: number | undefined;
  #abort: AbortController | undefined;
  #running: Promise<PollEnd> | undefined;
  readonly #early: EarlyAnswerWatch;

  constructor(api: IlinkApi, options: UpdatePollerOptions) {
    this.#api = api;
    this.#options = options;
    this.#early = new EarlyAnswerWatch(
      options.now ?? Date.now,
      this.#minGapMs,
      options.onEarlyAnswers ?? (() => undefined),
    );
    this.#cursor = options.cursor ?? '';
    this.#backoff = {
      ...DEFAULT_BACKOFF,
      ...Object.fromEntries(Object.entries(options.backoff ?? {}).filter(([, v]) => v !== undefined)),
    };
  }

  /** The cursor of the last batch the caller finished (or the starting one). */
  get cursor(): string {
    return this.#cursor;
  }

  /**
   * The server answering at once with nothing, over and over (it should hold the poll), while it
   * lasts; polls are spaced by `minEmptyPollIntervalMs` meanwhile. Undefined when polls are held.
   */
  get storm(): SyncStorm | undefined {
    return this.#early.current;
  }

  get #minGapMs(): number {
    return this.#options.minEmptyPollIntervalMs ?? 1000;
  }

  /** True while the loop runs. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** The client timeout the next poll will use. */
  get nextTimeoutMs(): number {
    return (
      (this.#suggestedTimeoutMs ?? this.#api.timeouts.getUpdates) + (this.#options.timeoutMarginMs ?? 5000)
    );
  }

  /** Runs the loop until {@link stop} or the session ends. Calling it while running returns the same promise. */
  run(): Promise<PollEnd> {
    if (!this.#running) {
      this.#abort = new AbortController();
      this.#running = this.#loop(this.#abort.signal).finally(() => {
        this.#running = undefined;
        this.#abort = undefined;
      });
    }
    return this.#running;
  }

  /** Stops the loop: aborts the poll in flight, lets a running `onUpdates` finish, and resolves when done. */
  async stop(): Promise<void> {
    const running = this.#running;
    this.#abort?.abort(new Error('poller stopped'));
    if (running) await running;
  }

  async #loop(signal: AbortSignal): Promise<PollEnd> {
    const now = this.#options.now ?? Date.now;
    let failures = 0;
    while (!signal.aborted) {
      const wait = this.#options.gate?.();
      if (wait && !(await untilOrAbort(wait, signal))) break;
      const started = now();
      let empty = false;
      try {
        const res = await this.#api.getUpdates(this.#cursor, { timeoutMs: this.nextTimeoutMs, signal });
        const suggested = res.longpolling_timeout_ms;
        if (suggested !== undefined && suggested > 0) this.#suggestedTimeoutMs = Math.min(suggested, 300_000);
        const next = res.get_updates_buf ? res.get_updates_buf : this.#cursor;
        if (res.msgs.length > 0) {
          await this.#options.onUpdates({ messages: res.msgs, cursor: next, previousCursor: this.#cursor });
        } else {
          empty = true;
        }
        if (next !== this.#cursor) {
          this.#cursor = next;
          if (empty) this.#options.onCursor?.(next);
        }
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof IlinkApiError && err.isSessionExpired)
          return { kind: 'session-ended', code: 'SESSION_EXPIRED', error: err };
        // A client-side timeout is an ordinary empty poll (the server held it): ask again at once.
        if (err instanceof IlinkNetworkError && err.code === 'TIMEOUT') {
          this.#early.held();
          continue;
        }
        failures++;
        const delay = backoffDelay(failures, this.#backoff, this.#options.random);
        this.#options.onError?.(err, failures, delay);
        if (!(await pause(delay, signal))) break;
        continue;
      }
      const minGap = this.#minGapMs;
      const elapsed = now() - started;
      if (!empty || elapsed >= minGap) this.#early.held();
      else {
        this.#early.early();
        if (!(await pause(minGap - elapsed, signal))) break;
      }
    }
    return { kind: 'stopped' };
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}

// Waits for `promise`; false when `signal` aborted first.
function untilOrAbort(promise: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      },
    );
  });
}
