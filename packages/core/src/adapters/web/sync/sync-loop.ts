import type { Logger } from 'pino';
import { type Clock, systemClock } from '../../../clock/clock.js';
import { WxApiError, WxNetworkError } from '../../../errors.js';
import { type BackoffOptions, backoffDelay } from '../../../retry/backoff.js';
import type { ApiContext } from '../protocol/context.js';
import { alternatePushHost } from '../protocol/hosts.js';
import { isUsableSyncKey } from '../protocol/ids.js';
import { type SyncResult, syncCheck, webwxsync } from '../protocol/sync-api.js';
import type { WireSyncKey } from '../protocol/wire.js';
import { LOGOUT_CODES, logoutReason } from './logout-reason.js';
import { RequestCeiling, type RequestCeilingOptions, sleepOn } from './request-ceiling.js';
import { StormWatch, type SyncStorm } from './storm-watch.js';

/**
 * How a round ended: 'empty' = a quiet poll (the spin guard applies); 'hollow' = the server
 * announced messages and delivered nothing new (duplicates, or ContinueFlag with empty lists).
 */
type Outcome = 'ok' | 'empty' | 'hollow' | 'retry' | 'logout';

/** Tuning of the receive loop. */
export interface SyncLoopOptions {
  readonly backoff: BackoffOptions;
  /**
   * Stale-key spin guard: after a round that delivered nothing, the next synccheck waits until
   * this long after the previous one started. A round that delivered messages or contact changes
   * is progress, not a spin: the loop polls again at once. Default 1000.
   */
  readonly minIntervalMs: number;
  /** Consecutive network failures before trying the other push host. Default 2. */
  readonly pushFallbackAfter: number;
  /** Max webwxsync calls in a row while ContinueFlag is set. Default 50. */
  readonly maxContinue: number;
  /** Hard ceiling on the loop's request rate (no server answer can lift it). */
  readonly ceiling: RequestCeilingOptions;
  /** Longest wait after hollow rounds in a row (the storm back-off's cap). Default 30 000. */
  readonly stormMaxWaitMs?: number;
  /** Time source of the loop's waits and ceiling (tests accelerate it). Default: the system clock. */
  readonly clock?: Clock;
}

/** The key sets the loop advances. Shared with the owner (saved in the session file). */
export interface SyncKeys {
  syncKey: WireSyncKey;
  syncCheckKey: WireSyncKey | undefined;
}

/** What the loop needs from its owner. */
export interface SyncLoopHooks {
  /** The current API context (skey can change). */
  readonly ctx: () => ApiContext;
  readonly keys: SyncKeys;
  /**
   * A webwxsync answer after keys were updated; update contacts and emit. Resolves true when the
   * answer brought anything new (a message never received before, a contact change); false makes
   * the round hollow. `undefined` counts non-empty lists as new.
   */
  readonly onBatch: (result: SyncResult) => Promise<boolean | undefined>;
  /**
   * Backpressure: awaited before each request that fetches messages; resolves when the bot can
   * take more (the loop stops fetching meanwhile, and the server keeps the messages).
   */
  readonly gate?: () => Promise<void> | undefined;
  /** Keys or skey advanced (schedule a session save). */
  readonly onKeys: () => void;
  /** A round with the server completed normally (health: "last sync"). */
  readonly onRound?: () => void;
  /** The session is over (1100/1101/1102). The loop has stopped. */
  readonly onLogout: (code: number, reason: string) => void;
  /** A non-fatal problem (the loop keeps going). */
  readonly onError: (err: Error) => void;
  readonly log: Logger;
}

/**
 * The receive loop (protocol.md §5): synccheck long-poll on the push host, webwxsync when the
 * selector is not 0, ContinueFlag loops, key updates only when Count > 0, SKey replacement,
 * exponential backoff with jitter, push-host fallback, never two syncs at once, at most one
 * synccheck per `minIntervalMs`. `stop()` aborts the poll in flight at once.
 */
