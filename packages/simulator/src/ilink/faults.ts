/** Names of the iLink endpoints a fault can target (`'*'` = all of them). */
export type IlinkEndpoint =
  | 'get_bot_qrcode'
  | 'get_qrcode_status'
  | 'getupdates'
  | 'sendmessage'
  | 'getuploadurl'
  | 'getconfig'
  | 'sendtyping'
  | 'notifystart'
  | 'notifystop'
  | 'upload'
  | 'download';

/**
 * What a fault does to a matching call.
 * - `reset`: drop the connection without answering.
 * - `http`: answer this HTTP status (500, 502, 503, 524…) with a short HTML body.
 * - `delay`: wait `ms` (real time), then answer normally.
 * - `errcode`: answer `{"ret":code,"errcode":code,"errmsg":…}` (`-14` = "session timeout").
 * - `rateLimited`: `sendmessage` answers `{"ret":-2,"errmsg":"rate limited"}`.
 * - `early`: `getupdates` answers at once with no messages, without holding.
 * - `noEncryptedParam`: a CDN upload answers 200 without the `x-encrypted-param` header.
 * - `malformed`: a truncated JSON body with status 200.
 */
export type IlinkFaultAction =
  | { type: 'reset' }
  | { type: 'http'; status: number }
  | { type: 'delay'; ms: number }
  | { type: 'errcode'; code: number; errmsg?: string }
  | { type: 'rateLimited' }
  | { type: 'early' }
  | { type: 'noEncryptedParam' }
  | { type: 'malformed' };

/** A fault switch. */
export interface IlinkFaultRule {
  endpoint: IlinkEndpoint | '*';
  action: IlinkFaultAction;
  /** Apply to the next N matching calls, then disappear (default: until cleared). */
  times?: number;
}

/** A switch as listed by {@link IlinkFaults.list}. */
export interface ActiveIlinkFault extends IlinkFaultRule {
  readonly id: number;
  remaining: number | undefined;
  hits: number;
}

const ONLY_FOR: Partial<Record<IlinkFaultAction['type'], readonly IlinkEndpoint[]>> = {
  rateLimited: ['sendmessage'],
  early: ['getupdates'],
  noEncryptedParam: ['upload'],
};

/**
 * The fault switches of an iLink simulator (`sim.faults`). The control API is never affected.
 *
 * @example
 * sim.faults.errcode('getupdates', -14, { times: 1 }); // next poll: session timeout
 * sim.faults.http('upload', 500, { times: 2 });         // two CDN 500s, then normal
 * sim.faults.rateLimited({ times: 3 });
 */
export class IlinkFaults {
  private rules: ActiveIlinkFault[] = [];
  private nextId = 1;

  /** Adds a switch; returns its id. */
  add(rule: IlinkFaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: rule.times, hits: 0 });
    return id;
  }

  /** Clears one switch, or all. */
  clear(id?: number): void {
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
  }

  list(): readonly ActiveIlinkFault[] {
    return this.rules;
  }

  /** Drops the connection. */
  reset(endpoint: IlinkEndpoint | '*' = '*', opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'reset' }, ...opts });
  }

  /** Answers an HTTP error status. */
  http(endpoint: IlinkEndpoint | '*', status: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'http', status }, ...opts });
  }

  /** Slows answers down by `ms`. */
  delay(endpoint: IlinkEndpoint | '*', ms: number, opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'delay', ms }, ...opts });
  }

  /** Business error, e.g. `-14` on the next N calls. */
  errcode(
    endpoint: IlinkEndpoint | '*',
    code: number,
    opts: { times?: number; errmsg?: string } = {},
  ): number {
    const action: IlinkFaultAction =
      opts.errmsg === undefined ? { type: 'errcode', code } : { type: 'errcode', code, errmsg: opts.errmsg };
    return this.add({ endpoint, action, times: opts.times });
  }

  /** `sendmessage` answers "rate limited". */
  rateLimited(opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'sendmessage', action: { type: 'rateLimited' }, ...opts });
  }

  /** `getupdates` returns at once, empty. */
  early(opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'getupdates', action: { type: 'early' }, ...opts });
  }

  /** CDN uploads answer 200 without `x-encrypted-param`. */
  noEncryptedParam(opts: { times?: number } = {}): number {
    return this.add({ endpoint: 'upload', action: { type: 'noEncryptedParam' }, ...opts });
  }

  /** A truncated JSON body. */
  malformed(endpoint: IlinkEndpoint | '*', opts: { times?: number } = {}): number {
    return this.add({ endpoint, action: { type: 'malformed' }, ...opts });
  }

  /** Consumes the switches for one call: summed delays and at most one other action (the oldest). */
  take(endpoint: IlinkEndpoint): { delayMs: number; action: IlinkFaultAction | undefined } {
    let delayMs = 0;
    let action: IlinkFaultAction | undefined;
    for (const r of this.rules) {
      if (r.endpoint !== '*' && r.endpoint !== endpoint) continue;
      const only = ONLY_FOR[r.action.type];
      if (only && !only.includes(endpoint)) continue;
      if (r.action.type === 'delay') delayMs += r.action.ms;
      else if (action) continue;
      else action = r.action;
      r.hits++;
      if (r.remaining !== undefined) r.remaining--;
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return { delayMs, action };
  }
}
