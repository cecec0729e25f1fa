/**
 * What a fault does to a matching request.
 * - `reset`: destroy the socket without answering.
 * - `http`: answer with this HTTP status (e.g. 500, 502, 503) and a short body.
 * - `delay`: wait `ms` before handling the request normally.
 * - `retcode`: synccheck answers `window.synccheck={retcode:"N",selector:"0"}` (1100/1101/1102/1205…).
 * - `ret`: a JSON endpoint answers `{"BaseResponse":{"Ret":N,"ErrMsg":""}}`.
 * - `malformed`: a truncated, unparsable body with status 200.
 * - `selector`: synccheck answers `retcode:"0",selector:"N"` at once, whatever the key (a server
 *   that always says "new messages").
 * - `stale`: webwxsync answers the `back` events before the posted SyncKey again and hands the
 *   posted key back unchanged (a stale-SyncKey backlog: what it delivers was delivered before).
 * - `continue`: webwxsync answers empty lists with ContinueFlag 1 and the posted key (a server
 *   stuck on "there is more").
 */
export type FaultAction =
  | { type: 'reset' }
  | { type: 'http'; status: number }
  | { type: 'delay'; ms: number }
  | { type: 'retcode'; code: number }
  | { type: 'ret'; code: number }
  | { type: 'malformed' }
  | { type: 'selector'; selector: number }
  | { type: 'stale'; back: number }
  | { type: 'continue' };

/** A fault switch. */
export interface FaultRule {
  /** Endpoint name (`synccheck`, `webwxsync`, `webwxsendmsg`, `login`, `qrcode`…) or `'*'` for all. */
  endpoint: string;
  action: FaultAction;
  /** Apply to the next N matching calls, then disappear (default: until cleared). */
  times?: number;
}

/** A fault switch as listed by {@link Faults.list}. */
export interface ActiveFault extends FaultRule {
  readonly id: number;
  /** Calls still to be hit (`undefined` = until cleared). */
  remaining: number | undefined;
  hits: number;
}

/**
 * The fault switches of a simulator (`sim.faults`). Each switch applies to one endpoint or all, for the
 * next N calls or until cleared. Control-API calls (`/__sim/…`) are never affected.
 *
 * @example
 * sim.faults.synccheckRetcode(1101, { times: 1 });   // next synccheck says "logged in elsewhere"
 * sim.faults.http('webwxsync', 503, { times: 2 });   // two 503s, then normal again
 * const id = sim.faults.add({ endpoint: '*', action: { type: 'delay', ms: 200 } });
 * sim.faults.clear(id);
 */
export class Faults {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a switch; returns its id. */
  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: rule.times, hits: 0 });
    return id;
  }

  /** Clears one switch by id, or all when no id is given. */
  clear(id?: number): void {
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
  }

  /** The active switches. */
  list(): readonly ActiveFault[] {
    return this.rules;
  }

  /** Drops the connection of the next matching calls. */
  reset(endpoint = '*', opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'reset' }, ...opts });
  }

  /** Answers matching calls with an HTTP error status. */
  http(endpoint: string, status: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'http', status }, ...opts });
  }

  /** Delays matching calls by `ms`. */
  delay(endpoint: string, ms: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'delay', ms }, ...opts });
  }

  /** Makes synccheck answer a retcode (1100, 1101, 1102, 1205…). */
  synccheckRetcode(code: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'synccheck', action: { type: 'retcode', code }, ...opts });
  }

  /** Makes a JSON endpoint (default `webwxsync`) answer `BaseResponse.Ret = code`. */
  ret(code: number, opts: { endpoint?: string; times?: number } = {}): number {
    return this.add({
      endpoint: opts.endpoint ?? 'webwxsync',
      action: { type: 'ret', code },
      times: opts.times,
    });
  }

  /** Answers matching calls with a truncated, unparsable body. */
  malformed(endpoint: string, opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'malformed' }, ...opts });
  }

  /** Makes synccheck answer "new messages" (`selector`, default 2) at once, whatever the key. */
  alwaysNew(opts: { selector?: number; times?: number } = {}): number {
    return this.add({
      endpoint: 'synccheck',
      action: { type: 'selector', selector: opts.selector ?? 2 },
      times: opts.times,
    });
  }

  /**
   * Makes webwxsync answer the `back` events before the posted key again (already delivered) and
   * keep the key where it was: a stale-SyncKey backlog. With `times: 1` it is one replayed batch.
   */
  staleSync(back: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'webwxsync', action: { type: 'stale', back }, ...opts });
  }

  /** Makes webwxsync answer empty lists with ContinueFlag 1 (and the same key). */
  continueForever(opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'webwxsync', action: { type: 'continue' }, ...opts });
  }

  /**
   * Takes the actions that apply to one call of `endpoint` (consuming their counters). Delays come first;
   * at most one terminal action (the oldest) is returned.
   */
  take(endpoint: string): { delayMs: number; terminal: FaultAction | undefined } {
    let delayMs = 0;
    let terminal: FaultAction | undefined;
    for (const r of this.rules) {
      if (r.endpoint !== '*' && r.endpoint !== endpoint) continue;
      if (r.action.type === 'delay') delayMs += r.action.ms;
      else if (terminal) continue;
      else if ((r.action.type === 'retcode' || r.action.type === 'selector') && endpoint !== 'synccheck')
        continue;
      else if ((r.action.type === 'stale' || r.action.type === 'continue') && endpoint !== 'webwxsync')
        continue;
      else terminal = r.action;
      r.hits++;
      if (r.remaining !== undefined) r.remaining--;
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return { delayMs, terminal };
  }
}
