import type { Logger } from 'pino';
import { type Clock, sleep } from '../../../clock/clock.js';
import { WxApiError, WxNetworkError } from '../../../errors.js';
import { type BackoffOptions, backoffDelay } from '../../../retry/backoff.js';
import type { ApiContext } from '../protocol/context.js';
import { alternatePushHost } from '../protocol/hosts.js';
import { isUsableSyncKey } from '../protocol/ids.js';
import { type SyncResult, syncCheck, webwxsync } from '../protocol/sync-api.js';
import type { WireSyncKey } from '../protocol/wire.js';
import { LOGOUT_CODES, logoutReason } from './logout-reason.js';

/** How a round ended: 'empty' = nothing was delivered (the spin guard applies). */
type Outcome = 'ok' | 'empty' | 'retry' | 'logout';

/** Tuning of the receive loop. */
export interface SyncLoopOptions {
  readonly backoff: BackoffOptions;
  /** The clock its pauses (back-off, spin guard) run on. */
  readonly clock: Clock;
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
  /** A webwxsync answer after keys were updated; update contacts and emit. */
  readonly onBatch: (result: SyncResult) => Promise<void>;
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

  constructor(
    private readonly hooks: SyncLoopHooks,
    private readonly options: SyncLoopOptions,
  ) {}

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
      const started = Date.now();
      let outcome: Outcome = 'ok';
      try {
        outcome = await this.#round(signal);
        if (outcome === 'ok' || outcome === 'empty') {
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
      try {
        if (outcome === 'retry') {
          await sleep(this.options.clock, backoffDelay(failures, this.options.backoff), signal);
        } else if (outcome === 'empty') {
          // Spin guard: a stale key makes synccheck answer instantly with nothing to fetch; never
          // poll faster than this then. (A 25 s long poll that ended empty waits for nothing.)
          const wait = this.options.minIntervalMs - (Date.now() - started);
          if (wait > 0) await sleep(this.options.clock, wait, signal);
        }
      } catch {
        break;
      }
    }
  }

  /** One synccheck (+ syncs). Returns 'retry' for 1205/unknown retcodes, 'empty' when nothing came. */
  async #round(signal: AbortSignal): Promise<Outcome> {
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

  async #syncRounds(signal: AbortSignal): Promise<Outcome> {
    let delivered = false;
    for (let i = 0; i < this.options.maxContinue; i++) {
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
      if (
        result.AddMsgList.length > 0 ||
        result.ModContactList.length > 0 ||
        result.DelContactList.length > 0
      ) {
        delivered = true;
      }
      try {
        await this.hooks.onBatch(result);
      } catch (err) {
        this.hooks.onError(err as Error);
      }
      if (result.ContinueFlag === 0 || signal.aborted) break;
    }
    return delivered ? 'ok' : 'empty';
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
