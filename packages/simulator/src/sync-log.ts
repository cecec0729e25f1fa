import { randomInt } from 'node:crypto';
import type { WireMessageRecord, WireSyncKey } from './wire/index.js';

/** One thing waiting to be delivered by `webwxsync`. */
export type SyncEvent =
  | {
      readonly pos: number;
      readonly type: 'msg';
      readonly selector: number;
      readonly record: WireMessageRecord;
    }
  | { readonly pos: number; readonly type: 'mod'; readonly selector: number; readonly wxid: string }
  | { readonly pos: number; readonly type: 'del'; readonly selector: number; readonly userName: string }
  | { readonly pos: number; readonly type: 'profile'; readonly selector: number };

/** An event before it gets its position. */
export type NewSyncEvent = SyncEvent extends infer E ? (E extends SyncEvent ? Omit<E, 'pos'> : never) : never;

const INIT_KEYS = [1, 2, 3, 1000] as const;
const SYNC_KEYS = [1, 2, 3, 11, 13, 201, 203, 1000, 1001, 1002] as const;

/**
 * The account's SyncKey counters. They belong to the account, not to one login: a new session
 * continues where the last one stopped, so a key saved by the previous session still names a
 * position the server knows (see docs/protocol-notes.md, "SyncKey across logins").
 */
export class AccountSyncCounters {
  /** Key bases, fixed for the account's lifetime. */
  readonly bases: Readonly<Record<number, number>>;
  /** Highest position handed out so far, over all sessions. */
  head = 0;

  constructor(firstLoginTs: number) {
    const b = () => randomInt(700_000_000, 760_000_000);
    this.bases = {
      1: b(),
      2: b(),
      3: b(),
      11: b(),
      13: b(),
      201: firstLoginTs,
      203: firstLoginTs - 3065,
      1000: firstLoginTs - 8550,
      1001: firstLoginTs - 8520,
      1002: firstLoginTs - 28934,
    };
  }
}

/**
 * A session's ordered log of sync events with SyncKey encoding. Every key the simulator hands out
 * encodes an account-wide position (in key 2), so an old ("stale") key re-delivers what came after
 * it, and a key from the account's previous session is understood as "before this session".
 */
export class SyncLog {
  private events: SyncEvent[] = [];
  private head: number;
  /** The account position this session started at (nothing before it is retained here). */
  readonly start: number;
  /** Highest position a client has synced from (used for the init SyncKey on resume). */
  acked: number;
  private readonly bases: Readonly<Record<number, number>>;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly limit: number,
    private readonly counters: AccountSyncCounters,
  ) {
    this.bases = counters.bases;
    this.head = counters.head;
    this.start = counters.head;
    this.acked = counters.head;
  }

  /** Current head position (number of events ever appended). */
  get position(): number {
    return this.head;
  }

  /** Appends an event and wakes held synccheck requests. */
  append(e: NewSyncEvent): SyncEvent {
    const ev = { ...e, pos: ++this.head } as SyncEvent;
    this.counters.head = Math.max(this.counters.head, this.head);
    this.events.push(ev);
    // Drop the oldest in chunks, not one splice per append (that made every append O(backlog)).
    if (this.events.length > this.limit + Math.max(16, this.limit >>> 3)) {
      this.events.splice(0, this.events.length - this.limit);
    }
    if (this.waiters.size > 0) for (const w of [...this.waiters]) w();
    return ev;
  }

  /**
   * Index of the first retained event after `pos`. Positions are consecutive (one per append), so
   * this is arithmetic, not a scan: a sync costs the same with 100 or 100,000 events retained.
   */
  private firstAfter(pos: number): number {
    const first = this.head - this.events.length + 1;
    // Only the newest `limit` events count as retained (a few more may await the chunked trim).
    const oldest = Math.max(first, this.head - this.limit + 1);
    return Math.max(pos + 1, oldest) - first;
  }

  /** Events after `pos`, at most `max`, plus whether more remain. */
  after(pos: number, max: number): { events: SyncEvent[]; more: boolean } {
    const start = this.firstAfter(pos);
    const end = Math.min(this.events.length, start + max);
    return { events: this.events.slice(start, end), more: this.events.length > end };
  }

  /** The selector synccheck reports for events after `pos` ("0" when none). */
  selectorAfter(pos: number): number {
    let best = 0;
    for (let i = this.firstAfter(pos); i < this.events.length; i++) {
      const e = this.events[i] as SyncEvent;
      if (e.selector === 2) return 2;
      if (best === 0 || e.selector < best) best = e.selector;
    }
    return best;
  }

  /** The key set for a position: 4 keys (init) or the fuller 10-key set (sync). */
  keyFor(pos: number, full: boolean): WireSyncKey {
    const keys = full ? SYNC_KEYS : INIT_KEYS;
    const List = keys.map((Key) => ({ Key, Val: this.valueOf(Key, pos) }));
    return { Count: List.length, List };
  }

  /**
   * Decodes the position from a key list. A key of the account's earlier sessions (before this
   * session's start) means "everything this session has"; `undefined` when the list is not one
   * of the account's keys (no key 2, or a position never handed out). synccheck and webwxsync
   * both use this, so they always agree on what a key means.
   */
  positionOf(list: ReadonlyArray<{ Key: number; Val: number }>): number | undefined {
    const k2 = list.find((k) => k.Key === 2);
    if (!k2) return undefined;
    const pos = k2.Val - (this.bases[2] ?? 0);
    if (!Number.isInteger(pos) || pos < 0 || pos > this.head) return undefined;
    return Math.max(pos, this.start);
  }

  /** Registers a wake-up callback; returns its remover. */
  onAppend(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  /** Wakes every waiter (used when the session ends). */
  wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }

  private valueOf(key: number, pos: number): number {
    const base = this.bases[key] ?? 0;
    if (key === 2 || key === 11) return base + pos;
    if (key === 201) return base + pos;
    return base;
  }
}

/** Parses a synccheck `synckey` query value (`1_123|2_456|…`) into a key list. */
export function parseSyncKeyParam(s: string): Array<{ Key: number; Val: number }> {
  const out: Array<{ Key: number; Val: number }> = [];
  for (const part of s.split('|')) {
    const m = /^(\d+)_(\d+)$/.exec(part.trim());
    if (m) out.push({ Key: Number(m[1]), Val: Number(m[2]) });
  }
  return out;
}

/** Reads a `{Count, List:[{Key,Val}]}` object defensively. */
export function parseSyncKeyObject(v: unknown): Array<{ Key: number; Val: number }> | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const list = (v as { List?: unknown }).List;
  if (!Array.isArray(list)) return undefined;
  const out: Array<{ Key: number; Val: number }> = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') return undefined;
    const { Key, Val } = item as { Key?: unknown; Val?: unknown };
    if (typeof Key !== 'number' || typeof Val !== 'number') return undefined;
    out.push({ Key, Val });
  }
  return out;
}