export class SyncLoop {
  #abort: AbortController | undefined;
  #done: Promise<void> | undefined;
  #syncing: Promise<void> | undefined;
  #nonce = Date.now();
  #pushHost: string | undefined;
  readonly #clock: Clock;
  readonly #ceiling: RequestCeiling;
  readonly #storm: StormWatch;
  #hollowWhat = '';
  /** Requests made (synccheck + webwxsync). */
  requests = 0;

  constructor(
    private readonly hooks: SyncLoopHooks,
    private readonly options: SyncLoopOptions,
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#ceiling = new RequestCeiling(options.ceiling, this.#clock);
    this.#storm = new StormWatch(
      hooks.log,
      () => this.#clock.now(),
      Math.max(1000, options.minIntervalMs),
      options.stormMaxWaitMs ?? 30_000,
    );
  }

  /** The request storm in progress (the server says "new" and delivers nothing new), if any. */
  get storm(): SyncStorm | undefined {
    return this.#storm.current;
  }

  /** Requests that had to wait because the hard ceiling was reached. */
  get throttled(): number {
    return this.#ceiling.throttled;
  }

  /** True while the loop runs. */
  get running(): boolean {
    return this.#done !== undefined;
  }

  /** Starts the loop (no-op when running). */
  start(): void {
    if (this.#done) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#done = this.#run(abort.signal).finally(() => {
      if (this.#abort === abort) {
        this.#abort = undefined;
        this.#done = undefined;
      }
    });
  }

  /** Stops the loop: aborts the request in flight and resolves when the loop has exited. */
  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#done;
  }

  /** Runs one webwxsync round now (serialised with the loop's own syncs). */
  syncNow(signal?: AbortSignal): Promise<void> {
    return this.#sync(signal ?? this.#abort?.signal ?? new AbortController().signal).then(() => undefined);
  }

  async #run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let netFailures = 0;
    while (!signal.aborted) {
      const started = this.#clock.now();
      let outcome: Outcome = 'ok';
      try {
        outcome = await this.#round(signal);
        if (outcome === 'ok' || outcome === 'empty' || outcome === 'hollow') {
          this.hooks.onRound?.();
          failures = 0;
          netFailures = 0;
        } else if (outcome === 'retry') {
          failures++;
        }
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        if (err instanceof WxNetworkError) {
          netFailures++;
          if (netFailures % this.options.pushFallbackAfter === 0) this.#switchPushHost();
        }
        this.hooks.log.warn({ err: (err as Error).message, failures }, 'sync loop error; backing off');
        this.hooks.onError(err as Error);
        outcome = 'retry';
      }
      if (outcome === 'logout') return;
      if (outcome === 'ok' || outcome === 'empty') this.#storm.progress();
      try {
        if (outcome === 'retry') {
          await sleepOn(this.#clock, backoffDelay(failures, this.options.backoff), signal);
        } else if (outcome === 'empty' || outcome === 'hollow') {
          // Spin guard: a stale key makes synccheck answer instantly with nothing to fetch; never
          // poll faster than this then. (A 25 s long poll that ended empty waits for nothing.)
          // Hollow rounds in a row (nothing new though "new" was announced) back off further.
          const extra = outcome === 'hollow' ? this.#storm.hollow(this.#hollowWhat) : 0;
          const wait = Math.max(extra, this.options.minIntervalMs - (this.#clock.now() - started));
          if (wait > 0) await sleepOn(this.#clock, wait, signal);
        }
      } catch {
        break;
      }
    }
  }

  /** One synccheck (+ syncs). Returns 'retry' for 1205/unknown retcodes, 'empty' when nothing came. */
  async #round(signal: AbortSignal): Promise<Outcome> {
    await this.#beforeRequest(signal);
    const ctx = this.hooks.ctx();
    const keys = this.hooks.keys;
    const key = keys.syncCheckKey ?? keys.syncKey;
    const check = await syncCheck(
      ctx,
      { key, pushHost: this.#pushHost ?? ctx.hosts.push, nonce: this.#nonce++ },
      signal,
    );
    if (check.retcode === 0) {
      if (check.selector !== 0) return this.#sync(signal);
      return 'empty';
    }
    if (LOGOUT_CODES.has(check.retcode)) {
      this.hooks.onLogout(check.retcode, logoutReason(check.retcode, 'synccheck'));
      return 'logout';
    }
    this.hooks.log.warn(
      { retcode: check.retcode },
      check.retcode === 1205 ? 'synccheck throttled (1205)' : 'synccheck: unknown retcode',
    );
    return 'retry';
  }

  /** webwxsync, looping while ContinueFlag is set. Serialised: never two at once. */
  async #sync(signal: AbortSignal): Promise<Outcome> {
    while (this.#syncing) await this.#syncing.catch(() => undefined);
    let outcome: Outcome = 'ok';
    const p = (async () => {
      outcome = await this.#syncRounds(signal);
    })();
    this.#syncing = p;
    try {
      await p;
    } finally {
      if (this.#syncing === p) this.#syncing = undefined;
    }
    return outcome;
  }

  // Backpressure first (the bot can take more), then the hard ceiling.
  async #beforeRequest(signal: AbortSignal): Promise<void> {
    const gate = this.hooks.gate?.();
    if (gate) {
      // stop() must not wait for the handlers: the abort ends the wait.
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason ?? new Error('aborted'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        gate.then(
          () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        );
      });
    }
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
    await this.#ceiling.take(signal);
    this.requests += 1;
    this.#storm.request();
  }

  async #syncRounds(signal: AbortSignal): Promise<Outcome> {
    let delivered = false;
    for (let i = 0; i < this.options.maxContinue; i++) {
      await this.#beforeRequest(signal);
      const ctx = this.hooks.ctx();
      let result: SyncResult;
      try {
        result = await webwxsync(ctx, this.hooks.keys.syncKey, signal);
      } catch (err) {
        if (err instanceof WxApiError && err.ret !== undefined && LOGOUT_CODES.has(err.ret)) {
          this.hooks.onLogout(err.ret, logoutReason(err.ret, 'webwxsync'));
          return 'logout';
        }
        if (err instanceof WxApiError && err.ret !== undefined) {
          this.hooks.log.warn({ ret: err.ret }, 'webwxsync refused; backing off');
          return 'retry';
        }
        throw err;
      }
      this.#applyKeys(ctx, result);
      let fresh: boolean | undefined = false;
      try {
        fresh = await this.hooks.onBatch(result);
      } catch (err) {
        this.hooks.onError(err as Error);
      }
      if (fresh === undefined) {
        fresh =
          result.AddMsgList.length > 0 ||
          result.ModContactList.length > 0 ||
          result.DelContactList.length > 0;
      }
      if (fresh) delivered = true;
      if (result.ContinueFlag === 0 || signal.aborted) break;
      if (!fresh) {
        // "There is more" with nothing new: do not loop on it; the round is hollow and backs off.
        this.#hollowWhat = 'ContinueFlag set with nothing new';
        return delivered ? 'ok' : 'hollow';
      }
    }
    if (!delivered) this.#hollowWhat = 'only messages it delivered before';
    return delivered ? 'ok' : 'hollow';
  }

  #applyKeys(ctx: ApiContext, r: SyncResult): void {
    const keys = this.hooks.keys;
    let changed = false;
    if (isUsableSyncKey(r.SyncKey)) {
      keys.syncKey = r.SyncKey;
      changed = true;
    }
    if (r.SyncCheckKey && isUsableSyncKey(r.SyncCheckKey)) {
      keys.syncCheckKey = r.SyncCheckKey;
      changed = true;
    }
    if (r.SKey) {
      ctx.creds.skey = r.SKey;
      changed = true;
    }
    if (changed) this.hooks.onKeys();
  }

  #switchPushHost(): void {
    const current = this.#pushHost ?? this.hooks.ctx().hosts.push;
    this.#pushHost = alternatePushHost(current);
    this.hooks.log.warn({ pushHost: this.#pushHost }, 'switching push host after repeated network errors');
  }
}
